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
 * A tc hook point: interface and clsact direction (libbpf.h).
 *
 * <p>{@code struct bpf_tc_hook} from {@code <bpf/libbpf.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class bpf_tc_hook {

    private bpf_tc_hook() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_LONG.withName("sz"),
        libbpf_h.C_INT.withName("ifindex"),
        libbpf_h.C_INT.withName("attach_point"),
        libbpf_h.C_INT.withName("parent"),
        MemoryLayout.paddingLayout(4)
    ).withName("bpf_tc_hook");

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

    private static final OfInt ifindex$LAYOUT = (OfInt) $LAYOUT.select(groupElement("ifindex"));

    /**
     * Layout of field {@code int ifindex}.
     *
     * @return the field's layout
     */
    public static final OfInt ifindex$layout() {
        return ifindex$LAYOUT;
    }

    private static final long ifindex$OFFSET = $LAYOUT.byteOffset(groupElement("ifindex"));

    /**
     * Offset of field {@code int ifindex}.
     *
     * @return the byte offset in the struct
     */
    public static final long ifindex$offset() {
        return ifindex$OFFSET;
    }

    /**
     * Getter for field {@code int ifindex}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int ifindex(MemorySegment struct) {
        return struct.get(ifindex$LAYOUT, ifindex$OFFSET);
    }

    /**
     * Setter for field {@code int ifindex}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void ifindex(MemorySegment struct, int fieldValue) {
        struct.set(ifindex$LAYOUT, ifindex$OFFSET, fieldValue);
    }

    private static final OfInt attach_point$LAYOUT = (OfInt) $LAYOUT.select(groupElement("attach_point"));

    /**
     * Layout of field {@code int attach_point}.
     *
     * @return the field's layout
     */
    public static final OfInt attach_point$layout() {
        return attach_point$LAYOUT;
    }

    private static final long attach_point$OFFSET = $LAYOUT.byteOffset(groupElement("attach_point"));

    /**
     * Offset of field {@code int attach_point}.
     *
     * @return the byte offset in the struct
     */
    public static final long attach_point$offset() {
        return attach_point$OFFSET;
    }

    /**
     * Getter for field {@code int attach_point}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int attach_point(MemorySegment struct) {
        return struct.get(attach_point$LAYOUT, attach_point$OFFSET);
    }

    /**
     * Setter for field {@code int attach_point}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void attach_point(MemorySegment struct, int fieldValue) {
        struct.set(attach_point$LAYOUT, attach_point$OFFSET, fieldValue);
    }

    private static final OfInt parent$LAYOUT = (OfInt) $LAYOUT.select(groupElement("parent"));

    /**
     * Layout of field {@code __u32 parent}.
     *
     * @return the field's layout
     */
    public static final OfInt parent$layout() {
        return parent$LAYOUT;
    }

    private static final long parent$OFFSET = $LAYOUT.byteOffset(groupElement("parent"));

    /**
     * Offset of field {@code __u32 parent}.
     *
     * @return the byte offset in the struct
     */
    public static final long parent$offset() {
        return parent$OFFSET;
    }

    /**
     * Getter for field {@code __u32 parent}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int parent(MemorySegment struct) {
        return struct.get(parent$LAYOUT, parent$OFFSET);
    }

    /**
     * Setter for field {@code __u32 parent}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void parent(MemorySegment struct, int fieldValue) {
        struct.set(parent$LAYOUT, parent$OFFSET, fieldValue);
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
     * @return {@code sizeof(struct bpf_tc_hook)}
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
