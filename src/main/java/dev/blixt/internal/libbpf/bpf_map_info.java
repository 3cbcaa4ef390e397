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
 * The kernel's description of a map, from {@code bpf_obj_get_info_by_fd} (linux/bpf.h).
 *
 * <p>{@code struct bpf_map_info} from {@code <linux/bpf.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class bpf_map_info {

    private bpf_map_info() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_INT.withName("type"),
        libbpf_h.C_INT.withName("id"),
        libbpf_h.C_INT.withName("key_size"),
        libbpf_h.C_INT.withName("value_size"),
        libbpf_h.C_INT.withName("max_entries"),
        libbpf_h.C_INT.withName("map_flags"),
        MemoryLayout.sequenceLayout(16, libbpf_h.C_CHAR).withName("name"),
        libbpf_h.C_INT.withName("ifindex"),
        libbpf_h.C_INT.withName("btf_vmlinux_value_type_id"),
        libbpf_h.C_LONG_LONG.withName("netns_dev"),
        libbpf_h.C_LONG_LONG.withName("netns_ino"),
        libbpf_h.C_INT.withName("btf_id"),
        libbpf_h.C_INT.withName("btf_key_type_id"),
        libbpf_h.C_INT.withName("btf_value_type_id"),
        MemoryLayout.paddingLayout(4),
        libbpf_h.C_LONG_LONG.withName("map_extra")
    ).withName("bpf_map_info");

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

    private static final OfInt key_size$LAYOUT = (OfInt) $LAYOUT.select(groupElement("key_size"));

    /**
     * Layout of field {@code __u32 key_size}.
     *
     * @return the field's layout
     */
    public static final OfInt key_size$layout() {
        return key_size$LAYOUT;
    }

    private static final long key_size$OFFSET = $LAYOUT.byteOffset(groupElement("key_size"));

    /**
     * Offset of field {@code __u32 key_size}.
     *
     * @return the byte offset in the struct
     */
    public static final long key_size$offset() {
        return key_size$OFFSET;
    }

    /**
     * Getter for field {@code __u32 key_size}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int key_size(MemorySegment struct) {
        return struct.get(key_size$LAYOUT, key_size$OFFSET);
    }

    /**
     * Setter for field {@code __u32 key_size}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void key_size(MemorySegment struct, int fieldValue) {
        struct.set(key_size$LAYOUT, key_size$OFFSET, fieldValue);
    }

    private static final OfInt value_size$LAYOUT = (OfInt) $LAYOUT.select(groupElement("value_size"));

    /**
     * Layout of field {@code __u32 value_size}.
     *
     * @return the field's layout
     */
    public static final OfInt value_size$layout() {
        return value_size$LAYOUT;
    }

    private static final long value_size$OFFSET = $LAYOUT.byteOffset(groupElement("value_size"));

    /**
     * Offset of field {@code __u32 value_size}.
     *
     * @return the byte offset in the struct
     */
    public static final long value_size$offset() {
        return value_size$OFFSET;
    }

    /**
     * Getter for field {@code __u32 value_size}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int value_size(MemorySegment struct) {
        return struct.get(value_size$LAYOUT, value_size$OFFSET);
    }

    /**
     * Setter for field {@code __u32 value_size}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void value_size(MemorySegment struct, int fieldValue) {
        struct.set(value_size$LAYOUT, value_size$OFFSET, fieldValue);
    }

    private static final OfInt max_entries$LAYOUT = (OfInt) $LAYOUT.select(groupElement("max_entries"));

    /**
     * Layout of field {@code __u32 max_entries}.
     *
     * @return the field's layout
     */
    public static final OfInt max_entries$layout() {
        return max_entries$LAYOUT;
    }

    private static final long max_entries$OFFSET = $LAYOUT.byteOffset(groupElement("max_entries"));

    /**
     * Offset of field {@code __u32 max_entries}.
     *
     * @return the byte offset in the struct
     */
    public static final long max_entries$offset() {
        return max_entries$OFFSET;
    }

    /**
     * Getter for field {@code __u32 max_entries}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int max_entries(MemorySegment struct) {
        return struct.get(max_entries$LAYOUT, max_entries$OFFSET);
    }

    /**
     * Setter for field {@code __u32 max_entries}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void max_entries(MemorySegment struct, int fieldValue) {
        struct.set(max_entries$LAYOUT, max_entries$OFFSET, fieldValue);
    }

    private static final OfInt map_flags$LAYOUT = (OfInt) $LAYOUT.select(groupElement("map_flags"));

    /**
     * Layout of field {@code __u32 map_flags}.
     *
     * @return the field's layout
     */
    public static final OfInt map_flags$layout() {
        return map_flags$LAYOUT;
    }

    private static final long map_flags$OFFSET = $LAYOUT.byteOffset(groupElement("map_flags"));

    /**
     * Offset of field {@code __u32 map_flags}.
     *
     * @return the byte offset in the struct
     */
    public static final long map_flags$offset() {
        return map_flags$OFFSET;
    }

    /**
     * Getter for field {@code __u32 map_flags}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int map_flags(MemorySegment struct) {
        return struct.get(map_flags$LAYOUT, map_flags$OFFSET);
    }

    /**
     * Setter for field {@code __u32 map_flags}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void map_flags(MemorySegment struct, int fieldValue) {
        struct.set(map_flags$LAYOUT, map_flags$OFFSET, fieldValue);
    }

    private static final SequenceLayout name$LAYOUT = (SequenceLayout) $LAYOUT.select(groupElement("name"));

    /**
     * Layout of field {@code name}.
     *
     * @return the field's layout
     */
    public static final SequenceLayout name$layout() {
        return name$LAYOUT;
    }

    private static final long name$OFFSET = $LAYOUT.byteOffset(groupElement("name"));

    /**
     * Offset of field {@code name}.
     *
     * @return the byte offset in the struct
     */
    public static final long name$offset() {
        return name$OFFSET;
    }

    /**
     * Getter for field {@code name}: a slice of the struct.
     *
     * @param struct the struct
     * @return the field's bytes, sharing memory with the struct
     */
    public static MemorySegment name(MemorySegment struct) {
        return struct.asSlice(name$OFFSET, name$LAYOUT.byteSize());
    }

    /**
     * Setter for field {@code name}: copies the bytes in.
     *
     * @param struct the struct
     * @param fieldValue the new bytes
     */
    public static void name(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, name$OFFSET, name$LAYOUT.byteSize());
    }

    private static final OfInt ifindex$LAYOUT = (OfInt) $LAYOUT.select(groupElement("ifindex"));

    /**
     * Layout of field {@code __u32 ifindex}.
     *
     * @return the field's layout
     */
    public static final OfInt ifindex$layout() {
        return ifindex$LAYOUT;
    }

    private static final long ifindex$OFFSET = $LAYOUT.byteOffset(groupElement("ifindex"));

    /**
     * Offset of field {@code __u32 ifindex}.
     *
     * @return the byte offset in the struct
     */
    public static final long ifindex$offset() {
        return ifindex$OFFSET;
    }

    /**
     * Getter for field {@code __u32 ifindex}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int ifindex(MemorySegment struct) {
        return struct.get(ifindex$LAYOUT, ifindex$OFFSET);
    }

    /**
     * Setter for field {@code __u32 ifindex}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void ifindex(MemorySegment struct, int fieldValue) {
        struct.set(ifindex$LAYOUT, ifindex$OFFSET, fieldValue);
    }

    private static final OfInt btf_vmlinux_value_type_id$LAYOUT = (OfInt) $LAYOUT.select(groupElement("btf_vmlinux_value_type_id"));

    /**
     * Layout of field {@code __u32 btf_vmlinux_value_type_id}.
     *
     * @return the field's layout
     */
    public static final OfInt btf_vmlinux_value_type_id$layout() {
        return btf_vmlinux_value_type_id$LAYOUT;
    }

    private static final long btf_vmlinux_value_type_id$OFFSET = $LAYOUT.byteOffset(groupElement("btf_vmlinux_value_type_id"));

    /**
     * Offset of field {@code __u32 btf_vmlinux_value_type_id}.
     *
     * @return the byte offset in the struct
     */
    public static final long btf_vmlinux_value_type_id$offset() {
        return btf_vmlinux_value_type_id$OFFSET;
    }

    /**
     * Getter for field {@code __u32 btf_vmlinux_value_type_id}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int btf_vmlinux_value_type_id(MemorySegment struct) {
        return struct.get(btf_vmlinux_value_type_id$LAYOUT, btf_vmlinux_value_type_id$OFFSET);
    }

    /**
     * Setter for field {@code __u32 btf_vmlinux_value_type_id}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void btf_vmlinux_value_type_id(MemorySegment struct, int fieldValue) {
        struct.set(btf_vmlinux_value_type_id$LAYOUT, btf_vmlinux_value_type_id$OFFSET, fieldValue);
    }

    private static final OfLong netns_dev$LAYOUT = (OfLong) $LAYOUT.select(groupElement("netns_dev"));

    /**
     * Layout of field {@code __u64 netns_dev}.
     *
     * @return the field's layout
     */
    public static final OfLong netns_dev$layout() {
        return netns_dev$LAYOUT;
    }

    private static final long netns_dev$OFFSET = $LAYOUT.byteOffset(groupElement("netns_dev"));

    /**
     * Offset of field {@code __u64 netns_dev}.
     *
     * @return the byte offset in the struct
     */
    public static final long netns_dev$offset() {
        return netns_dev$OFFSET;
    }

    /**
     * Getter for field {@code __u64 netns_dev}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static long netns_dev(MemorySegment struct) {
        return struct.get(netns_dev$LAYOUT, netns_dev$OFFSET);
    }

    /**
     * Setter for field {@code __u64 netns_dev}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void netns_dev(MemorySegment struct, long fieldValue) {
        struct.set(netns_dev$LAYOUT, netns_dev$OFFSET, fieldValue);
    }

    private static final OfLong netns_ino$LAYOUT = (OfLong) $LAYOUT.select(groupElement("netns_ino"));

    /**
     * Layout of field {@code __u64 netns_ino}.
     *
     * @return the field's layout
     */
    public static final OfLong netns_ino$layout() {
        return netns_ino$LAYOUT;
    }

    private static final long netns_ino$OFFSET = $LAYOUT.byteOffset(groupElement("netns_ino"));

    /**
     * Offset of field {@code __u64 netns_ino}.
     *
     * @return the byte offset in the struct
     */
    public static final long netns_ino$offset() {
        return netns_ino$OFFSET;
    }

    /**
     * Getter for field {@code __u64 netns_ino}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static long netns_ino(MemorySegment struct) {
        return struct.get(netns_ino$LAYOUT, netns_ino$OFFSET);
    }

    /**
     * Setter for field {@code __u64 netns_ino}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void netns_ino(MemorySegment struct, long fieldValue) {
        struct.set(netns_ino$LAYOUT, netns_ino$OFFSET, fieldValue);
    }

    private static final OfInt btf_id$LAYOUT = (OfInt) $LAYOUT.select(groupElement("btf_id"));

    /**
     * Layout of field {@code __u32 btf_id}.
     *
     * @return the field's layout
     */
    public static final OfInt btf_id$layout() {
        return btf_id$LAYOUT;
    }

    private static final long btf_id$OFFSET = $LAYOUT.byteOffset(groupElement("btf_id"));

    /**
     * Offset of field {@code __u32 btf_id}.
     *
     * @return the byte offset in the struct
     */
    public static final long btf_id$offset() {
        return btf_id$OFFSET;
    }

    /**
     * Getter for field {@code __u32 btf_id}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int btf_id(MemorySegment struct) {
        return struct.get(btf_id$LAYOUT, btf_id$OFFSET);
    }

    /**
     * Setter for field {@code __u32 btf_id}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void btf_id(MemorySegment struct, int fieldValue) {
        struct.set(btf_id$LAYOUT, btf_id$OFFSET, fieldValue);
    }

    private static final OfInt btf_key_type_id$LAYOUT = (OfInt) $LAYOUT.select(groupElement("btf_key_type_id"));

    /**
     * Layout of field {@code __u32 btf_key_type_id}.
     *
     * @return the field's layout
     */
    public static final OfInt btf_key_type_id$layout() {
        return btf_key_type_id$LAYOUT;
    }

    private static final long btf_key_type_id$OFFSET = $LAYOUT.byteOffset(groupElement("btf_key_type_id"));

    /**
     * Offset of field {@code __u32 btf_key_type_id}.
     *
     * @return the byte offset in the struct
     */
    public static final long btf_key_type_id$offset() {
        return btf_key_type_id$OFFSET;
    }

    /**
     * Getter for field {@code __u32 btf_key_type_id}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int btf_key_type_id(MemorySegment struct) {
        return struct.get(btf_key_type_id$LAYOUT, btf_key_type_id$OFFSET);
    }

    /**
     * Setter for field {@code __u32 btf_key_type_id}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void btf_key_type_id(MemorySegment struct, int fieldValue) {
        struct.set(btf_key_type_id$LAYOUT, btf_key_type_id$OFFSET, fieldValue);
    }

    private static final OfInt btf_value_type_id$LAYOUT = (OfInt) $LAYOUT.select(groupElement("btf_value_type_id"));

    /**
     * Layout of field {@code __u32 btf_value_type_id}.
     *
     * @return the field's layout
     */
    public static final OfInt btf_value_type_id$layout() {
        return btf_value_type_id$LAYOUT;
    }

    private static final long btf_value_type_id$OFFSET = $LAYOUT.byteOffset(groupElement("btf_value_type_id"));

    /**
     * Offset of field {@code __u32 btf_value_type_id}.
     *
     * @return the byte offset in the struct
     */
    public static final long btf_value_type_id$offset() {
        return btf_value_type_id$OFFSET;
    }

    /**
     * Getter for field {@code __u32 btf_value_type_id}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int btf_value_type_id(MemorySegment struct) {
        return struct.get(btf_value_type_id$LAYOUT, btf_value_type_id$OFFSET);
    }

    /**
     * Setter for field {@code __u32 btf_value_type_id}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void btf_value_type_id(MemorySegment struct, int fieldValue) {
        struct.set(btf_value_type_id$LAYOUT, btf_value_type_id$OFFSET, fieldValue);
    }

    private static final OfLong map_extra$LAYOUT = (OfLong) $LAYOUT.select(groupElement("map_extra"));

    /**
     * Layout of field {@code __u64 map_extra}.
     *
     * @return the field's layout
     */
    public static final OfLong map_extra$layout() {
        return map_extra$LAYOUT;
    }

    private static final long map_extra$OFFSET = $LAYOUT.byteOffset(groupElement("map_extra"));

    /**
     * Offset of field {@code __u64 map_extra}.
     *
     * @return the byte offset in the struct
     */
    public static final long map_extra$offset() {
        return map_extra$OFFSET;
    }

    /**
     * Getter for field {@code __u64 map_extra}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static long map_extra(MemorySegment struct) {
        return struct.get(map_extra$LAYOUT, map_extra$OFFSET);
    }

    /**
     * Setter for field {@code __u64 map_extra}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void map_extra(MemorySegment struct, long fieldValue) {
        struct.set(map_extra$LAYOUT, map_extra$OFFSET, fieldValue);
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
     * @return {@code sizeof(struct bpf_map_info)}
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
