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
 * The 12-byte header of every BTF type (linux/btf.h).
 *
 * <p>{@code struct btf_type} from {@code <linux/btf.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class btf_type {

    private btf_type() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_INT.withName("name_off"),
        libbpf_h.C_INT.withName("info"),
        MemoryLayout.unionLayout(
            libbpf_h.C_INT.withName("size"),
            libbpf_h.C_INT.withName("type")
        ).withName("$anon0")
    ).withName("btf_type");

    /**
     * The layout of this struct.
     *
     * @return the layout
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt name_off$LAYOUT = (OfInt) $LAYOUT.select(groupElement("name_off"));

    /**
     * Layout of field {@code __u32 name_off}.
     *
     * @return the field's layout
     */
    public static final OfInt name_off$layout() {
        return name_off$LAYOUT;
    }

    private static final long name_off$OFFSET = $LAYOUT.byteOffset(groupElement("name_off"));

    /**
     * Offset of field {@code __u32 name_off}.
     *
     * @return the byte offset in the struct
     */
    public static final long name_off$offset() {
        return name_off$OFFSET;
    }

    /**
     * Getter for field {@code __u32 name_off}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int name_off(MemorySegment struct) {
        return struct.get(name_off$LAYOUT, name_off$OFFSET);
    }

    /**
     * Setter for field {@code __u32 name_off}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void name_off(MemorySegment struct, int fieldValue) {
        struct.set(name_off$LAYOUT, name_off$OFFSET, fieldValue);
    }

    private static final OfInt info$LAYOUT = (OfInt) $LAYOUT.select(groupElement("info"));

    /**
     * Layout of field {@code __u32 info}.
     *
     * @return the field's layout
     */
    public static final OfInt info$layout() {
        return info$LAYOUT;
    }

    private static final long info$OFFSET = $LAYOUT.byteOffset(groupElement("info"));

    /**
     * Offset of field {@code __u32 info}.
     *
     * @return the byte offset in the struct
     */
    public static final long info$offset() {
        return info$OFFSET;
    }

    /**
     * Getter for field {@code __u32 info}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int info(MemorySegment struct) {
        return struct.get(info$LAYOUT, info$OFFSET);
    }

    /**
     * Setter for field {@code __u32 info}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void info(MemorySegment struct, int fieldValue) {
        struct.set(info$LAYOUT, info$OFFSET, fieldValue);
    }

    private static final OfInt size$LAYOUT = (OfInt) $LAYOUT.select(groupElement("$anon0"), groupElement("size"));

    /**
     * Layout of field {@code __u32 size}.
     *
     * @return the field's layout
     */
    public static final OfInt size$layout() {
        return size$LAYOUT;
    }

    private static final long size$OFFSET = $LAYOUT.byteOffset(groupElement("$anon0"), groupElement("size"));

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

    private static final OfInt type$LAYOUT = (OfInt) $LAYOUT.select(groupElement("$anon0"), groupElement("type"));

    /**
     * Layout of field {@code __u32 type}.
     *
     * @return the field's layout
     */
    public static final OfInt type$layout() {
        return type$LAYOUT;
    }

    private static final long type$OFFSET = $LAYOUT.byteOffset(groupElement("$anon0"), groupElement("type"));

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
     * @return {@code sizeof(struct btf_type)}
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
