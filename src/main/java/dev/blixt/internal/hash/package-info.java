/** Internal to the library; not exported. */
@NullMarked
package dev.blixt.internal.hash;

import org.jspecify.annotations.NullMarked;
