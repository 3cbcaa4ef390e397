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
 * A netlink error message payload (linux/netlink.h).
 *
 * <p>{@code struct nlmsgerr} from {@code <linux/netlink.h>}.
 */
@SuppressWarnings({"unused", "restricted"})
public final class nlmsgerr {

    private nlmsgerr() {
        // static accessors only
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        libbpf_h.C_INT.withName("error"),
        MemoryLayout.structLayout(
            libbpf_h.C_INT.withName("nlmsg_len"),
            libbpf_h.C_SHORT.withName("nlmsg_type"),
            libbpf_h.C_SHORT.withName("nlmsg_flags"),
            libbpf_h.C_INT.withName("nlmsg_seq"),
            libbpf_h.C_INT.withName("nlmsg_pid")
        ).withName("msg")
    ).withName("nlmsgerr");

    /**
     * The layout of this struct.
     *
     * @return the layout
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt error$LAYOUT = (OfInt) $LAYOUT.select(groupElement("error"));

    /**
     * Layout of field {@code int error}.
     *
     * @return the field's layout
     */
    public static final OfInt error$layout() {
        return error$LAYOUT;
    }

    private static final long error$OFFSET = $LAYOUT.byteOffset(groupElement("error"));

    /**
     * Offset of field {@code int error}.
     *
     * @return the byte offset in the struct
     */
    public static final long error$offset() {
        return error$OFFSET;
    }

    /**
     * Getter for field {@code int error}.
     *
     * @param struct the struct
     * @return the field's value
     */
    public static int error(MemorySegment struct) {
        return struct.get(error$LAYOUT, error$OFFSET);
    }

    /**
     * Setter for field {@code int error}.
     *
     * @param struct the struct
     * @param fieldValue the new value
     */
    public static void error(MemorySegment struct, int fieldValue) {
        struct.set(error$LAYOUT, error$OFFSET, fieldValue);
    }

    private static final GroupLayout msg$LAYOUT = (GroupLayout) $LAYOUT.select(groupElement("msg"));

    /**
     * Layout of field {@code msg}.
     *
     * @return the field's layout
     */
    public static final GroupLayout msg$layout() {
        return msg$LAYOUT;
    }

    private static final long msg$OFFSET = $LAYOUT.byteOffset(groupElement("msg"));

    /**
     * Offset of field {@code msg}.
     *
     * @return the byte offset in the struct
     */
    public static final long msg$offset() {
        return msg$OFFSET;
    }

    /**
     * Getter for field {@code msg}: a slice of the struct.
     *
     * @param struct the struct
     * @return the field's bytes, sharing memory with the struct
     */
    public static MemorySegment msg(MemorySegment struct) {
        return struct.asSlice(msg$OFFSET, msg$LAYOUT.byteSize());
    }

