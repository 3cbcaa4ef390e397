/**
 * The data-plane API: open a {@code Dataplane}, route VIPs to backends, read counters.
 */
@NullMarked
package dev.blixt;

import org.jspecify.annotations.NullMarked;
