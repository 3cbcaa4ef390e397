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
 * The leading fields of the kernel's description of a link (linux/bpf.h); the kernel accepts a shorter buffer. Only the leading fields are declared; pass {@link #sizeof()} as the info length.
 *
 * <p>{@code struct bpf_link_info} from {@code <linux/bpf.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class bpf_link_info {

    private bpf_link_info() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_INT.withName("type"),
        libbpf_h.C_INT.withName("id"),
        libbpf_h.C_INT.withName("prog_id"),
        MemoryLayout.paddingLayout(4),
        MemoryLayout.unionLayout(
            MemoryLayout.structLayout(
                libbpf_h.C_INT.withName("ifindex")
            ).withName("xdp")
        ).withName("$anon0")
    ).withName("bpf_link_info");

    /**
     * The layout of this struct.
     *
     * @return the layout
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt type$LAYOUT = (OfInt) $LAYOUT.select(groupElement("type"));

    /**
     * Layout of field {@code __u32 type}.
     *
     * @return the field's layout
     */
    public static final OfInt type$layout() {
        return type$LAYOUT;
    }

    private static final long type$OFFSET = $LAYOUT.byteOffset(groupElement("type"));

    /**
     * Offset of field {@code __u32 type}.
     *
     * @return the byte offset in the struct
     */
    public static final long type$offset() {
        return type$OFFSET;
    }

    /**
     * Getter for field {@code __u32 type}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int type(MemorySegment struct) {
        return struct.get(type$LAYOUT, type$OFFSET);
    }

    /**
     * Setter for field {@code __u32 type}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void type(MemorySegment struct, int fieldValue) {
        struct.set(type$LAYOUT, type$OFFSET, fieldValue);
    }

    private static final OfInt id$LAYOUT = (OfInt) $LAYOUT.select(groupElement("id"));

    /**
     * Layout of field {@code __u32 id}.
     *
     * @return the field's layout
     */
    public static final OfInt id$layout() {
        return id$LAYOUT;
    }

    private static final long id$OFFSET = $LAYOUT.byteOffset(groupElement("id"));

    /**
     * Offset of field {@code __u32 id}.
     *
     * @return the byte offset in the struct
     */
    public static final long id$offset() {
        return id$OFFSET;
    }

    /**
     * Getter for field {@code __u32 id}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int id(MemorySegment struct) {
        return struct.get(id$LAYOUT, id$OFFSET);
    }

    /**
     * Setter for field {@code __u32 id}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void id(MemorySegment struct, int fieldValue) {
        struct.set(id$LAYOUT, id$OFFSET, fieldValue);
    }

    private static final OfInt prog_id$LAYOUT = (OfInt) $LAYOUT.select(groupElement("prog_id"));

    /**
     * Layout of field {@code __u32 prog_id}.
     *
     * @return the field's layout
     */
    public static final OfInt prog_id$layout() {
        return prog_id$LAYOUT;
    }

    private static final long prog_id$OFFSET = $LAYOUT.byteOffset(groupElement("prog_id"));

    /**
     * Offset of field {@code __u32 prog_id}.
     *
     * @return the byte offset in the struct
     */
    public static final long prog_id$offset() {
        return prog_id$OFFSET;
    }

    /**
     * Getter for field {@code __u32 prog_id}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int prog_id(MemorySegment struct) {
        return struct.get(prog_id$LAYOUT, prog_id$OFFSET);
    }

    /**
     * Setter for field {@code __u32 prog_id}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void prog_id(MemorySegment struct, int fieldValue) {
        struct.set(prog_id$LAYOUT, prog_id$OFFSET, fieldValue);
    }

    private static final GroupLayout xdp$LAYOUT = (GroupLayout) $LAYOUT.select(groupElement("$anon0"), groupElement("xdp"));

    /**
     * Layout of field {@code xdp}.
     *
     * @return the field's layout
     */
    public static final GroupLayout xdp$layout() {
        return xdp$LAYOUT;
    }

    private static final long xdp$OFFSET = $LAYOUT.byteOffset(groupElement("$anon0"), groupElement("xdp"));

    /**
     * Offset of field {@code xdp}.
     *
     * @return the byte offset in the struct
     */
    public static final long xdp$offset() {
        return xdp$OFFSET;
    }

    /**
     * Getter for field {@code xdp}: a slice of the struct.
     *
     * @param struct the struct
     * @return the field's bytes, sharing memory with the struct
     */
    public static MemorySegment xdp(MemorySegment struct) {
        return struct.asSlice(xdp$OFFSET, xdp$LAYOUT.byteSize());
    }

    /**
     * Setter for field {@code xdp}: copies the bytes in.
     *
     * @param struct the struct
     * @param fieldValue the new bytes
     */
    public static void xdp(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, xdp$OFFSET, xdp$LAYOUT.byteSize());
    }

    /** The nested struct {@code xdp}; accessors take the slice returned by {@link #xdp(MemorySegment)}. */
    public static final class xdp {
        private xdp() {}

        private static final GroupLayout $LAYOUT = xdp$LAYOUT;

        /**
         * The layout of the nested struct.
         *
         * @return the layout
         */
        public static GroupLayout layout() {
            return $LAYOUT;
        }

        private static final OfInt ifindex$LAYOUT = (OfInt) $LAYOUT.select(groupElement("ifindex"));

        /**
         * Layout of field {@code __u32 xdp.ifindex}.
         *
         * @return the field's layout
         */
        public static final OfInt ifindex$layout() {
            return ifindex$LAYOUT;
        }

        private static final long ifindex$OFFSET = $LAYOUT.byteOffset(groupElement("ifindex"));

        /**
         * Offset of field {@code __u32 xdp.ifindex}.
         *
         * @return the byte offset in the struct
         */
        public static final long ifindex$offset() {
            return ifindex$OFFSET;
        }

        /**
         * Getter for field {@code __u32 xdp.ifindex}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static int ifindex(MemorySegment struct) {
            return struct.get(ifindex$LAYOUT, ifindex$OFFSET);
        }

        /**
         * Setter for field {@code __u32 xdp.ifindex}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void ifindex(MemorySegment struct, int fieldValue) {
            struct.set(ifindex$LAYOUT, ifindex$OFFSET, fieldValue);
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
     * @return {@code sizeof(struct bpf_link_info)}
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
