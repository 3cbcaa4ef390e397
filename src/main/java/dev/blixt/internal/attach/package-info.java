/** Internal to the library; not exported: what is attached to an interface, and who holds it. */
@NullMarked
package dev.blixt.internal.attach;

import org.jspecify.annotations.NullMarked;
