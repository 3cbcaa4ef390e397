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
 * Output of {@code bpf_xdp_query}: attached program ids and mode (libbpf.h).
 *
 * <p>{@code struct bpf_xdp_query_opts} from {@code <bpf/libbpf.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class bpf_xdp_query_opts {

    private bpf_xdp_query_opts() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_LONG.withName("sz"),
        libbpf_h.C_INT.withName("prog_id"),
        libbpf_h.C_INT.withName("drv_prog_id"),
        libbpf_h.C_INT.withName("hw_prog_id"),
        libbpf_h.C_INT.withName("skb_prog_id"),
        libbpf_h.C_CHAR.withName("attach_mode"),
        MemoryLayout.paddingLayout(7)
    ).withName("bpf_xdp_query_opts");

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

    private static final OfInt drv_prog_id$LAYOUT = (OfInt) $LAYOUT.select(groupElement("drv_prog_id"));

    /**
     * Layout of field {@code __u32 drv_prog_id}.
     *
     * @return the field's layout
     */
    public static final OfInt drv_prog_id$layout() {
        return drv_prog_id$LAYOUT;
    }

    private static final long drv_prog_id$OFFSET = $LAYOUT.byteOffset(groupElement("drv_prog_id"));

    /**
     * Offset of field {@code __u32 drv_prog_id}.
     *
     * @return the byte offset in the struct
     */
    public static final long drv_prog_id$offset() {
        return drv_prog_id$OFFSET;
    }

    /**
     * Getter for field {@code __u32 drv_prog_id}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int drv_prog_id(MemorySegment struct) {
        return struct.get(drv_prog_id$LAYOUT, drv_prog_id$OFFSET);
    }

    /**
     * Setter for field {@code __u32 drv_prog_id}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void drv_prog_id(MemorySegment struct, int fieldValue) {
        struct.set(drv_prog_id$LAYOUT, drv_prog_id$OFFSET, fieldValue);
    }

    private static final OfInt hw_prog_id$LAYOUT = (OfInt) $LAYOUT.select(groupElement("hw_prog_id"));

    /**
     * Layout of field {@code __u32 hw_prog_id}.
     *
     * @return the field's layout
     */
    public static final OfInt hw_prog_id$layout() {
        return hw_prog_id$LAYOUT;
    }

    private static final long hw_prog_id$OFFSET = $LAYOUT.byteOffset(groupElement("hw_prog_id"));

    /**
     * Offset of field {@code __u32 hw_prog_id}.
     *
     * @return the byte offset in the struct
     */
    public static final long hw_prog_id$offset() {
        return hw_prog_id$OFFSET;
    }

    /**
     * Getter for field {@code __u32 hw_prog_id}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int hw_prog_id(MemorySegment struct) {
        return struct.get(hw_prog_id$LAYOUT, hw_prog_id$OFFSET);
    }

    /**
     * Setter for field {@code __u32 hw_prog_id}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void hw_prog_id(MemorySegment struct, int fieldValue) {
        struct.set(hw_prog_id$LAYOUT, hw_prog_id$OFFSET, fieldValue);
    }

    private static final OfInt skb_prog_id$LAYOUT = (OfInt) $LAYOUT.select(groupElement("skb_prog_id"));

    /**
     * Layout of field {@code __u32 skb_prog_id}.
     *
     * @return the field's layout
     */
    public static final OfInt skb_prog_id$layout() {
        return skb_prog_id$LAYOUT;
    }

    private static final long skb_prog_id$OFFSET = $LAYOUT.byteOffset(groupElement("skb_prog_id"));

    /**
     * Offset of field {@code __u32 skb_prog_id}.
     *
     * @return the byte offset in the struct
     */
    public static final long skb_prog_id$offset() {
        return skb_prog_id$OFFSET;
    }

    /**
     * Getter for field {@code __u32 skb_prog_id}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int skb_prog_id(MemorySegment struct) {
        return struct.get(skb_prog_id$LAYOUT, skb_prog_id$OFFSET);
    }

    /**
     * Setter for field {@code __u32 skb_prog_id}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void skb_prog_id(MemorySegment struct, int fieldValue) {
        struct.set(skb_prog_id$LAYOUT, skb_prog_id$OFFSET, fieldValue);
    }

    private static final OfByte attach_mode$LAYOUT = (OfByte) $LAYOUT.select(groupElement("attach_mode"));

    /**
     * Layout of field {@code unsigned char attach_mode}.
     *
     * @return the field's layout
     */
    public static final OfByte attach_mode$layout() {
        return attach_mode$LAYOUT;
    }

    private static final long attach_mode$OFFSET = $LAYOUT.byteOffset(groupElement("attach_mode"));

    /**
     * Offset of field {@code unsigned char attach_mode}.
     *
     * @return the byte offset in the struct
     */
    public static final long attach_mode$offset() {
        return attach_mode$OFFSET;
    }

    /**
     * Getter for field {@code unsigned char attach_mode}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static byte attach_mode(MemorySegment struct) {
        return struct.get(attach_mode$LAYOUT, attach_mode$OFFSET);
    }

    /**
     * Setter for field {@code unsigned char attach_mode}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void attach_mode(MemorySegment struct, byte fieldValue) {
        struct.set(attach_mode$LAYOUT, attach_mode$OFFSET, fieldValue);
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
     * @return {@code sizeof(struct bpf_xdp_query_opts)}
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
