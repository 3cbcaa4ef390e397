package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;

/**
 * Key of the {@code backend_refs} map: ref number {@code index} (at or above
 * {@link Layouts#INLINE_REFS}) of a backend.
 *
 * @param backend the backend as its replies show it
 * @param index the ref number
 */
public record BackendRefKey(BackendKey backend, int index) {
    /** Validates the index. */
    public BackendRefKey {
        if (index < Layouts.INLINE_REFS) {
            throw new IllegalArgumentException("refs below " + Layouts.INLINE_REFS + " are inline, got index " + index);
        }
    }

    /** Writes this key in the layout of {@link Layouts#BACKEND_REF_KEY}. */
    public void encode(MemorySegment dst) {
        dst.fill((byte) 0);
        backend.encode(dst.asSlice(0, Layouts.BACKEND_KEY.byteSize()));
        dst.set(JAVA_INT, Layouts.offset(Layouts.BACKEND_REF_KEY, "index"), index);
    }

    /** Reads a key in the layout of {@link Layouts#BACKEND_REF_KEY}. */
    public static BackendRefKey decode(MemorySegment src) {
        return new BackendRefKey(BackendKey.decode(src.asSlice(0, Layouts.BACKEND_KEY.byteSize())),
                src.get(JAVA_INT, Layouts.offset(Layouts.BACKEND_REF_KEY, "index")));
    }
}
