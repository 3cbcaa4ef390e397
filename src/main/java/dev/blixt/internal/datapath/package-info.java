/**
 * The Java mirror of the eBPF data path's maps (src/main/c/blixt_types.h and blixt_maps.h): layouts, records
 * and codecs for every key and value, and the loader that sizes and configures the object.
 * Internal; not exported.
 */
@NullMarked
package dev.blixt.internal.datapath;

import org.jspecify.annotations.NullMarked;
