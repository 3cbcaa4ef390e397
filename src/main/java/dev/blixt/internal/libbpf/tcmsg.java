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
 * The rtnetlink traffic-control message header (linux/rtnetlink.h).
 *
 * <p>{@code struct tcmsg} from {@code <linux/rtnetlink.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class tcmsg {

    private tcmsg() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_CHAR.withName("tcm_family"),
        libbpf_h.C_CHAR.withName("tcm__pad1"),
        libbpf_h.C_SHORT.withName("tcm__pad2"),
        libbpf_h.C_INT.withName("tcm_ifindex"),
        libbpf_h.C_INT.withName("tcm_handle"),
        libbpf_h.C_INT.withName("tcm_parent"),
        libbpf_h.C_INT.withName("tcm_info")
    ).withName("tcmsg");

    /**
     * The layout of this struct.
     *
     * @return the layout
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfByte tcm_family$LAYOUT = (OfByte) $LAYOUT.select(groupElement("tcm_family"));

    /**
     * Layout of field {@code unsigned char tcm_family}.
     *
     * @return the field's layout
     */
    public static final OfByte tcm_family$layout() {
        return tcm_family$LAYOUT;
    }

    private static final long tcm_family$OFFSET = $LAYOUT.byteOffset(groupElement("tcm_family"));

    /**
     * Offset of field {@code unsigned char tcm_family}.
     *
     * @return the byte offset in the struct
     */
    public static final long tcm_family$offset() {
        return tcm_family$OFFSET;
    }

    /**
     * Getter for field {@code unsigned char tcm_family}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static byte tcm_family(MemorySegment struct) {
        return struct.get(tcm_family$LAYOUT, tcm_family$OFFSET);
    }

    /**
     * Setter for field {@code unsigned char tcm_family}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void tcm_family(MemorySegment struct, byte fieldValue) {
        struct.set(tcm_family$LAYOUT, tcm_family$OFFSET, fieldValue);
    }

    private static final OfByte tcm__pad1$LAYOUT = (OfByte) $LAYOUT.select(groupElement("tcm__pad1"));

    /**
     * Layout of field {@code unsigned char tcm__pad1}.
     *
     * @return the field's layout
     */
    public static final OfByte tcm__pad1$layout() {
        return tcm__pad1$LAYOUT;
    }

    private static final long tcm__pad1$OFFSET = $LAYOUT.byteOffset(groupElement("tcm__pad1"));

    /**
     * Offset of field {@code unsigned char tcm__pad1}.
     *
     * @return the byte offset in the struct
     */
    public static final long tcm__pad1$offset() {
        return tcm__pad1$OFFSET;
    }

    /**
     * Getter for field {@code unsigned char tcm__pad1}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static byte tcm__pad1(MemorySegment struct) {
        return struct.get(tcm__pad1$LAYOUT, tcm__pad1$OFFSET);
    }

    /**
     * Setter for field {@code unsigned char tcm__pad1}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void tcm__pad1(MemorySegment struct, byte fieldValue) {
        struct.set(tcm__pad1$LAYOUT, tcm__pad1$OFFSET, fieldValue);
    }

    private static final OfShort tcm__pad2$LAYOUT = (OfShort) $LAYOUT.select(groupElement("tcm__pad2"));

    /**
     * Layout of field {@code __u16 tcm__pad2}.
     *
     * @return the field's layout
     */
    public static final OfShort tcm__pad2$layout() {
        return tcm__pad2$LAYOUT;
    }

    private static final long tcm__pad2$OFFSET = $LAYOUT.byteOffset(groupElement("tcm__pad2"));

    /**
     * Offset of field {@code __u16 tcm__pad2}.
     *
     * @return the byte offset in the struct
     */
    public static final long tcm__pad2$offset() {
        return tcm__pad2$OFFSET;
    }

    /**
     * Getter for field {@code __u16 tcm__pad2}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static short tcm__pad2(MemorySegment struct) {
        return struct.get(tcm__pad2$LAYOUT, tcm__pad2$OFFSET);
    }

    /**
     * Setter for field {@code __u16 tcm__pad2}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void tcm__pad2(MemorySegment struct, short fieldValue) {
        struct.set(tcm__pad2$LAYOUT, tcm__pad2$OFFSET, fieldValue);
    }

    private static final OfInt tcm_ifindex$LAYOUT = (OfInt) $LAYOUT.select(groupElement("tcm_ifindex"));

    /**
     * Layout of field {@code int tcm_ifindex}.
     *
     * @return the field's layout
     */
    public static final OfInt tcm_ifindex$layout() {
        return tcm_ifindex$LAYOUT;
    }

    private static final long tcm_ifindex$OFFSET = $LAYOUT.byteOffset(groupElement("tcm_ifindex"));

    /**
     * Offset of field {@code int tcm_ifindex}.
     *
     * @return the byte offset in the struct
     */
    public static final long tcm_ifindex$offset() {
        return tcm_ifindex$OFFSET;
    }

    /**
     * Getter for field {@code int tcm_ifindex}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int tcm_ifindex(MemorySegment struct) {
        return struct.get(tcm_ifindex$LAYOUT, tcm_ifindex$OFFSET);
    }

    /**
     * Setter for field {@code int tcm_ifindex}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void tcm_ifindex(MemorySegment struct, int fieldValue) {
        struct.set(tcm_ifindex$LAYOUT, tcm_ifindex$OFFSET, fieldValue);
    }

    private static final OfInt tcm_handle$LAYOUT = (OfInt) $LAYOUT.select(groupElement("tcm_handle"));

    /**
     * Layout of field {@code __u32 tcm_handle}.
     *
     * @return the field's layout
     */
    public static final OfInt tcm_handle$layout() {
        return tcm_handle$LAYOUT;
    }

    private static final long tcm_handle$OFFSET = $LAYOUT.byteOffset(groupElement("tcm_handle"));

    /**
     * Offset of field {@code __u32 tcm_handle}.
     *
     * @return the byte offset in the struct
     */
    public static final long tcm_handle$offset() {
        return tcm_handle$OFFSET;
    }

    /**
     * Getter for field {@code __u32 tcm_handle}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int tcm_handle(MemorySegment struct) {
        return struct.get(tcm_handle$LAYOUT, tcm_handle$OFFSET);
    }

    /**
     * Setter for field {@code __u32 tcm_handle}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void tcm_handle(MemorySegment struct, int fieldValue) {
        struct.set(tcm_handle$LAYOUT, tcm_handle$OFFSET, fieldValue);
    }

    private static final OfInt tcm_parent$LAYOUT = (OfInt) $LAYOUT.select(groupElement("tcm_parent"));

    /**
     * Layout of field {@code __u32 tcm_parent}.
     *
     * @return the field's layout
     */
    public static final OfInt tcm_parent$layout() {
        return tcm_parent$LAYOUT;
    }

    private static final long tcm_parent$OFFSET = $LAYOUT.byteOffset(groupElement("tcm_parent"));

    /**
     * Offset of field {@code __u32 tcm_parent}.
     *
     * @return the byte offset in the struct
     */
    public static final long tcm_parent$offset() {
        return tcm_parent$OFFSET;
    }

    /**
     * Getter for field {@code __u32 tcm_parent}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int tcm_parent(MemorySegment struct) {
        return struct.get(tcm_parent$LAYOUT, tcm_parent$OFFSET);
    }

    /**
     * Setter for field {@code __u32 tcm_parent}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void tcm_parent(MemorySegment struct, int fieldValue) {
        struct.set(tcm_parent$LAYOUT, tcm_parent$OFFSET, fieldValue);
    }

    private static final OfInt tcm_info$LAYOUT = (OfInt) $LAYOUT.select(groupElement("tcm_info"));

    /**
     * Layout of field {@code __u32 tcm_info}.
     *
     * @return the field's layout
     */
    public static final OfInt tcm_info$layout() {
        return tcm_info$LAYOUT;
    }

    private static final long tcm_info$OFFSET = $LAYOUT.byteOffset(groupElement("tcm_info"));

    /**
     * Offset of field {@code __u32 tcm_info}.
     *
     * @return the byte offset in the struct
     */
    public static final long tcm_info$offset() {
        return tcm_info$OFFSET;
    }

    /**
     * Getter for field {@code __u32 tcm_info}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int tcm_info(MemorySegment struct) {
        return struct.get(tcm_info$LAYOUT, tcm_info$OFFSET);
    }

    /**
     * Setter for field {@code __u32 tcm_info}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void tcm_info(MemorySegment struct, int fieldValue) {
        struct.set(tcm_info$LAYOUT, tcm_info$OFFSET, fieldValue);
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
     * @return {@code sizeof(struct tcmsg)}
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
