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
 * A netlink message header (linux/netlink.h).
 *
 * <p>{@code struct nlmsghdr} from {@code <linux/netlink.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class nlmsghdr {

    private nlmsghdr() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_INT.withName("nlmsg_len"),
        libbpf_h.C_SHORT.withName("nlmsg_type"),
        libbpf_h.C_SHORT.withName("nlmsg_flags"),
        libbpf_h.C_INT.withName("nlmsg_seq"),
        libbpf_h.C_INT.withName("nlmsg_pid")
    ).withName("nlmsghdr");

    /**
     * The layout of this struct.
     *
     * @return the layout
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt nlmsg_len$LAYOUT = (OfInt) $LAYOUT.select(groupElement("nlmsg_len"));

    /**
     * Layout of field {@code __u32 nlmsg_len}.
     *
     * @return the field's layout
     */
    public static final OfInt nlmsg_len$layout() {
        return nlmsg_len$LAYOUT;
    }

    private static final long nlmsg_len$OFFSET = $LAYOUT.byteOffset(groupElement("nlmsg_len"));

    /**
     * Offset of field {@code __u32 nlmsg_len}.
     *
     * @return the byte offset in the struct
     */
    public static final long nlmsg_len$offset() {
        return nlmsg_len$OFFSET;
    }

    /**
     * Getter for field {@code __u32 nlmsg_len}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int nlmsg_len(MemorySegment struct) {
        return struct.get(nlmsg_len$LAYOUT, nlmsg_len$OFFSET);
    }

    /**
     * Setter for field {@code __u32 nlmsg_len}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void nlmsg_len(MemorySegment struct, int fieldValue) {
        struct.set(nlmsg_len$LAYOUT, nlmsg_len$OFFSET, fieldValue);
    }

    private static final OfShort nlmsg_type$LAYOUT = (OfShort) $LAYOUT.select(groupElement("nlmsg_type"));

    /**
     * Layout of field {@code __u16 nlmsg_type}.
     *
     * @return the field's layout
     */
    public static final OfShort nlmsg_type$layout() {
        return nlmsg_type$LAYOUT;
    }

    private static final long nlmsg_type$OFFSET = $LAYOUT.byteOffset(groupElement("nlmsg_type"));

    /**
     * Offset of field {@code __u16 nlmsg_type}.
     *
     * @return the byte offset in the struct
     */
    public static final long nlmsg_type$offset() {
        return nlmsg_type$OFFSET;
    }

    /**
     * Getter for field {@code __u16 nlmsg_type}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static short nlmsg_type(MemorySegment struct) {
        return struct.get(nlmsg_type$LAYOUT, nlmsg_type$OFFSET);
    }

    /**
     * Setter for field {@code __u16 nlmsg_type}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void nlmsg_type(MemorySegment struct, short fieldValue) {
        struct.set(nlmsg_type$LAYOUT, nlmsg_type$OFFSET, fieldValue);
    }

    private static final OfShort nlmsg_flags$LAYOUT = (OfShort) $LAYOUT.select(groupElement("nlmsg_flags"));

    /**
     * Layout of field {@code __u16 nlmsg_flags}.
     *
     * @return the field's layout
     */
    public static final OfShort nlmsg_flags$layout() {
        return nlmsg_flags$LAYOUT;
    }

    private static final long nlmsg_flags$OFFSET = $LAYOUT.byteOffset(groupElement("nlmsg_flags"));

    /**
     * Offset of field {@code __u16 nlmsg_flags}.
     *
     * @return the byte offset in the struct
     */
    public static final long nlmsg_flags$offset() {
        return nlmsg_flags$OFFSET;
    }

    /**
     * Getter for field {@code __u16 nlmsg_flags}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static short nlmsg_flags(MemorySegment struct) {
        return struct.get(nlmsg_flags$LAYOUT, nlmsg_flags$OFFSET);
    }

    /**
     * Setter for field {@code __u16 nlmsg_flags}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void nlmsg_flags(MemorySegment struct, short fieldValue) {
        struct.set(nlmsg_flags$LAYOUT, nlmsg_flags$OFFSET, fieldValue);
    }

    private static final OfInt nlmsg_seq$LAYOUT = (OfInt) $LAYOUT.select(groupElement("nlmsg_seq"));

    /**
     * Layout of field {@code __u32 nlmsg_seq}.
     *
     * @return the field's layout
     */
    public static final OfInt nlmsg_seq$layout() {
        return nlmsg_seq$LAYOUT;
    }

    private static final long nlmsg_seq$OFFSET = $LAYOUT.byteOffset(groupElement("nlmsg_seq"));

    /**
     * Offset of field {@code __u32 nlmsg_seq}.
     *
     * @return the byte offset in the struct
     */
    public static final long nlmsg_seq$offset() {
        return nlmsg_seq$OFFSET;
    }

    /**
     * Getter for field {@code __u32 nlmsg_seq}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int nlmsg_seq(MemorySegment struct) {
        return struct.get(nlmsg_seq$LAYOUT, nlmsg_seq$OFFSET);
    }

    /**
     * Setter for field {@code __u32 nlmsg_seq}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void nlmsg_seq(MemorySegment struct, int fieldValue) {
        struct.set(nlmsg_seq$LAYOUT, nlmsg_seq$OFFSET, fieldValue);
    }

    private static final OfInt nlmsg_pid$LAYOUT = (OfInt) $LAYOUT.select(groupElement("nlmsg_pid"));

    /**
     * Layout of field {@code __u32 nlmsg_pid}.
     *
     * @return the field's layout
     */
    public static final OfInt nlmsg_pid$layout() {
        return nlmsg_pid$LAYOUT;
    }

    private static final long nlmsg_pid$OFFSET = $LAYOUT.byteOffset(groupElement("nlmsg_pid"));

    /**
     * Offset of field {@code __u32 nlmsg_pid}.
     *
     * @return the byte offset in the struct
     */
    public static final long nlmsg_pid$offset() {
        return nlmsg_pid$OFFSET;
    }

    /**
     * Getter for field {@code __u32 nlmsg_pid}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int nlmsg_pid(MemorySegment struct) {
        return struct.get(nlmsg_pid$LAYOUT, nlmsg_pid$OFFSET);
    }

    /**
     * Setter for field {@code __u32 nlmsg_pid}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void nlmsg_pid(MemorySegment struct, int fieldValue) {
        struct.set(nlmsg_pid$LAYOUT, nlmsg_pid$OFFSET, fieldValue);
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
     * @return {@code sizeof(struct nlmsghdr)}
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
