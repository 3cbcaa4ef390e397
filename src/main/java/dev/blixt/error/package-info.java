/**
 * The library's root exception, {@link dev.blixt.error.DataplaneException}: in a package of its own
 * at the bottom of the layers, so that every layer (the API, the eBPF toolkit, the internals) throws
 * the one type an application catches, without depending on the API package.
 */
@NullMarked
package dev.blixt.error;

import org.jspecify.annotations.NullMarked;
