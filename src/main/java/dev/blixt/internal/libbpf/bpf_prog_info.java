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
 * The leading fields of the kernel's description of a program (linux/bpf.h); the kernel accepts a shorter buffer. Only the leading fields are declared; pass {@link #sizeof()} as the info length.
 *
 * <p>{@code struct bpf_prog_info} from {@code <linux/bpf.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class bpf_prog_info {

    private bpf_prog_info() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_INT.withName("type"),
        libbpf_h.C_INT.withName("id"),
        MemoryLayout.sequenceLayout(8, libbpf_h.C_CHAR).withName("tag"),
        libbpf_h.C_INT.withName("jited_prog_len"),
        libbpf_h.C_INT.withName("xlated_prog_len"),
        libbpf_h.C_LONG_LONG.withName("jited_prog_insns"),
        libbpf_h.C_LONG_LONG.withName("xlated_prog_insns"),
        libbpf_h.C_LONG_LONG.withName("load_time"),
        libbpf_h.C_INT.withName("created_by_uid"),
        libbpf_h.C_INT.withName("nr_map_ids"),
        libbpf_h.C_LONG_LONG.withName("map_ids"),
        MemoryLayout.sequenceLayout(16, libbpf_h.C_CHAR).withName("name"),
        libbpf_h.C_INT.withName("ifindex"),
        MemoryLayout.paddingLayout(4)
    ).withName("bpf_prog_info");

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

    private static final SequenceLayout tag$LAYOUT = (SequenceLayout) $LAYOUT.select(groupElement("tag"));

    /**
     * Layout of field {@code tag}.
     *
     * @return the field's layout
     */
    public static final SequenceLayout tag$layout() {
        return tag$LAYOUT;
    }

    private static final long tag$OFFSET = $LAYOUT.byteOffset(groupElement("tag"));

    /**
     * Offset of field {@code tag}.
     *
     * @return the byte offset in the struct
     */
    public static final long tag$offset() {
        return tag$OFFSET;
    }

    /**
     * Getter for field {@code tag}: a slice of the struct.
     *
     * @param struct the struct
     * @return the field's bytes, sharing memory with the struct
     */
    public static MemorySegment tag(MemorySegment struct) {
        return struct.asSlice(tag$OFFSET, tag$LAYOUT.byteSize());
    }

    /**
     * Setter for field {@code tag}: copies the bytes in.
     *
     * @param struct the struct
     * @param fieldValue the new bytes
     */
    public static void tag(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, tag$OFFSET, tag$LAYOUT.byteSize());
    }

    private static final OfInt jited_prog_len$LAYOUT = (OfInt) $LAYOUT.select(groupElement("jited_prog_len"));

    /**
     * Layout of field {@code __u32 jited_prog_len}.
     *
     * @return the field's layout
     */
    public static final OfInt jited_prog_len$layout() {
        return jited_prog_len$LAYOUT;
    }

    private static final long jited_prog_len$OFFSET = $LAYOUT.byteOffset(groupElement("jited_prog_len"));

    /**
     * Offset of field {@code __u32 jited_prog_len}.
     *
     * @return the byte offset in the struct
     */
    public static final long jited_prog_len$offset() {
        return jited_prog_len$OFFSET;
    }

    /**
     * Getter for field {@code __u32 jited_prog_len}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int jited_prog_len(MemorySegment struct) {
        return struct.get(jited_prog_len$LAYOUT, jited_prog_len$OFFSET);
    }

    /**
     * Setter for field {@code __u32 jited_prog_len}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void jited_prog_len(MemorySegment struct, int fieldValue) {
        struct.set(jited_prog_len$LAYOUT, jited_prog_len$OFFSET, fieldValue);
    }

    private static final OfInt xlated_prog_len$LAYOUT = (OfInt) $LAYOUT.select(groupElement("xlated_prog_len"));

    /**
     * Layout of field {@code __u32 xlated_prog_len}.
     *
     * @return the field's layout
     */
    public static final OfInt xlated_prog_len$layout() {
        return xlated_prog_len$LAYOUT;
    }

    private static final long xlated_prog_len$OFFSET = $LAYOUT.byteOffset(groupElement("xlated_prog_len"));

    /**
     * Offset of field {@code __u32 xlated_prog_len}.
     *
     * @return the byte offset in the struct
     */
    public static final long xlated_prog_len$offset() {
        return xlated_prog_len$OFFSET;
    }

    /**
     * Getter for field {@code __u32 xlated_prog_len}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int xlated_prog_len(MemorySegment struct) {
        return struct.get(xlated_prog_len$LAYOUT, xlated_prog_len$OFFSET);
    }

    /**
     * Setter for field {@code __u32 xlated_prog_len}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void xlated_prog_len(MemorySegment struct, int fieldValue) {
        struct.set(xlated_prog_len$LAYOUT, xlated_prog_len$OFFSET, fieldValue);
    }

    private static final OfLong jited_prog_insns$LAYOUT = (OfLong) $LAYOUT.select(groupElement("jited_prog_insns"));

    /**
     * Layout of field {@code __u64 jited_prog_insns}.
     *
     * @return the field's layout
     */
    public static final OfLong jited_prog_insns$layout() {
        return jited_prog_insns$LAYOUT;
    }

    private static final long jited_prog_insns$OFFSET = $LAYOUT.byteOffset(groupElement("jited_prog_insns"));

    /**
     * Offset of field {@code __u64 jited_prog_insns}.
     *
     * @return the byte offset in the struct
     */
    public static final long jited_prog_insns$offset() {
        return jited_prog_insns$OFFSET;
    }

    /**
     * Getter for field {@code __u64 jited_prog_insns}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static long jited_prog_insns(MemorySegment struct) {
        return struct.get(jited_prog_insns$LAYOUT, jited_prog_insns$OFFSET);
    }

    /**
     * Setter for field {@code __u64 jited_prog_insns}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void jited_prog_insns(MemorySegment struct, long fieldValue) {
        struct.set(jited_prog_insns$LAYOUT, jited_prog_insns$OFFSET, fieldValue);
    }

    private static final OfLong xlated_prog_insns$LAYOUT = (OfLong) $LAYOUT.select(groupElement("xlated_prog_insns"));

    /**
     * Layout of field {@code __u64 xlated_prog_insns}.
     *
     * @return the field's layout
     */
    public static final OfLong xlated_prog_insns$layout() {
        return xlated_prog_insns$LAYOUT;
    }

    private static final long xlated_prog_insns$OFFSET = $LAYOUT.byteOffset(groupElement("xlated_prog_insns"));

    /**
     * Offset of field {@code __u64 xlated_prog_insns}.
     *
     * @return the byte offset in the struct
     */
    public static final long xlated_prog_insns$offset() {
        return xlated_prog_insns$OFFSET;
    }

    /**
     * Getter for field {@code __u64 xlated_prog_insns}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static long xlated_prog_insns(MemorySegment struct) {
        return struct.get(xlated_prog_insns$LAYOUT, xlated_prog_insns$OFFSET);
    }

    /**
     * Setter for field {@code __u64 xlated_prog_insns}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void xlated_prog_insns(MemorySegment struct, long fieldValue) {
        struct.set(xlated_prog_insns$LAYOUT, xlated_prog_insns$OFFSET, fieldValue);
    }

    private static final OfLong load_time$LAYOUT = (OfLong) $LAYOUT.select(groupElement("load_time"));

    /**
     * Layout of field {@code __u64 load_time}.
     *
     * @return the field's layout
     */
    public static final OfLong load_time$layout() {
        return load_time$LAYOUT;
    }

    private static final long load_time$OFFSET = $LAYOUT.byteOffset(groupElement("load_time"));

    /**
     * Offset of field {@code __u64 load_time}.
     *
     * @return the byte offset in the struct
     */
    public static final long load_time$offset() {
        return load_time$OFFSET;
    }

    /**
     * Getter for field {@code __u64 load_time}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static long load_time(MemorySegment struct) {
        return struct.get(load_time$LAYOUT, load_time$OFFSET);
    }

    /**
     * Setter for field {@code __u64 load_time}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void load_time(MemorySegment struct, long fieldValue) {
        struct.set(load_time$LAYOUT, load_time$OFFSET, fieldValue);
    }

    private static final OfInt created_by_uid$LAYOUT = (OfInt) $LAYOUT.select(groupElement("created_by_uid"));

    /**
     * Layout of field {@code __u32 created_by_uid}.
     *
     * @return the field's layout
     */
    public static final OfInt created_by_uid$layout() {
        return created_by_uid$LAYOUT;
    }

    private static final long created_by_uid$OFFSET = $LAYOUT.byteOffset(groupElement("created_by_uid"));

    /**
     * Offset of field {@code __u32 created_by_uid}.
     *
     * @return the byte offset in the struct
     */
    public static final long created_by_uid$offset() {
        return created_by_uid$OFFSET;
    }

    /**
     * Getter for field {@code __u32 created_by_uid}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int created_by_uid(MemorySegment struct) {
        return struct.get(created_by_uid$LAYOUT, created_by_uid$OFFSET);
    }

    /**
     * Setter for field {@code __u32 created_by_uid}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void created_by_uid(MemorySegment struct, int fieldValue) {
        struct.set(created_by_uid$LAYOUT, created_by_uid$OFFSET, fieldValue);
    }

    private static final OfInt nr_map_ids$LAYOUT = (OfInt) $LAYOUT.select(groupElement("nr_map_ids"));

    /**
     * Layout of field {@code __u32 nr_map_ids}.
     *
     * @return the field's layout
     */
    public static final OfInt nr_map_ids$layout() {
        return nr_map_ids$LAYOUT;
    }

    private static final long nr_map_ids$OFFSET = $LAYOUT.byteOffset(groupElement("nr_map_ids"));

    /**
     * Offset of field {@code __u32 nr_map_ids}.
     *
     * @return the byte offset in the struct
     */
    public static final long nr_map_ids$offset() {
        return nr_map_ids$OFFSET;
    }

    /**
     * Getter for field {@code __u32 nr_map_ids}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int nr_map_ids(MemorySegment struct) {
        return struct.get(nr_map_ids$LAYOUT, nr_map_ids$OFFSET);
    }

    /**
     * Setter for field {@code __u32 nr_map_ids}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void nr_map_ids(MemorySegment struct, int fieldValue) {
        struct.set(nr_map_ids$LAYOUT, nr_map_ids$OFFSET, fieldValue);
    }

    private static final OfLong map_ids$LAYOUT = (OfLong) $LAYOUT.select(groupElement("map_ids"));

    /**
     * Layout of field {@code __u64 map_ids}.
     *
     * @return the field's layout
     */
    public static final OfLong map_ids$layout() {
        return map_ids$LAYOUT;
    }

    private static final long map_ids$OFFSET = $LAYOUT.byteOffset(groupElement("map_ids"));

    /**
     * Offset of field {@code __u64 map_ids}.
     *
     * @return the byte offset in the struct
     */
    public static final long map_ids$offset() {
        return map_ids$OFFSET;
    }

    /**
     * Getter for field {@code __u64 map_ids}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static long map_ids(MemorySegment struct) {
        return struct.get(map_ids$LAYOUT, map_ids$OFFSET);
    }

    /**
     * Setter for field {@code __u64 map_ids}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void map_ids(MemorySegment struct, long fieldValue) {
        struct.set(map_ids$LAYOUT, map_ids$OFFSET, fieldValue);
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
     * @return {@code sizeof(struct bpf_prog_info)}
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
