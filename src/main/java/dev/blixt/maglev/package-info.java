/**
 * Maglev consistent hashing: builds the lookup table that maps a flow hash to a backend, the same on
 * every node for the same inputs.
 */
@NullMarked
package dev.blixt.maglev;

import org.jspecify.annotations.NullMarked;
