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
 * One variable of a BTF DATASEC: type id, offset and size (linux/btf.h).
 *
 * <p>{@code struct btf_var_secinfo} from {@code <linux/btf.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class btf_var_secinfo {

    private btf_var_secinfo() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_INT.withName("type"),
        libbpf_h.C_INT.withName("offset"),
        libbpf_h.C_INT.withName("size")
    ).withName("btf_var_secinfo");

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

    private static final OfInt offset$LAYOUT = (OfInt) $LAYOUT.select(groupElement("offset"));

    /**
     * Layout of field {@code __u32 offset}.
     *
     * @return the field's layout
     */
    public static final OfInt offset$layout() {
        return offset$LAYOUT;
    }

    private static final long offset$OFFSET = $LAYOUT.byteOffset(groupElement("offset"));

    /**
     * Offset of field {@code __u32 offset}.
     *
     * @return the byte offset in the struct
     */
    public static final long offset$offset() {
        return offset$OFFSET;
    }

    /**
     * Getter for field {@code __u32 offset}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int offset(MemorySegment struct) {
        return struct.get(offset$LAYOUT, offset$OFFSET);
    }

    /**
     * Setter for field {@code __u32 offset}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void offset(MemorySegment struct, int fieldValue) {
        struct.set(offset$LAYOUT, offset$OFFSET, fieldValue);
    }

    private static final OfInt size$LAYOUT = (OfInt) $LAYOUT.select(groupElement("size"));

    /**
     * Layout of field {@code __u32 size}.
     *
     * @return the field's layout
     */
    public static final OfInt size$layout() {
        return size$LAYOUT;
    }

    private static final long size$OFFSET = $LAYOUT.byteOffset(groupElement("size"));

    /**
     * Offset of field {@code __u32 size}.
     *
     * @return the byte offset in the struct
     */
    public static final long size$offset() {
        return size$OFFSET;
    }

    /**
     * Getter for field {@code __u32 size}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int size(MemorySegment struct) {
        return struct.get(size$LAYOUT, size$OFFSET);
    }

    /**
     * Setter for field {@code __u32 size}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void size(MemorySegment struct, int fieldValue) {
        struct.set(size$LAYOUT, size$OFFSET, fieldValue);
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
     * @return {@code sizeof(struct btf_var_secinfo)}
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