    /**
     * Setter for field {@code msg}: copies the bytes in.
     *
     * @param struct the struct
     * @param fieldValue the new bytes
     */
    public static void msg(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, msg$OFFSET, msg$LAYOUT.byteSize());
    }

    /** The nested struct {@code msg}; accessors take the slice returned by {@link #msg(MemorySegment)}. */
    public static final class msg {
        private msg() {}

        private static final GroupLayout $LAYOUT = msg$LAYOUT;

        /**
         * The layout of the nested struct.
         *
         * @return the layout
         */
        public static GroupLayout layout() {
            return $LAYOUT;
        }

        private static final OfInt nlmsg_len$LAYOUT = (OfInt) $LAYOUT.select(groupElement("nlmsg_len"));

        /**
         * Layout of field {@code __u32 msg.nlmsg_len}.
         *
         * @return the field's layout
         */
        public static final OfInt nlmsg_len$layout() {
            return nlmsg_len$LAYOUT;
        }

        private static final long nlmsg_len$OFFSET = $LAYOUT.byteOffset(groupElement("nlmsg_len"));

        /**
         * Offset of field {@code __u32 msg.nlmsg_len}.
         *
         * @return the byte offset in the struct
         */
        public static final long nlmsg_len$offset() {
            return nlmsg_len$OFFSET;
        }

        /**
         * Getter for field {@code __u32 msg.nlmsg_len}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static int nlmsg_len(MemorySegment struct) {
            return struct.get(nlmsg_len$LAYOUT, nlmsg_len$OFFSET);
        }

        /**
         * Setter for field {@code __u32 msg.nlmsg_len}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void nlmsg_len(MemorySegment struct, int fieldValue) {
            struct.set(nlmsg_len$LAYOUT, nlmsg_len$OFFSET, fieldValue);
        }

        private static final OfShort nlmsg_type$LAYOUT = (OfShort) $LAYOUT.select(groupElement("nlmsg_type"));

        /**
         * Layout of field {@code __u16 msg.nlmsg_type}.
         *
         * @return the field's layout
         */
        public static final OfShort nlmsg_type$layout() {
            return nlmsg_type$LAYOUT;
        }

        private static final long nlmsg_type$OFFSET = $LAYOUT.byteOffset(groupElement("nlmsg_type"));

        /**
         * Offset of field {@code __u16 msg.nlmsg_type}.
         *
         * @return the byte offset in the struct
         */
        public static final long nlmsg_type$offset() {
            return nlmsg_type$OFFSET;
        }

        /**
         * Getter for field {@code __u16 msg.nlmsg_type}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static short nlmsg_type(MemorySegment struct) {
            return struct.get(nlmsg_type$LAYOUT, nlmsg_type$OFFSET);
        }

        /**
         * Setter for field {@code __u16 msg.nlmsg_type}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void nlmsg_type(MemorySegment struct, short fieldValue) {
            struct.set(nlmsg_type$LAYOUT, nlmsg_type$OFFSET, fieldValue);
        }

        private static final OfShort nlmsg_flags$LAYOUT = (OfShort) $LAYOUT.select(groupElement("nlmsg_flags"));

        /**
         * Layout of field {@code __u16 msg.nlmsg_flags}.
         *
         * @return the field's layout
         */
        public static final OfShort nlmsg_flags$layout() {
            return nlmsg_flags$LAYOUT;
        }

        private static final long nlmsg_flags$OFFSET = $LAYOUT.byteOffset(groupElement("nlmsg_flags"));

        /**
         * Offset of field {@code __u16 msg.nlmsg_flags}.
         *
         * @return the byte offset in the struct
         */
        public static final long nlmsg_flags$offset() {
            return nlmsg_flags$OFFSET;
        }

        /**
         * Getter for field {@code __u16 msg.nlmsg_flags}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static short nlmsg_flags(MemorySegment struct) {
            return struct.get(nlmsg_flags$LAYOUT, nlmsg_flags$OFFSET);
        }

        /**
         * Setter for field {@code __u16 msg.nlmsg_flags}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void nlmsg_flags(MemorySegment struct, short fieldValue) {
            struct.set(nlmsg_flags$LAYOUT, nlmsg_flags$OFFSET, fieldValue);
        }

        private static final OfInt nlmsg_seq$LAYOUT = (OfInt) $LAYOUT.select(groupElement("nlmsg_seq"));

        /**
         * Layout of field {@code __u32 msg.nlmsg_seq}.
         *
         * @return the field's layout
         */
        public static final OfInt nlmsg_seq$layout() {
            return nlmsg_seq$LAYOUT;
        }

        private static final long nlmsg_seq$OFFSET = $LAYOUT.byteOffset(groupElement("nlmsg_seq"));

        /**
         * Offset of field {@code __u32 msg.nlmsg_seq}.
         *
         * @return the byte offset in the struct
         */
        public static final long nlmsg_seq$offset() {
            return nlmsg_seq$OFFSET;
        }

        /**
         * Getter for field {@code __u32 msg.nlmsg_seq}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static int nlmsg_seq(MemorySegment struct) {
            return struct.get(nlmsg_seq$LAYOUT, nlmsg_seq$OFFSET);
        }

        /**
         * Setter for field {@code __u32 msg.nlmsg_seq}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void nlmsg_seq(MemorySegment struct, int fieldValue) {
            struct.set(nlmsg_seq$LAYOUT, nlmsg_seq$OFFSET, fieldValue);
        }

        private static final OfInt nlmsg_pid$LAYOUT = (OfInt) $LAYOUT.select(groupElement("nlmsg_pid"));

        /**
         * Layout of field {@code __u32 msg.nlmsg_pid}.
         *
         * @return the field's layout
         */
        public static final OfInt nlmsg_pid$layout() {
            return nlmsg_pid$LAYOUT;
        }

        private static final long nlmsg_pid$OFFSET = $LAYOUT.byteOffset(groupElement("nlmsg_pid"));

        /**
         * Offset of field {@code __u32 msg.nlmsg_pid}.
         *
         * @return the byte offset in the struct
         */
        public static final long nlmsg_pid$offset() {
            return nlmsg_pid$OFFSET;
        }

        /**
         * Getter for field {@code __u32 msg.nlmsg_pid}.
         *
         * @param struct the struct
         * @return the field's value
         */
        public static int nlmsg_pid(MemorySegment struct) {
            return struct.get(nlmsg_pid$LAYOUT, nlmsg_pid$OFFSET);
        }

        /**
         * Setter for field {@code __u32 msg.nlmsg_pid}.
         *
         * @param struct the struct
         * @param fieldValue the new value
         */
        public static void nlmsg_pid(MemorySegment struct, int fieldValue) {
            struct.set(nlmsg_pid$LAYOUT, nlmsg_pid$OFFSET, fieldValue);
        }
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
     * @return {@code sizeof(struct nlmsgerr)}
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
