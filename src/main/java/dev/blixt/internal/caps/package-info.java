/** Internal to the library; not exported. The process's Linux capabilities, read from procfs. */
@NullMarked
package dev.blixt.internal.caps;

import org.jspecify.annotations.NullMarked;
