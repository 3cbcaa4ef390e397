/** Fault injection for the crash-consistency tests (internal; inert unless a test arms it). */
@NullMarked
package dev.blixt.internal.fault;

import org.jspecify.annotations.NullMarked;
