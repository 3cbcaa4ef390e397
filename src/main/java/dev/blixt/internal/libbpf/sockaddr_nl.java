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
 * A netlink socket address (linux/netlink.h).
 *
 * <p>{@code struct sockaddr_nl} from {@code <linux/netlink.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class sockaddr_nl {

    private sockaddr_nl() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_SHORT.withName("nl_family"),
        libbpf_h.C_SHORT.withName("nl_pad"),
        libbpf_h.C_INT.withName("nl_pid"),
        libbpf_h.C_INT.withName("nl_groups")
    ).withName("sockaddr_nl");

    /**
     * The layout of this struct.
     *
     * @return the layout
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfShort nl_family$LAYOUT = (OfShort) $LAYOUT.select(groupElement("nl_family"));

    /**
     * Layout of field {@code __u16 nl_family}.
     *
     * @return the field's layout
     */
    public static final OfShort nl_family$layout() {
        return nl_family$LAYOUT;
    }

    private static final long nl_family$OFFSET = $LAYOUT.byteOffset(groupElement("nl_family"));

    /**
     * Offset of field {@code __u16 nl_family}.
     *
     * @return the byte offset in the struct
     */
    public static final long nl_family$offset() {
        return nl_family$OFFSET;
    }

    /**
     * Getter for field {@code __u16 nl_family}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static short nl_family(MemorySegment struct) {
        return struct.get(nl_family$LAYOUT, nl_family$OFFSET);
    }

    /**
     * Setter for field {@code __u16 nl_family}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void nl_family(MemorySegment struct, short fieldValue) {
        struct.set(nl_family$LAYOUT, nl_family$OFFSET, fieldValue);
    }

    private static final OfShort nl_pad$LAYOUT = (OfShort) $LAYOUT.select(groupElement("nl_pad"));

    /**
     * Layout of field {@code __u16 nl_pad}.
     *
     * @return the field's layout
     */
    public static final OfShort nl_pad$layout() {
        return nl_pad$LAYOUT;
    }

    private static final long nl_pad$OFFSET = $LAYOUT.byteOffset(groupElement("nl_pad"));

    /**
     * Offset of field {@code __u16 nl_pad}.
     *
     * @return the byte offset in the struct
     */
    public static final long nl_pad$offset() {
        return nl_pad$OFFSET;
    }

    /**
     * Getter for field {@code __u16 nl_pad}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static short nl_pad(MemorySegment struct) {
        return struct.get(nl_pad$LAYOUT, nl_pad$OFFSET);
    }

    /**
     * Setter for field {@code __u16 nl_pad}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void nl_pad(MemorySegment struct, short fieldValue) {
        struct.set(nl_pad$LAYOUT, nl_pad$OFFSET, fieldValue);
    }

    private static final OfInt nl_pid$LAYOUT = (OfInt) $LAYOUT.select(groupElement("nl_pid"));

    /**
     * Layout of field {@code __u32 nl_pid}.
     *
     * @return the field's layout
     */
    public static final OfInt nl_pid$layout() {
        return nl_pid$LAYOUT;
    }

    private static final long nl_pid$OFFSET = $LAYOUT.byteOffset(groupElement("nl_pid"));

    /**
     * Offset of field {@code __u32 nl_pid}.
     *
     * @return the byte offset in the struct
     */
    public static final long nl_pid$offset() {
        return nl_pid$OFFSET;
    }

    /**
     * Getter for field {@code __u32 nl_pid}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int nl_pid(MemorySegment struct) {
        return struct.get(nl_pid$LAYOUT, nl_pid$OFFSET);
    }

    /**
     * Setter for field {@code __u32 nl_pid}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void nl_pid(MemorySegment struct, int fieldValue) {
        struct.set(nl_pid$LAYOUT, nl_pid$OFFSET, fieldValue);
    }

    private static final OfInt nl_groups$LAYOUT = (OfInt) $LAYOUT.select(groupElement("nl_groups"));

    /**
     * Layout of field {@code __u32 nl_groups}.
     *
     * @return the field's layout
     */
    public static final OfInt nl_groups$layout() {
        return nl_groups$LAYOUT;
    }

    private static final long nl_groups$OFFSET = $LAYOUT.byteOffset(groupElement("nl_groups"));

    /**
     * Offset of field {@code __u32 nl_groups}.
     *
     * @return the byte offset in the struct
     */
    public static final long nl_groups$offset() {
        return nl_groups$OFFSET;
    }

    /**
     * Getter for field {@code __u32 nl_groups}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int nl_groups(MemorySegment struct) {
        return struct.get(nl_groups$LAYOUT, nl_groups$OFFSET);
    }

    /**
     * Setter for field {@code __u32 nl_groups}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void nl_groups(MemorySegment struct, int fieldValue) {
        struct.set(nl_groups$LAYOUT, nl_groups$OFFSET, fieldValue);
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
     * @return {@code sizeof(struct sockaddr_nl)}
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
