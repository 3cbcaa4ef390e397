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
 * Options of {@code bpf_object__open_mem} / {@code bpf_object__open_file} (libbpf.h).
 *
 * <p>{@code struct bpf_object_open_opts} from {@code <bpf/libbpf.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class bpf_object_open_opts {

    private bpf_object_open_opts() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_LONG.withName("sz"),
        libbpf_h.C_POINTER.withName("object_name"),
        libbpf_h.C_BOOL.withName("relaxed_maps"),
        MemoryLayout.paddingLayout(7),
        libbpf_h.C_POINTER.withName("pin_root_path"),
        MemoryLayout.paddingLayout(4),
        MemoryLayout.paddingLayout(4),
        libbpf_h.C_POINTER.withName("kconfig"),
        libbpf_h.C_POINTER.withName("btf_custom_path"),
        libbpf_h.C_POINTER.withName("kernel_log_buf"),
        libbpf_h.C_LONG.withName("kernel_log_size"),
        libbpf_h.C_INT.withName("kernel_log_level"),
        MemoryLayout.paddingLayout(4)
    ).withName("bpf_object_open_opts");

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

    private static final AddressLayout object_name$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("object_name"));

    /**
     * Layout of field {@code void * object_name}.
     *
     * @return the field's layout
     */
    public static final AddressLayout object_name$layout() {
        return object_name$LAYOUT;
    }

    private static final long object_name$OFFSET = $LAYOUT.byteOffset(groupElement("object_name"));

    /**
     * Offset of field {@code void * object_name}.
     *
     * @return the byte offset in the struct
     */
    public static final long object_name$offset() {
        return object_name$OFFSET;
    }

    /**
     * Getter for field {@code void * object_name}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static MemorySegment object_name(MemorySegment struct) {
        return struct.get(object_name$LAYOUT, object_name$OFFSET);
    }

    /**
     * Setter for field {@code void * object_name}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void object_name(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(object_name$LAYOUT, object_name$OFFSET, fieldValue);
    }

    private static final OfBoolean relaxed_maps$LAYOUT = (OfBoolean) $LAYOUT.select(groupElement("relaxed_maps"));

    /**
     * Layout of field {@code bool relaxed_maps}.
     *
     * @return the field's layout
     */
    public static final OfBoolean relaxed_maps$layout() {
        return relaxed_maps$LAYOUT;
    }

    private static final long relaxed_maps$OFFSET = $LAYOUT.byteOffset(groupElement("relaxed_maps"));

    /**
     * Offset of field {@code bool relaxed_maps}.
     *
     * @return the byte offset in the struct
     */
    public static final long relaxed_maps$offset() {
        return relaxed_maps$OFFSET;
    }

    /**
     * Getter for field {@code bool relaxed_maps}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static boolean relaxed_maps(MemorySegment struct) {
        return struct.get(relaxed_maps$LAYOUT, relaxed_maps$OFFSET);
    }

    /**
     * Setter for field {@code bool relaxed_maps}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void relaxed_maps(MemorySegment struct, boolean fieldValue) {
        struct.set(relaxed_maps$LAYOUT, relaxed_maps$OFFSET, fieldValue);
    }

    private static final AddressLayout pin_root_path$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("pin_root_path"));

    /**
     * Layout of field {@code void * pin_root_path}.
     *
     * @return the field's layout
     */
    public static final AddressLayout pin_root_path$layout() {
        return pin_root_path$LAYOUT;
    }

    private static final long pin_root_path$OFFSET = $LAYOUT.byteOffset(groupElement("pin_root_path"));

    /**
     * Offset of field {@code void * pin_root_path}.
     *
     * @return the byte offset in the struct
     */
    public static final long pin_root_path$offset() {
        return pin_root_path$OFFSET;
    }

    /**
     * Getter for field {@code void * pin_root_path}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static MemorySegment pin_root_path(MemorySegment struct) {
        return struct.get(pin_root_path$LAYOUT, pin_root_path$OFFSET);
    }

    /**
     * Setter for field {@code void * pin_root_path}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void pin_root_path(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(pin_root_path$LAYOUT, pin_root_path$OFFSET, fieldValue);
    }

    private static final AddressLayout kconfig$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("kconfig"));

    /**
     * Layout of field {@code void * kconfig}.
     *
     * @return the field's layout
     */
    public static final AddressLayout kconfig$layout() {
        return kconfig$LAYOUT;
    }

    private static final long kconfig$OFFSET = $LAYOUT.byteOffset(groupElement("kconfig"));

    /**
     * Offset of field {@code void * kconfig}.
     *
     * @return the byte offset in the struct
     */
    public static final long kconfig$offset() {
        return kconfig$OFFSET;
    }

    /**
     * Getter for field {@code void * kconfig}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static MemorySegment kconfig(MemorySegment struct) {
        return struct.get(kconfig$LAYOUT, kconfig$OFFSET);
    }

    /**
     * Setter for field {@code void * kconfig}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void kconfig(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(kconfig$LAYOUT, kconfig$OFFSET, fieldValue);
    }

    private static final AddressLayout btf_custom_path$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("btf_custom_path"));

    /**
     * Layout of field {@code void * btf_custom_path}.
     *
     * @return the field's layout
     */
    public static final AddressLayout btf_custom_path$layout() {
        return btf_custom_path$LAYOUT;
    }

    private static final long btf_custom_path$OFFSET = $LAYOUT.byteOffset(groupElement("btf_custom_path"));

    /**
     * Offset of field {@code void * btf_custom_path}.
     *
     * @return the byte offset in the struct
     */
    public static final long btf_custom_path$offset() {
        return btf_custom_path$OFFSET;
    }

    /**
     * Getter for field {@code void * btf_custom_path}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static MemorySegment btf_custom_path(MemorySegment struct) {
        return struct.get(btf_custom_path$LAYOUT, btf_custom_path$OFFSET);
    }

    /**
     * Setter for field {@code void * btf_custom_path}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void btf_custom_path(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(btf_custom_path$LAYOUT, btf_custom_path$OFFSET, fieldValue);
    }

    private static final AddressLayout kernel_log_buf$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("kernel_log_buf"));

    /**
     * Layout of field {@code void * kernel_log_buf}.
     *
     * @return the field's layout
     */
    public static final AddressLayout kernel_log_buf$layout() {
        return kernel_log_buf$LAYOUT;
    }

    private static final long kernel_log_buf$OFFSET = $LAYOUT.byteOffset(groupElement("kernel_log_buf"));

    /**
     * Offset of field {@code void * kernel_log_buf}.
     *
     * @return the byte offset in the struct
     */
    public static final long kernel_log_buf$offset() {
        return kernel_log_buf$OFFSET;
    }

    /**
     * Getter for field {@code void * kernel_log_buf}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static MemorySegment kernel_log_buf(MemorySegment struct) {
        return struct.get(kernel_log_buf$LAYOUT, kernel_log_buf$OFFSET);
    }

    /**
     * Setter for field {@code void * kernel_log_buf}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void kernel_log_buf(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(kernel_log_buf$LAYOUT, kernel_log_buf$OFFSET, fieldValue);
    }

    private static final OfLong kernel_log_size$LAYOUT = (OfLong) $LAYOUT.select(groupElement("kernel_log_size"));

    /**
     * Layout of field {@code size_t kernel_log_size}.
     *
     * @return the field's layout
     */
    public static final OfLong kernel_log_size$layout() {
        return kernel_log_size$LAYOUT;
    }

    private static final long kernel_log_size$OFFSET = $LAYOUT.byteOffset(groupElement("kernel_log_size"));

    /**
     * Offset of field {@code size_t kernel_log_size}.
     *
     * @return the byte offset in the struct
     */
    public static final long kernel_log_size$offset() {
        return kernel_log_size$OFFSET;
    }

    /**
     * Getter for field {@code size_t kernel_log_size}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static long kernel_log_size(MemorySegment struct) {
        return struct.get(kernel_log_size$LAYOUT, kernel_log_size$OFFSET);
    }

    /**
     * Setter for field {@code size_t kernel_log_size}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void kernel_log_size(MemorySegment struct, long fieldValue) {
        struct.set(kernel_log_size$LAYOUT, kernel_log_size$OFFSET, fieldValue);
    }

    private static final OfInt kernel_log_level$LAYOUT = (OfInt) $LAYOUT.select(groupElement("kernel_log_level"));

    /**
     * Layout of field {@code __u32 kernel_log_level}.
     *
     * @return the field's layout
     */
    public static final OfInt kernel_log_level$layout() {
        return kernel_log_level$LAYOUT;
    }

    private static final long kernel_log_level$OFFSET = $LAYOUT.byteOffset(groupElement("kernel_log_level"));

    /**
     * Offset of field {@code __u32 kernel_log_level}.
     *
     * @return the byte offset in the struct
     */
    public static final long kernel_log_level$offset() {
        return kernel_log_level$OFFSET;
    }

    /**
     * Getter for field {@code __u32 kernel_log_level}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int kernel_log_level(MemorySegment struct) {
        return struct.get(kernel_log_level$LAYOUT, kernel_log_level$OFFSET);
    }

    /**
     * Setter for field {@code __u32 kernel_log_level}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void kernel_log_level(MemorySegment struct, int fieldValue) {
        struct.set(kernel_log_level$LAYOUT, kernel_log_level$OFFSET, fieldValue);
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
     * @return {@code sizeof(struct bpf_object_open_opts)}
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
