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
 * In/out arguments of {@code bpf_prog_test_run_opts} (bpf.h).
 *
 * <p>{@code struct bpf_test_run_opts} from {@code <bpf/bpf.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class bpf_test_run_opts {

    private bpf_test_run_opts() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_LONG.withName("sz"),
        libbpf_h.C_POINTER.withName("data_in"),
        libbpf_h.C_POINTER.withName("data_out"),
        libbpf_h.C_INT.withName("data_size_in"),
        libbpf_h.C_INT.withName("data_size_out"),
        libbpf_h.C_POINTER.withName("ctx_in"),
        libbpf_h.C_POINTER.withName("ctx_out"),
        libbpf_h.C_INT.withName("ctx_size_in"),
        libbpf_h.C_INT.withName("ctx_size_out"),
        libbpf_h.C_INT.withName("retval"),
        libbpf_h.C_INT.withName("repeat"),
        libbpf_h.C_INT.withName("duration"),
        libbpf_h.C_INT.withName("flags"),
        libbpf_h.C_INT.withName("cpu"),
        libbpf_h.C_INT.withName("batch_size")
    ).withName("bpf_test_run_opts");

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

    private static final AddressLayout data_in$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("data_in"));

    /**
     * Layout of field {@code void * data_in}.
     *
     * @return the field's layout
     */
    public static final AddressLayout data_in$layout() {
        return data_in$LAYOUT;
    }

    private static final long data_in$OFFSET = $LAYOUT.byteOffset(groupElement("data_in"));

    /**
     * Offset of field {@code void * data_in}.
     *
     * @return the byte offset in the struct
     */
    public static final long data_in$offset() {
        return data_in$OFFSET;
    }

    /**
     * Getter for field {@code void * data_in}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static MemorySegment data_in(MemorySegment struct) {
        return struct.get(data_in$LAYOUT, data_in$OFFSET);
    }

    /**
     * Setter for field {@code void * data_in}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void data_in(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(data_in$LAYOUT, data_in$OFFSET, fieldValue);
    }

    private static final AddressLayout data_out$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("data_out"));

    /**
     * Layout of field {@code void * data_out}.
     *
     * @return the field's layout
     */
    public static final AddressLayout data_out$layout() {
        return data_out$LAYOUT;
    }

    private static final long data_out$OFFSET = $LAYOUT.byteOffset(groupElement("data_out"));

    /**
     * Offset of field {@code void * data_out}.
     *
     * @return the byte offset in the struct
     */
    public static final long data_out$offset() {
        return data_out$OFFSET;
    }

    /**
     * Getter for field {@code void * data_out}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static MemorySegment data_out(MemorySegment struct) {
        return struct.get(data_out$LAYOUT, data_out$OFFSET);
    }

    /**
     * Setter for field {@code void * data_out}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void data_out(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(data_out$LAYOUT, data_out$OFFSET, fieldValue);
    }

    private static final OfInt data_size_in$LAYOUT = (OfInt) $LAYOUT.select(groupElement("data_size_in"));

    /**
     * Layout of field {@code __u32 data_size_in}.
     *
     * @return the field's layout
     */
    public static final OfInt data_size_in$layout() {
        return data_size_in$LAYOUT;
    }

    private static final long data_size_in$OFFSET = $LAYOUT.byteOffset(groupElement("data_size_in"));

    /**
     * Offset of field {@code __u32 data_size_in}.
     *
     * @return the byte offset in the struct
     */
    public static final long data_size_in$offset() {
        return data_size_in$OFFSET;
    }

    /**
     * Getter for field {@code __u32 data_size_in}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int data_size_in(MemorySegment struct) {
        return struct.get(data_size_in$LAYOUT, data_size_in$OFFSET);
    }

    /**
     * Setter for field {@code __u32 data_size_in}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void data_size_in(MemorySegment struct, int fieldValue) {
        struct.set(data_size_in$LAYOUT, data_size_in$OFFSET, fieldValue);
    }

    private static final OfInt data_size_out$LAYOUT = (OfInt) $LAYOUT.select(groupElement("data_size_out"));

    /**
     * Layout of field {@code __u32 data_size_out}.
     *
     * @return the field's layout
     */
    public static final OfInt data_size_out$layout() {
        return data_size_out$LAYOUT;
    }

    private static final long data_size_out$OFFSET = $LAYOUT.byteOffset(groupElement("data_size_out"));

    /**
     * Offset of field {@code __u32 data_size_out}.
     *
     * @return the byte offset in the struct
     */
    public static final long data_size_out$offset() {
        return data_size_out$OFFSET;
    }

    /**
     * Getter for field {@code __u32 data_size_out}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int data_size_out(MemorySegment struct) {
        return struct.get(data_size_out$LAYOUT, data_size_out$OFFSET);
    }

    /**
     * Setter for field {@code __u32 data_size_out}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void data_size_out(MemorySegment struct, int fieldValue) {
        struct.set(data_size_out$LAYOUT, data_size_out$OFFSET, fieldValue);
    }

    private static final AddressLayout ctx_in$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("ctx_in"));

    /**
     * Layout of field {@code void * ctx_in}.
     *
     * @return the field's layout
     */
    public static final AddressLayout ctx_in$layout() {
        return ctx_in$LAYOUT;
    }

    private static final long ctx_in$OFFSET = $LAYOUT.byteOffset(groupElement("ctx_in"));

    /**
     * Offset of field {@code void * ctx_in}.
     *
     * @return the byte offset in the struct
     */
    public static final long ctx_in$offset() {
        return ctx_in$OFFSET;
    }

    /**
     * Getter for field {@code void * ctx_in}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static MemorySegment ctx_in(MemorySegment struct) {
        return struct.get(ctx_in$LAYOUT, ctx_in$OFFSET);
    }

    /**
     * Setter for field {@code void * ctx_in}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void ctx_in(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(ctx_in$LAYOUT, ctx_in$OFFSET, fieldValue);
    }

    private static final AddressLayout ctx_out$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("ctx_out"));

    /**
     * Layout of field {@code void * ctx_out}.
     *
     * @return the field's layout
     */
    public static final AddressLayout ctx_out$layout() {
        return ctx_out$LAYOUT;
    }

    private static final long ctx_out$OFFSET = $LAYOUT.byteOffset(groupElement("ctx_out"));

    /**
     * Offset of field {@code void * ctx_out}.
     *
     * @return the byte offset in the struct
     */
    public static final long ctx_out$offset() {
        return ctx_out$OFFSET;
    }

    /**
     * Getter for field {@code void * ctx_out}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static MemorySegment ctx_out(MemorySegment struct) {
        return struct.get(ctx_out$LAYOUT, ctx_out$OFFSET);
    }

    /**
     * Setter for field {@code void * ctx_out}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void ctx_out(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(ctx_out$LAYOUT, ctx_out$OFFSET, fieldValue);
    }

    private static final OfInt ctx_size_in$LAYOUT = (OfInt) $LAYOUT.select(groupElement("ctx_size_in"));

    /**
     * Layout of field {@code __u32 ctx_size_in}.
     *
     * @return the field's layout
     */
    public static final OfInt ctx_size_in$layout() {
        return ctx_size_in$LAYOUT;
    }

    private static final long ctx_size_in$OFFSET = $LAYOUT.byteOffset(groupElement("ctx_size_in"));

    /**
     * Offset of field {@code __u32 ctx_size_in}.
     *
     * @return the byte offset in the struct
     */
    public static final long ctx_size_in$offset() {
        return ctx_size_in$OFFSET;
    }

    /**
     * Getter for field {@code __u32 ctx_size_in}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int ctx_size_in(MemorySegment struct) {
        return struct.get(ctx_size_in$LAYOUT, ctx_size_in$OFFSET);
    }

    /**
     * Setter for field {@code __u32 ctx_size_in}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void ctx_size_in(MemorySegment struct, int fieldValue) {
        struct.set(ctx_size_in$LAYOUT, ctx_size_in$OFFSET, fieldValue);
    }

    private static final OfInt ctx_size_out$LAYOUT = (OfInt) $LAYOUT.select(groupElement("ctx_size_out"));

    /**
     * Layout of field {@code __u32 ctx_size_out}.
     *
     * @return the field's layout
     */
    public static final OfInt ctx_size_out$layout() {
        return ctx_size_out$LAYOUT;
    }

    private static final long ctx_size_out$OFFSET = $LAYOUT.byteOffset(groupElement("ctx_size_out"));

    /**
     * Offset of field {@code __u32 ctx_size_out}.
     *
     * @return the byte offset in the struct
     */
    public static final long ctx_size_out$offset() {
        return ctx_size_out$OFFSET;
    }

    /**
     * Getter for field {@code __u32 ctx_size_out}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int ctx_size_out(MemorySegment struct) {
        return struct.get(ctx_size_out$LAYOUT, ctx_size_out$OFFSET);
    }

    /**
     * Setter for field {@code __u32 ctx_size_out}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void ctx_size_out(MemorySegment struct, int fieldValue) {
        struct.set(ctx_size_out$LAYOUT, ctx_size_out$OFFSET, fieldValue);
    }

    private static final OfInt retval$LAYOUT = (OfInt) $LAYOUT.select(groupElement("retval"));

    /**
     * Layout of field {@code __u32 retval}.
     *
     * @return the field's layout
     */
    public static final OfInt retval$layout() {
        return retval$LAYOUT;
    }

    private static final long retval$OFFSET = $LAYOUT.byteOffset(groupElement("retval"));

    /**
     * Offset of field {@code __u32 retval}.
     *
     * @return the byte offset in the struct
     */
    public static final long retval$offset() {
        return retval$OFFSET;
    }

    /**
     * Getter for field {@code __u32 retval}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int retval(MemorySegment struct) {
        return struct.get(retval$LAYOUT, retval$OFFSET);
    }

    /**
     * Setter for field {@code __u32 retval}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void retval(MemorySegment struct, int fieldValue) {
        struct.set(retval$LAYOUT, retval$OFFSET, fieldValue);
    }

    private static final OfInt repeat$LAYOUT = (OfInt) $LAYOUT.select(groupElement("repeat"));

    /**
     * Layout of field {@code int repeat}.
     *
     * @return the field's layout
     */
    public static final OfInt repeat$layout() {
        return repeat$LAYOUT;
    }

    private static final long repeat$OFFSET = $LAYOUT.byteOffset(groupElement("repeat"));

    /**
     * Offset of field {@code int repeat}.
     *
     * @return the byte offset in the struct
     */
    public static final long repeat$offset() {
        return repeat$OFFSET;
    }

    /**
     * Getter for field {@code int repeat}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int repeat(MemorySegment struct) {
        return struct.get(repeat$LAYOUT, repeat$OFFSET);
    }

    /**
     * Setter for field {@code int repeat}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void repeat(MemorySegment struct, int fieldValue) {
        struct.set(repeat$LAYOUT, repeat$OFFSET, fieldValue);
    }

    private static final OfInt duration$LAYOUT = (OfInt) $LAYOUT.select(groupElement("duration"));

    /**
     * Layout of field {@code __u32 duration}.
     *
     * @return the field's layout
     */
    public static final OfInt duration$layout() {
        return duration$LAYOUT;
    }

    private static final long duration$OFFSET = $LAYOUT.byteOffset(groupElement("duration"));

    /**
     * Offset of field {@code __u32 duration}.
     *
     * @return the byte offset in the struct
     */
    public static final long duration$offset() {
        return duration$OFFSET;
    }

    /**
     * Getter for field {@code __u32 duration}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int duration(MemorySegment struct) {
        return struct.get(duration$LAYOUT, duration$OFFSET);
    }

    /**
     * Setter for field {@code __u32 duration}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void duration(MemorySegment struct, int fieldValue) {
        struct.set(duration$LAYOUT, duration$OFFSET, fieldValue);
    }

    private static final OfInt flags$LAYOUT = (OfInt) $LAYOUT.select(groupElement("flags"));

    /**
     * Layout of field {@code __u32 flags}.
     *
     * @return the field's layout
     */
    public static final OfInt flags$layout() {
        return flags$LAYOUT;
    }

    private static final long flags$OFFSET = $LAYOUT.byteOffset(groupElement("flags"));

    /**
     * Offset of field {@code __u32 flags}.
     *
     * @return the byte offset in the struct
     */
    public static final long flags$offset() {
        return flags$OFFSET;
    }

    /**
     * Getter for field {@code __u32 flags}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int flags(MemorySegment struct) {
        return struct.get(flags$LAYOUT, flags$OFFSET);
    }

    /**
     * Setter for field {@code __u32 flags}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void flags(MemorySegment struct, int fieldValue) {
        struct.set(flags$LAYOUT, flags$OFFSET, fieldValue);
    }

    private static final OfInt cpu$LAYOUT = (OfInt) $LAYOUT.select(groupElement("cpu"));

    /**
     * Layout of field {@code __u32 cpu}.
     *
     * @return the field's layout
     */
    public static final OfInt cpu$layout() {
        return cpu$LAYOUT;
    }

    private static final long cpu$OFFSET = $LAYOUT.byteOffset(groupElement("cpu"));

    /**
     * Offset of field {@code __u32 cpu}.
     *
     * @return the byte offset in the struct
     */
    public static final long cpu$offset() {
        return cpu$OFFSET;
    }

    /**
     * Getter for field {@code __u32 cpu}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int cpu(MemorySegment struct) {
        return struct.get(cpu$LAYOUT, cpu$OFFSET);
    }

    /**
     * Setter for field {@code __u32 cpu}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void cpu(MemorySegment struct, int fieldValue) {
        struct.set(cpu$LAYOUT, cpu$OFFSET, fieldValue);
    }

    private static final OfInt batch_size$LAYOUT = (OfInt) $LAYOUT.select(groupElement("batch_size"));

    /**
     * Layout of field {@code __u32 batch_size}.
     *
     * @return the field's layout
     */
    public static final OfInt batch_size$layout() {
        return batch_size$LAYOUT;
    }

    private static final long batch_size$OFFSET = $LAYOUT.byteOffset(groupElement("batch_size"));

    /**
     * Offset of field {@code __u32 batch_size}.
     *
     * @return the byte offset in the struct
     */
    public static final long batch_size$offset() {
        return batch_size$OFFSET;
    }

    /**
     * Getter for field {@code __u32 batch_size}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int batch_size(MemorySegment struct) {
        return struct.get(batch_size$LAYOUT, batch_size$OFFSET);
    }

    /**
     * Setter for field {@code __u32 batch_size}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void batch_size(MemorySegment struct, int fieldValue) {
        struct.set(batch_size$LAYOUT, batch_size$OFFSET, fieldValue);
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
     * @return {@code sizeof(struct bpf_test_run_opts)}
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
