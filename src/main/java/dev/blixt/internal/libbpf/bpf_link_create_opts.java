// Bindings for libbpf 1.1 in the shape jextract generates (jextract is not available to the build):
// hand-maintained, guarded by LayoutProbeTest, which compiles src/test/c/layout_probe.c and compares
// sizeof/offsetof with these layouts.
package dev.blixt.internal.libbpf;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.ValueLayout.OfBoolean;
import java.lang.foreign.ValueLayout.OfByte;
import java.lang.foreign.ValueLayout.OfInt;
import java.lang.foreign.ValueLayout.OfLong;
import java.lang.foreign.ValueLayout.OfShort;
import java.util.function.Consumer;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Options of {@code bpf_link_create} (bpf.h).
 *
 * <p>{@code struct bpf_link_create_opts} from {@code <bpf/bpf.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class bpf_link_create_opts {

    private bpf_link_create_opts() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_LONG.withName("sz"),
        libbpf_h.C_INT.withName("flags"),
        MemoryLayout.paddingLayout(4),
        libbpf_h.C_POINTER.withName("iter_info"),
        libbpf_h.C_INT.withName("iter_info_len"),
        libbpf_h.C_INT.withName("target_btf_id"),
        MemoryLayout.unionLayout(
            MemoryLayout.structLayout(
                libbpf_h.C_LONG_LONG.withName("bpf_cookie")
            ).withName("perf_event"),
            MemoryLayout.structLayout(
                libbpf_h.C_INT.withName("flags"),
                libbpf_h.C_INT.withName("cnt"),
                libbpf_h.C_POINTER.withName("syms"),
                libbpf_h.C_POINTER.withName("addrs"),
                libbpf_h.C_POINTER.withName("cookies")
            ).withName("kprobe_multi"),
            MemoryLayout.structLayout(
                libbpf_h.C_LONG_LONG.withName("cookie")
            ).withName("tracing")
        ).withName("$anon0")
    ).withName("bpf_link_create_opts");

    /**
     * The layout of this struct.
     *
     * @return the layout
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfLong sz$LAYOUT = (OfLong) $LAYOUT.select(groupElement("sz"));

    /**
     * Layout of field {@code size_t sz}.
     *
     * @return the field's layout
     */
    public static final OfLong sz$layout() {
        return sz$LAYOUT;
    }

    private static final long sz$OFFSET = $LAYOUT.byteOffset(groupElement("sz"));

    /**
     * Offset of field {@code size_t sz}.
     *
     * @return the byte offset in the struct
     */
    public static final long sz$offset() {
        return sz$OFFSET;
    }

    /**
     * Getter for field {@code size_t sz}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static long sz(MemorySegment struct) {
        return struct.get(sz$LAYOUT, sz$OFFSET);
    }

    /**
     * Setter for field {@code size_t sz}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void sz(MemorySegment struct, long fieldValue) {
        struct.set(sz$LAYOUT, sz$OFFSET, fieldValue);
    }

    private static final OfInt flags$LAYOUT = (OfInt) $LAYOUT.select(groupElement("flags"));

    /**
     * Layout of field {@code __u32 flags}.
     *
     * @return the field's layout
     */
    public static final OfInt flags$layout() {
        return flags$LAYOUT;
    }

    private static final long flags$OFFSET = $LAYOUT.byteOffset(groupElement("flags"));

    /**
     * Offset of field {@code __u32 flags}.
     *
     * @return the byte offset in the struct
     */
    public static final long flags$offset() {
        return flags$OFFSET;
    }

    /**
     * Getter for field {@code __u32 flags}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int flags(MemorySegment struct) {
        return struct.get(flags$LAYOUT, flags$OFFSET);
    }

    /**
     * Setter for field {@code __u32 flags}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void flags(MemorySegment struct, int fieldValue) {
        struct.set(flags$LAYOUT, flags$OFFSET, fieldValue);
    }

    private static final AddressLayout iter_info$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("iter_info"));

    /**
     * Layout of field {@code void * iter_info}.
     *
     * @return the field's layout
     */
    public static final AddressLayout iter_info$layout() {
        return iter_info$LAYOUT;
    }

    private static final long iter_info$OFFSET = $LAYOUT.byteOffset(groupElement("iter_info"));

    /**
     * Offset of field {@code void * iter_info}.
     *
     * @return the byte offset in the struct
     */
    public static final long iter_info$offset() {
        return iter_info$OFFSET;
    }

    /**
     * Getter for field {@code void * iter_info}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static MemorySegment iter_info(MemorySegment struct) {
        return struct.get(iter_info$LAYOUT, iter_info$OFFSET);
    }

    /**
     * Setter for field {@code void * iter_info}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void iter_info(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(iter_info$LAYOUT, iter_info$OFFSET, fieldValue);
    }

    private static final OfInt iter_info_len$LAYOUT = (OfInt) $LAYOUT.select(groupElement("iter_info_len"));

    /**
     * Layout of field {@code __u32 iter_info_len}.
     *
     * @return the field's layout
     */
    public static final OfInt iter_info_len$layout() {
        return iter_info_len$LAYOUT;
    }

    private static final long iter_info_len$OFFSET = $LAYOUT.byteOffset(groupElement("iter_info_len"));

    /**
     * Offset of field {@code __u32 iter_info_len}.
     *
     * @return the byte offset in the struct
     */
    public static final long iter_info_len$offset() {
        return iter_info_len$OFFSET;
    }

    /**
     * Getter for field {@code __u32 iter_info_len}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int iter_info_len(MemorySegment struct) {
        return struct.get(iter_info_len$LAYOUT, iter_info_len$OFFSET);
    }

    /**
     * Setter for field {@code __u32 iter_info_len}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void iter_info_len(MemorySegment struct, int fieldValue) {
        struct.set(iter_info_len$LAYOUT, iter_info_len$OFFSET, fieldValue);
    }

    private static final OfInt target_btf_id$LAYOUT = (OfInt) $LAYOUT.select(groupElement("target_btf_id"));

    /**
     * Layout of field {@code __u32 target_btf_id}.
     *
     * @return the field's layout
     */
    public static final OfInt target_btf_id$layout() {
        return target_btf_id$LAYOUT;
    }

    private static final long target_btf_id$OFFSET = $LAYOUT.byteOffset(groupElement("target_btf_id"));

    /**
     * Offset of field {@code __u32 target_btf_id}.
     *
     * @return the byte offset in the struct
     */
    public static final long target_btf_id$offset() {
        return target_btf_id$OFFSET;
    }

    /**
     * Getter for field {@code __u32 target_btf_id}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int target_btf_id(MemorySegment struct) {
        return struct.get(target_btf_id$LAYOUT, target_btf_id$OFFSET);
    }

    /**
     * Setter for field {@code __u32 target_btf_id}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void target_btf_id(MemorySegment struct, int fieldValue) {
        struct.set(target_btf_id$LAYOUT, target_btf_id$OFFSET, fieldValue);
    }

    private static final GroupLayout perf_event$LAYOUT = (GroupLayout) $LAYOUT.select(groupElement("$anon0"), groupElement("perf_event"));

    /**
     * Layout of field {@code perf_event}.
     *
     * @return the field's layout
     */
    public static final GroupLayout perf_event$layout() {
        return perf_event$LAYOUT;
    }

    private static final long perf_event$OFFSET = $LAYOUT.byteOffset(groupElement("$anon0"), groupElement("perf_event"));

    /**
     * Offset of field {@code perf_event}.
     *
     * @return the byte offset in the struct
     */
    public static final long perf_event$offset() {
        return perf_event$OFFSET;
    }

    /**
     * Getter for field {@code perf_event}: a slice of the struct.
     *
     * @param struct the struct
     * @return the field's bytes, sharing memory with the struct
     */
    public static MemorySegment perf_event(MemorySegment struct) {
        return struct.asSlice(perf_event$OFFSET, perf_event$LAYOUT.byteSize());
    }

    /**
     * Setter for field {@code perf_event}: copies the bytes in.
     *
     * @param struct the struct
     * @param fieldValue the new bytes
     */
    public static void perf_event(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, perf_event$OFFSET, perf_event$LAYOUT.byteSize());
    }

    /** The nested struct {@code perf_event}; accessors take the slice returned by {@link #perf_event(MemorySegment)}. */
    public static final class perf_event {
        private perf_event() {}

        private static final GroupLayout $LAYOUT = perf_event$LAYOUT;

        /**
         * The layout of the nested struct.
         *
         * @return the layout
         */
        public static GroupLayout layout() {
            return $LAYOUT;
        }

        private static final OfLong bpf_cookie$LAYOUT = (OfLong) $LAYOUT.select(groupElement("bpf_cookie"));

        /**
         * Layout of field {@code __u64 perf_event.bpf_cookie}.
         *
         * @return the field's layout
         */
        public static final OfLong bpf_cookie$layout() {
            return bpf_cookie$LAYOUT;
        }

        private static final long bpf_cookie$OFFSET = $LAYOUT.byteOffset(groupElement("bpf_cookie"));

        /**
         * Offset of field {@code __u64 perf_event.bpf_cookie}.
         *
         * @return the byte offset in the struct
         */
        public static final long bpf_cookie$offset() {
            return bpf_cookie$OFFSET;
        }

        /**
         * Getter for field {@code __u64 perf_event.bpf_cookie}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static long bpf_cookie(MemorySegment struct) {
            return struct.get(bpf_cookie$LAYOUT, bpf_cookie$OFFSET);
        }

        /**
         * Setter for field {@code __u64 perf_event.bpf_cookie}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void bpf_cookie(MemorySegment struct, long fieldValue) {
            struct.set(bpf_cookie$LAYOUT, bpf_cookie$OFFSET, fieldValue);
        }
    }

    private static final GroupLayout kprobe_multi$LAYOUT = (GroupLayout) $LAYOUT.select(groupElement("$anon0"), groupElement("kprobe_multi"));

    /**
     * Layout of field {@code kprobe_multi}.
     *
     * @return the field's layout
     */
    public static final GroupLayout kprobe_multi$layout() {
        return kprobe_multi$LAYOUT;
    }

    private static final long kprobe_multi$OFFSET = $LAYOUT.byteOffset(groupElement("$anon0"), groupElement("kprobe_multi"));

    /**
     * Offset of field {@code kprobe_multi}.
     *
     * @return the byte offset in the struct
     */
    public static final long kprobe_multi$offset() {
        return kprobe_multi$OFFSET;
    }

    /**
     * Getter for field {@code kprobe_multi}: a slice of the struct.
     *
     * @param struct the struct
     * @return the field's bytes, sharing memory with the struct
     */
    public static MemorySegment kprobe_multi(MemorySegment struct) {
        return struct.asSlice(kprobe_multi$OFFSET, kprobe_multi$LAYOUT.byteSize());
    }

    /**
     * Setter for field {@code kprobe_multi}: copies the bytes in.
     *
     * @param struct the struct
     * @param fieldValue the new bytes
     */
    public static void kprobe_multi(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, kprobe_multi$OFFSET, kprobe_multi$LAYOUT.byteSize());
    }

    /** The nested struct {@code kprobe_multi}; accessors take the slice returned by {@link #kprobe_multi(MemorySegment)}. */
    public static final class kprobe_multi {
        private kprobe_multi() {}

        private static final GroupLayout $LAYOUT = kprobe_multi$LAYOUT;

        /**
         * The layout of the nested struct.
         *
         * @return the layout
         */
        public static GroupLayout layout() {
            return $LAYOUT;
        }

        private static final OfInt flags$LAYOUT = (OfInt) $LAYOUT.select(groupElement("flags"));

        /**
         * Layout of field {@code __u32 kprobe_multi.flags}.
         *
         * @return the field's layout
         */
        public static final OfInt flags$layout() {
            return flags$LAYOUT;
        }

        private static final long flags$OFFSET = $LAYOUT.byteOffset(groupElement("flags"));

        /**
         * Offset of field {@code __u32 kprobe_multi.flags}.
         *
         * @return the byte offset in the struct
         */
        public static final long flags$offset() {
            return flags$OFFSET;
        }

        /**
         * Getter for field {@code __u32 kprobe_multi.flags}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static int flags(MemorySegment struct) {
            return struct.get(flags$LAYOUT, flags$OFFSET);
        }

        /**
         * Setter for field {@code __u32 kprobe_multi.flags}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void flags(MemorySegment struct, int fieldValue) {
            struct.set(flags$LAYOUT, flags$OFFSET, fieldValue);
        }

        private static final OfInt cnt$LAYOUT = (OfInt) $LAYOUT.select(groupElement("cnt"));

        /**
         * Layout of field {@code __u32 kprobe_multi.cnt}.
         *
         * @return the field's layout
         */
        public static final OfInt cnt$layout() {
            return cnt$LAYOUT;
        }

        private static final long cnt$OFFSET = $LAYOUT.byteOffset(groupElement("cnt"));

        /**
         * Offset of field {@code __u32 kprobe_multi.cnt}.
         *
         * @return the byte offset in the struct
         */
        public static final long cnt$offset() {
            return cnt$OFFSET;
        }

        /**
         * Getter for field {@code __u32 kprobe_multi.cnt}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static int cnt(MemorySegment struct) {
            return struct.get(cnt$LAYOUT, cnt$OFFSET);
        }

        /**
         * Setter for field {@code __u32 kprobe_multi.cnt}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void cnt(MemorySegment struct, int fieldValue) {
            struct.set(cnt$LAYOUT, cnt$OFFSET, fieldValue);
        }

        private static final AddressLayout syms$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("syms"));

        /**
         * Layout of field {@code void * kprobe_multi.syms}.
         *
         * @return the field's layout
         */
        public static final AddressLayout syms$layout() {
            return syms$LAYOUT;
        }

        private static final long syms$OFFSET = $LAYOUT.byteOffset(groupElement("syms"));

        /**
         * Offset of field {@code void * kprobe_multi.syms}.
         *
         * @return the byte offset in the struct
         */
        public static final long syms$offset() {
            return syms$OFFSET;
        }

        /**
         * Getter for field {@code void * kprobe_multi.syms}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static MemorySegment syms(MemorySegment struct) {
            return struct.get(syms$LAYOUT, syms$OFFSET);
        }

        /**
         * Setter for field {@code void * kprobe_multi.syms}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void syms(MemorySegment struct, MemorySegment fieldValue) {
            struct.set(syms$LAYOUT, syms$OFFSET, fieldValue);
        }

        private static final AddressLayout addrs$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("addrs"));

        /**
         * Layout of field {@code void * kprobe_multi.addrs}.
         *
         * @return the field's layout
         */
        public static final AddressLayout addrs$layout() {
            return addrs$LAYOUT;
        }

        private static final long addrs$OFFSET = $LAYOUT.byteOffset(groupElement("addrs"));

        /**
         * Offset of field {@code void * kprobe_multi.addrs}.
         *
         * @return the byte offset in the struct
         */
        public static final long addrs$offset() {
            return addrs$OFFSET;
        }

        /**
         * Getter for field {@code void * kprobe_multi.addrs}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static MemorySegment addrs(MemorySegment struct) {
            return struct.get(addrs$LAYOUT, addrs$OFFSET);
        }

        /**
         * Setter for field {@code void * kprobe_multi.addrs}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void addrs(MemorySegment struct, MemorySegment fieldValue) {
            struct.set(addrs$LAYOUT, addrs$OFFSET, fieldValue);
        }

        private static final AddressLayout cookies$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("cookies"));

        /**
         * Layout of field {@code void * kprobe_multi.cookies}.
         *
         * @return the field's layout
         */
        public static final AddressLayout cookies$layout() {
            return cookies$LAYOUT;
        }

        private static final long cookies$OFFSET = $LAYOUT.byteOffset(groupElement("cookies"));

        /**
         * Offset of field {@code void * kprobe_multi.cookies}.
         *
         * @return the byte offset in the struct
         */
        public static final long cookies$offset() {
            return cookies$OFFSET;
        }

        /**
         * Getter for field {@code void * kprobe_multi.cookies}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static MemorySegment cookies(MemorySegment struct) {
            return struct.get(cookies$LAYOUT, cookies$OFFSET);
        }

        /**
         * Setter for field {@code void * kprobe_multi.cookies}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void cookies(MemorySegment struct, MemorySegment fieldValue) {
            struct.set(cookies$LAYOUT, cookies$OFFSET, fieldValue);
        }
    }

    private static final GroupLayout tracing$LAYOUT = (GroupLayout) $LAYOUT.select(groupElement("$anon0"), groupElement("tracing"));

    /**
     * Layout of field {@code tracing}.
     *
     * @return the field's layout
     */
    public static final GroupLayout tracing$layout() {
        return tracing$LAYOUT;
    }

    private static final long tracing$OFFSET = $LAYOUT.byteOffset(groupElement("$anon0"), groupElement("tracing"));

    /**
     * Offset of field {@code tracing}.
     *
     * @return the byte offset in the struct
     */
    public static final long tracing$offset() {
        return tracing$OFFSET;
    }

    /**
     * Getter for field {@code tracing}: a slice of the struct.
     *
     * @param struct the struct
     * @return the field's bytes, sharing memory with the struct
     */
    public static MemorySegment tracing(MemorySegment struct) {
        return struct.asSlice(tracing$OFFSET, tracing$LAYOUT.byteSize());
    }

    /**
     * Setter for field {@code tracing}: copies the bytes in.
     *
     * @param struct the struct
     * @param fieldValue the new bytes
     */
    public static void tracing(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, tracing$OFFSET, tracing$LAYOUT.byteSize());
    }

    /** The nested struct {@code tracing}; accessors take the slice returned by {@link #tracing(MemorySegment)}. */
    public static final class tracing {
        private tracing() {}

        private static final GroupLayout $LAYOUT = tracing$LAYOUT;

        /**
         * The layout of the nested struct.
         *
         * @return the layout
         */
        public static GroupLayout layout() {
            return $LAYOUT;
        }

        private static final OfLong cookie$LAYOUT = (OfLong) $LAYOUT.select(groupElement("cookie"));

        /**
         * Layout of field {@code __u64 tracing.cookie}.
         *
         * @return the field's layout
         */
        public static final OfLong cookie$layout() {
            return cookie$LAYOUT;
        }

        private static final long cookie$OFFSET = $LAYOUT.byteOffset(groupElement("cookie"));

        /**
         * Offset of field {@code __u64 tracing.cookie}.
         *
         * @return the byte offset in the struct
         */
        public static final long cookie$offset() {
            return cookie$OFFSET;
        }

        /**
         * Getter for field {@code __u64 tracing.cookie}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static long cookie(MemorySegment struct) {
            return struct.get(cookie$LAYOUT, cookie$OFFSET);
        }

        /**
         * Setter for field {@code __u64 tracing.cookie}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void cookie(MemorySegment struct, long fieldValue) {
            struct.set(cookie$LAYOUT, cookie$OFFSET, fieldValue);
        }
    }

    /**
     * Returns a slice of {@code array} at {@code index}, for arrays of this struct.
     *
     * @param array the array
     * @param index the element index
     * @return the element
     */
    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(layout().byteSize() * index);
    }

    /**
     * The size of this struct in bytes.
     *
     * @return {@code sizeof(struct bpf_link_create_opts)}
     */
    public static long sizeof() {
        return layout().byteSize();
    }

    /**
     * Allocates a zeroed struct.
     *
     * @param allocator where to allocate
     * @return the new struct
     */
    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(layout());
    }

    /**
     * Allocates a zeroed array of this struct.
     *
     * @param elementCount the number of elements
     * @param allocator where to allocate
     * @return the new array
     */
    public static MemorySegment allocateArray(long elementCount, SegmentAllocator allocator) {
        return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
    }

    /**
     * Reinterprets a pointer as one struct whose lifetime is the arena's.
     *
     * @param addr the pointer
     * @param arena the arena
     * @param cleanup run when the arena closes, or {@code null}
     * @return the struct
     */
    public static MemorySegment reinterpret(MemorySegment addr, Arena arena, Consumer<MemorySegment> cleanup) {
        return reinterpret(addr, 1, arena, cleanup);
    }

    /**
     * Reinterprets a pointer as an array of this struct whose lifetime is the arena's.
     *
     * @param addr the pointer
     * @param elementCount the number of elements
     * @param arena the arena
     * @param cleanup run when the arena closes, or {@code null}
     * @return the array
     */
    public static MemorySegment reinterpret(MemorySegment addr, long elementCount, Arena arena, Consumer<MemorySegment> cleanup) {
        return addr.reinterpret(layout().byteSize() * elementCount, arena, cleanup);
    }
}
