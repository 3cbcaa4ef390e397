package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Value of the {@code backend_vips} map: how many (VIP id, backend id) refs a backend has, and
 * the first {@link Layouts#INLINE_REFS} of them (the others live in {@code backend_refs}; use
 * {@link Datapath#backendRefs} for the whole list).
 *
 * @param count the number of refs in all
 * @param refs the inline refs: {@code min(count, INLINE_REFS)} of them
 */
public record BackendVips(int count, List<Ref> refs) {
    /**
     * One VIP a backend serves, and the backend's id under that VIP.
     *
     * @param vipId the VIP id
     * @param backendId the backend id
     */
    public record Ref(int vipId, int backendId) {
        /** Writes this ref in the layout of {@link Layouts#BACKEND_REF}. */
        void encode(MemorySegment dst, long offset) {
            dst.set(JAVA_INT, offset, vipId);
            dst.set(JAVA_INT, offset + 4, backendId);
        }

        static Ref decode(MemorySegment src, long offset) {
            return new Ref(src.get(JAVA_INT, offset), src.get(JAVA_INT, offset + 4));
        }
    }

    /** Validates and copies the list. */
    public BackendVips {
        if (refs.size() != Math.min(count, Layouts.INLINE_REFS)) {
            throw new IllegalArgumentException("a backend_vips value with " + count + " refs holds "
                    + Math.min(count, Layouts.INLINE_REFS) + " inline, got " + refs.size());
        }
        refs = List.copyOf(refs);
    }

    /**
     * A value that holds every ref inline.
     *
     * @param refs at most {@link Layouts#INLINE_REFS} refs
     */
    public BackendVips(List<Ref> refs) {
        this(refs.size(), refs);
    }

    /** Writes this value in the layout of {@link Layouts#BACKEND_VIPS}. */
    public void encode(MemorySegment dst) {
        dst.fill((byte) 0);
        dst.set(JAVA_INT, 0, count);
        for (int i = 0; i < refs.size(); i++) refs.get(i).encode(dst, 8 + 8L * i);
    }

    /** Reads a value in the layout of {@link Layouts#BACKEND_VIPS}. */
    public static BackendVips decode(MemorySegment src) {
        int count = Math.max(0, src.get(JAVA_INT, 0));
        int n = Math.min(count, Layouts.INLINE_REFS);
        List<Ref> refs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) refs.add(Ref.decode(src, 8 + 8L * i));
        return new BackendVips(count, refs);
    }

    /** Codec of {@link Ref} as the value of {@code backend_refs}. */
    static void encodeRef(Ref r, MemorySegment dst) {
        r.encode(dst, 0);
    }

    static Ref decodeRef(MemorySegment src) {
        return Ref.decode(src, 0);
    }
}
