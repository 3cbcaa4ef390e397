/** Internal to the library; not exported. */
@NullMarked
package dev.blixt.internal;

import org.jspecify.annotations.NullMarked;
