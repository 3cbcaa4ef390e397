/** Internal to the library; not exported. */
@NullMarked
package dev.blixt.internal.libbpf;

import org.jspecify.annotations.NullMarked;
