/** Internal to the library; not exported. Network-namespace helpers: run code on a thread inside a namespace. */
@NullMarked
package dev.blixt.internal.netns;

import org.jspecify.annotations.NullMarked;
