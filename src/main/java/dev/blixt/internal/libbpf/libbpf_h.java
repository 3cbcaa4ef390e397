// Bindings for libbpf 1.1 in the shape jextract generates (jextract is not available to the build):
// hand-maintained, guarded by LayoutProbeTest, which compiles src/test/c/layout_probe.c and compares
// sizeof/offsetof and the constants below with the C headers.
package dev.blixt.internal.libbpf;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

import dev.blixt.error.DataplaneException;

/**
 * Downcalls into libbpf ({@code libbpf.so.1}), in jextract's shape: per function a lazily
 * initialised holder with {@code $descriptor()}, {@code $handle()} and {@code $address()}, and a
 * static wrapper.
 *
 * <p>Call {@link #requireLibbpf()} before the first downcall: it loads the library and refuses a
 * libbpf older than 1.0 with a {@link DataplaneException} naming the package to install. A symbol
 * missing from the installed libbpf fails only when its function is first called.
 *
 * <p>libbpf 1.x's int-returning functions return {@code -errno}. Pointer-returning functions return
 * NULL and set errno: their wrappers take an {@code errnoState} segment (see
 * {@link #allocateErrnoState(SegmentAllocator)} and {@link #errno(MemorySegment)}) because the JVM may
 * clobber errno between the call and a later read.
 */
@SuppressWarnings({"unused", "restricted", "checkstyle:TypeName"})
public final class libbpf_h {

    private libbpf_h() {
        // static accessors only
    }

    /** {@code bool}. */
    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    /** {@code char}. */
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    /** {@code short}. */
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    /** {@code int}. */
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    /** {@code long} and {@code size_t} (LP64). */
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    /** {@code long long}. */
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    /** A pointer, dereferenceable without bounds (reinterpret it before trusting a size). */
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    /** The linker option that captures errno after a call. */
    static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    /** The layout of the captured call state (holds errno). */
    public static final StructLayout ERRNO_STATE_LAYOUT = Linker.Option.captureStateLayout();

    private static final VarHandle ERRNO_HANDLE =
            ERRNO_STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /**
     * Allocates a segment that receives errno from calls bound with {@code captureCallState}.
     *
     * @param allocator where to allocate
     * @return the segment
     */
    public static MemorySegment allocateErrnoState(SegmentAllocator allocator) {
        return allocator.allocate(ERRNO_STATE_LAYOUT);
    }

    /**
     * Reads errno captured by the last call that received {@code state}.
     *
     * @param state a segment from {@link #allocateErrnoState(SegmentAllocator)}
     * @return errno
     */
    public static int errno(MemorySegment state) {
        return (int) ERRNO_HANDLE.get(state, 0L);
    }

    // ------------------------------------------------------------------ the library

    /** The oldest libbpf major version these bindings accept. */
    public static final int MIN_MAJOR_VERSION = 1;

    private static final String INSTALL_HINT =
            "install libbpf 1.0 or newer: Debian/Ubuntu package 'libbpf1' (>= 1.0), RHEL/Fedora package 'libbpf'";

    /** Where the library was found, or why it was not. */
    private static final class Library {
        static final SymbolLookup LOOKUP;
        static final String ERROR;
        static final String VERSION;

        static {
            SymbolLookup lookup = null;
            String error = null;
            String version = "unknown";
            String override = System.getProperty("blixt.libbpf");
            String[] names = override != null && !override.isBlank()
                    ? new String[] {override}
                    : new String[] {"libbpf.so.1", "libbpf.so"};
            StringBuilder tried = new StringBuilder();
            for (String name : names) {
                try {
                    lookup = SymbolLookup.libraryLookup(name, Arena.global());
                    break;
                } catch (IllegalArgumentException | IllegalCallerException e) {
                    if (!tried.isEmpty()) {
                        tried.append(", ");
                    }
                    tried.append(name).append(" (").append(e.getMessage()).append(')');
                }
            }
            if (lookup == null) {
                error = "libbpf is not installed or not on the library path (tried " + tried + "); " + INSTALL_HINT;
            } else {
                Optional<MemorySegment> major = lookup.find("libbpf_major_version");
                Optional<MemorySegment> minor = lookup.find("libbpf_minor_version");
                if (major.isEmpty() || minor.isEmpty()) {
                    error = "the installed libbpf is older than 0.6 (no libbpf_major_version); " + INSTALL_HINT;
                } else {
                    try {
                        FunctionDescriptor d = FunctionDescriptor.of(C_INT);
                        int ma = (int) Linker.nativeLinker().downcallHandle(major.get(), d).invokeExact();
                        int mi = (int) Linker.nativeLinker().downcallHandle(minor.get(), d).invokeExact();
                        version = ma + "." + mi;
                        if (ma < MIN_MAJOR_VERSION) {
                            error = "the installed libbpf is version " + version + ", older than 1.0; " + INSTALL_HINT;
                        }
                    } catch (Throwable t) {
                        error = "could not call libbpf_major_version: " + t + "; " + INSTALL_HINT;
                    }
                }
            }
            LOOKUP = lookup;
            ERROR = error;
            VERSION = version;
        }
    }

    /**
     * Loads libbpf (once) and checks its version.
     *
     * @return the version, {@code "major.minor"}
     * @throws DataplaneException if libbpf is missing or older than 1.0, naming the package to install
     */
    public static String requireLibbpf() {
        if (Library.ERROR != null) {
            throw new DataplaneException(Library.ERROR);
        }
        return Library.VERSION;
    }

    /**
     * Whether libbpf 1.0+ could be loaded.
     *
     * @return {@code true} if {@link #requireLibbpf()} would succeed
     */
    public static boolean isAvailable() {
        return Library.ERROR == null;
    }

    static MemorySegment findOrThrow(String symbol) {
        requireLibbpf();
        return Library.LOOKUP.find(symbol).orElseThrow(() -> new UnsatisfiedLinkError(
                "libbpf " + Library.VERSION + " has no symbol " + symbol + "; a newer libbpf is needed"));
    }

    /**
     * Reads a NUL-terminated C string.
     *
     * @param ptr the pointer, possibly NULL
     * @return the string, or {@code null} for NULL
     */
    public static String string(MemorySegment ptr) {
        if (ptr.equals(MemorySegment.NULL)) {
            return null;
        }
        return ptr.reinterpret(Long.MAX_VALUE).getString(0);
    }

    // ------------------------------------------------------------------ constants (checked by LayoutProbeTest)

    /** {@code enum bpf_attach_type BPF_XDP}. @return 37 */
    public static int BPF_XDP() { return 37; }
    /** {@code BPF_ANY}: create or update. @return 0 */
    public static int BPF_ANY() { return 0; }
    /** {@code BPF_NOEXIST}: create only. @return 1 */
    public static int BPF_NOEXIST() { return 1; }
    /** {@code BPF_EXIST}: update only. @return 2 */
    public static int BPF_EXIST() { return 2; }
    /** {@code BPF_TC_INGRESS}. @return 1 */
    public static int BPF_TC_INGRESS() { return 1; }
    /** {@code BPF_TC_EGRESS}. @return 2 */
    public static int BPF_TC_EGRESS() { return 2; }
    /** {@code BPF_TC_CUSTOM}. @return 4 */
    public static int BPF_TC_CUSTOM() { return 4; }
    /** {@code BPF_TC_F_REPLACE}. @return 1 */
    public static int BPF_TC_F_REPLACE() { return 1; }
    /** {@code XDP_FLAGS_UPDATE_IF_NOEXIST}. @return 1 */
    public static int XDP_FLAGS_UPDATE_IF_NOEXIST() { return 1; }
    /** {@code XDP_FLAGS_SKB_MODE} (generic). @return 2 */
    public static int XDP_FLAGS_SKB_MODE() { return 2; }
    /** {@code XDP_FLAGS_DRV_MODE} (native). @return 4 */
    public static int XDP_FLAGS_DRV_MODE() { return 4; }
    /** {@code XDP_FLAGS_HW_MODE} (offload). @return 8 */
    public static int XDP_FLAGS_HW_MODE() { return 8; }
    /** {@code XDP_FLAGS_REPLACE}. @return 16 */
    public static int XDP_FLAGS_REPLACE() { return 16; }
    /** {@code XDP_ATTACHED_NONE}. @return 0 */
    public static int XDP_ATTACHED_NONE() { return 0; }
    /** {@code XDP_ATTACHED_DRV}. @return 1 */
    public static int XDP_ATTACHED_DRV() { return 1; }
    /** {@code XDP_ATTACHED_SKB}. @return 2 */
    public static int XDP_ATTACHED_SKB() { return 2; }
    /** {@code XDP_ATTACHED_HW}. @return 3 */
    public static int XDP_ATTACHED_HW() { return 3; }
    /** {@code XDP_ATTACHED_MULTI}. @return 4 */
    public static int XDP_ATTACHED_MULTI() { return 4; }
    /** {@code BTF_KIND_VAR}. @return 14 */
    public static int BTF_KIND_VAR() { return 14; }
    /** {@code BTF_KIND_DATASEC}. @return 15 */
    public static int BTF_KIND_DATASEC() { return 15; }
    /** {@code LIBBPF_WARN}. @return 0 */
    public static int LIBBPF_WARN() { return 0; }
    /** {@code LIBBPF_INFO}. @return 1 */
    public static int LIBBPF_INFO() { return 1; }
    /** {@code LIBBPF_DEBUG}. @return 2 */
    public static int LIBBPF_DEBUG() { return 2; }
    /** {@code BPF_OBJ_NAME_LEN}. @return 16 */
    public static int BPF_OBJ_NAME_LEN() { return 16; }
    /** {@code BPF_PROG_TYPE_XDP}. @return 6 */
    public static int BPF_PROG_TYPE_XDP() { return 6; }
    /** {@code BPF_PROG_TYPE_SCHED_CLS}. @return 3 */
    public static int BPF_PROG_TYPE_SCHED_CLS() { return 3; }
    /** {@code BPF_MAP_TYPE_ARRAY}. @return 2 */
    public static int BPF_MAP_TYPE_ARRAY() { return 2; }

    private static final class libbpf_version_string {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MemorySegment ADDR = findOrThrow("libbpf_version_string");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code libbpf_version_string}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor libbpf_version_string$descriptor() {
        return libbpf_version_string.DESC;
    }

    /**
     * Downcall handle of {@code libbpf_version_string}.
     *
     * @return the handle
     */
    public static MethodHandle libbpf_version_string$handle() {
        return libbpf_version_string.HANDLE;
    }

    /**
     * Address of {@code libbpf_version_string}.
     *
     * @return the address
     */
    public static MemorySegment libbpf_version_string$address() {
        return libbpf_version_string.ADDR;
    }

    /**
     * libbpf's version string, for instance {@code "v1.1"}.
     *
     * @return see the C declaration
     */
    public static MemorySegment libbpf_version_string() {
        var mh$ = libbpf_version_string.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class libbpf_strerror {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_LONG);
        static final MemorySegment ADDR = findOrThrow("libbpf_strerror");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code libbpf_strerror}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor libbpf_strerror$descriptor() {
        return libbpf_strerror.DESC;
    }

    /**
     * Downcall handle of {@code libbpf_strerror}.
     *
     * @return the handle
     */
    public static MethodHandle libbpf_strerror$handle() {
        return libbpf_strerror.HANDLE;
    }

    /**
     * Address of {@code libbpf_strerror}.
     *
     * @return the address
     */
    public static MemorySegment libbpf_strerror$address() {
        return libbpf_strerror.ADDR;
    }

    /**
     * Describes a libbpf or system error code.
     *
     * @param err see the C declaration
     * @param buf see the C declaration
     * @param size see the C declaration
     * @return see the C declaration
     */
    public static int libbpf_strerror(int err, MemorySegment buf, long size) {
        var mh$ = libbpf_strerror.HANDLE;
        try {
            return (int) mh$.invokeExact(err, buf, size);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class libbpf_set_print {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("libbpf_set_print");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code libbpf_set_print}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor libbpf_set_print$descriptor() {
        return libbpf_set_print.DESC;
    }

    /**
     * Downcall handle of {@code libbpf_set_print}.
     *
     * @return the handle
     */
    public static MethodHandle libbpf_set_print$handle() {
        return libbpf_set_print.HANDLE;
    }

    /**
     * Address of {@code libbpf_set_print}.
     *
     * @return the address
     */
    public static MemorySegment libbpf_set_print$address() {
        return libbpf_set_print.ADDR;
    }

    /**
     * Installs the print callback; returns the previous one.
     *
     * @param fn see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment libbpf_set_print(MemorySegment fn) {
        var mh$ = libbpf_set_print.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(fn);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class libbpf_bpf_prog_type_str {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("libbpf_bpf_prog_type_str");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code libbpf_bpf_prog_type_str}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor libbpf_bpf_prog_type_str$descriptor() {
        return libbpf_bpf_prog_type_str.DESC;
    }

    /**
     * Downcall handle of {@code libbpf_bpf_prog_type_str}.
     *
     * @return the handle
     */
    public static MethodHandle libbpf_bpf_prog_type_str$handle() {
        return libbpf_bpf_prog_type_str.HANDLE;
    }

    /**
     * Address of {@code libbpf_bpf_prog_type_str}.
     *
     * @return the address
     */
    public static MemorySegment libbpf_bpf_prog_type_str$address() {
        return libbpf_bpf_prog_type_str.ADDR;
    }

    /**
     * The name of a program type, or NULL.
     *
     * @param t see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment libbpf_bpf_prog_type_str(int t) {
        var mh$ = libbpf_bpf_prog_type_str.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(t);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class libbpf_bpf_map_type_str {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("libbpf_bpf_map_type_str");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code libbpf_bpf_map_type_str}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor libbpf_bpf_map_type_str$descriptor() {
        return libbpf_bpf_map_type_str.DESC;
    }

    /**
     * Downcall handle of {@code libbpf_bpf_map_type_str}.
     *
     * @return the handle
     */
    public static MethodHandle libbpf_bpf_map_type_str$handle() {
        return libbpf_bpf_map_type_str.HANDLE;
    }

    /**
     * Address of {@code libbpf_bpf_map_type_str}.
     *
     * @return the address
     */
    public static MemorySegment libbpf_bpf_map_type_str$address() {
        return libbpf_bpf_map_type_str.ADDR;
    }

    /**
     * The name of a map type, or NULL.
     *
     * @param t see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment libbpf_bpf_map_type_str(int t) {
        var mh$ = libbpf_bpf_map_type_str.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(t);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class libbpf_num_possible_cpus {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MemorySegment ADDR = findOrThrow("libbpf_num_possible_cpus");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code libbpf_num_possible_cpus}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor libbpf_num_possible_cpus$descriptor() {
        return libbpf_num_possible_cpus.DESC;
    }

    /**
     * Downcall handle of {@code libbpf_num_possible_cpus}.
     *
     * @return the handle
     */
    public static MethodHandle libbpf_num_possible_cpus$handle() {
        return libbpf_num_possible_cpus.HANDLE;
    }

    /**
     * Address of {@code libbpf_num_possible_cpus}.
     *
     * @return the address
     */
    public static MemorySegment libbpf_num_possible_cpus$address() {
        return libbpf_num_possible_cpus.ADDR;
    }

    /**
     * The number of possible CPUs (the per-CPU value count), or -errno.
     *
     * @return see the C declaration
     */
    public static int libbpf_num_possible_cpus() {
        var mh$ = libbpf_num_possible_cpus.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_object__open_mem {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_object__open_mem");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code bpf_object__open_mem}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_object__open_mem$descriptor() {
        return bpf_object__open_mem.DESC;
    }

    /**
     * Downcall handle of {@code bpf_object__open_mem}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_object__open_mem$handle() {
        return bpf_object__open_mem.HANDLE;
    }

    /**
     * Address of {@code bpf_object__open_mem}.
     *
     * @return the address
     */
    public static MemorySegment bpf_object__open_mem$address() {
        return bpf_object__open_mem.ADDR;
    }

    /**
     * Opens an object from ELF bytes (kept, not copied, until load); NULL and errno on error.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param obj_buf see the C declaration
     * @param obj_buf_sz see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment bpf_object__open_mem(MemorySegment errnoState, MemorySegment obj_buf, long obj_buf_sz, MemorySegment opts) {
        var mh$ = bpf_object__open_mem.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(errnoState, obj_buf, obj_buf_sz, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_object__open_file {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_object__open_file");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code bpf_object__open_file}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_object__open_file$descriptor() {
        return bpf_object__open_file.DESC;
    }

    /**
     * Downcall handle of {@code bpf_object__open_file}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_object__open_file$handle() {
        return bpf_object__open_file.HANDLE;
    }

    /**
     * Address of {@code bpf_object__open_file}.
     *
     * @return the address
     */
    public static MemorySegment bpf_object__open_file$address() {
        return bpf_object__open_file.ADDR;
    }

    /**
     * Opens an object from an ELF file; NULL and errno on error.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param path see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment bpf_object__open_file(MemorySegment errnoState, MemorySegment path, MemorySegment opts) {
        var mh$ = bpf_object__open_file.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(errnoState, path, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_object__load {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_object__load");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_object__load}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_object__load$descriptor() {
        return bpf_object__load.DESC;
    }

    /**
     * Downcall handle of {@code bpf_object__load}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_object__load$handle() {
        return bpf_object__load.HANDLE;
    }

    /**
     * Address of {@code bpf_object__load}.
     *
     * @return the address
     */
    public static MemorySegment bpf_object__load$address() {
        return bpf_object__load.ADDR;
    }

    /**
     * Creates the maps and loads the programs; 0 or -errno.
     *
     * @param obj see the C declaration
     * @return see the C declaration
     */
    public static int bpf_object__load(MemorySegment obj) {
        var mh$ = bpf_object__load.HANDLE;
        try {
            return (int) mh$.invokeExact(obj);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_object__close {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_object__close");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_object__close}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_object__close$descriptor() {
        return bpf_object__close.DESC;
    }

    /**
     * Downcall handle of {@code bpf_object__close}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_object__close$handle() {
        return bpf_object__close.HANDLE;
    }

    /**
     * Address of {@code bpf_object__close}.
     *
     * @return the address
     */
    public static MemorySegment bpf_object__close$address() {
        return bpf_object__close.ADDR;
    }

    /**
     * Frees the object and closes its map and program fds.
     *
     * @param obj see the C declaration
     */
    public static void bpf_object__close(MemorySegment obj) {
        var mh$ = bpf_object__close.HANDLE;
        try {
            mh$.invokeExact(obj);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_object__btf {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_object__btf");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_object__btf}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_object__btf$descriptor() {
        return bpf_object__btf.DESC;
    }

    /**
     * Downcall handle of {@code bpf_object__btf}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_object__btf$handle() {
        return bpf_object__btf.HANDLE;
    }

    /**
     * Address of {@code bpf_object__btf}.
     *
     * @return the address
     */
    public static MemorySegment bpf_object__btf$address() {
        return bpf_object__btf.ADDR;
    }

    /**
     * The object's BTF, or NULL.
     *
     * @param obj see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment bpf_object__btf(MemorySegment obj) {
        var mh$ = bpf_object__btf.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(obj);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_object__find_program_by_name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_object__find_program_by_name");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code bpf_object__find_program_by_name}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_object__find_program_by_name$descriptor() {
        return bpf_object__find_program_by_name.DESC;
    }

    /**
     * Downcall handle of {@code bpf_object__find_program_by_name}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_object__find_program_by_name$handle() {
        return bpf_object__find_program_by_name.HANDLE;
    }

    /**
     * Address of {@code bpf_object__find_program_by_name}.
     *
     * @return the address
     */
    public static MemorySegment bpf_object__find_program_by_name$address() {
        return bpf_object__find_program_by_name.ADDR;
    }

    /**
     * A program by function name; NULL and errno ENOENT if absent.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param obj see the C declaration
     * @param name see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment bpf_object__find_program_by_name(MemorySegment errnoState, MemorySegment obj, MemorySegment name) {
        var mh$ = bpf_object__find_program_by_name.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(errnoState, obj, name);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_object__find_map_by_name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_object__find_map_by_name");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code bpf_object__find_map_by_name}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_object__find_map_by_name$descriptor() {
        return bpf_object__find_map_by_name.DESC;
    }

    /**
     * Downcall handle of {@code bpf_object__find_map_by_name}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_object__find_map_by_name$handle() {
        return bpf_object__find_map_by_name.HANDLE;
    }

    /**
     * Address of {@code bpf_object__find_map_by_name}.
     *
     * @return the address
     */
    public static MemorySegment bpf_object__find_map_by_name$address() {
        return bpf_object__find_map_by_name.ADDR;
    }

    /**
     * A map by name; NULL and errno ENOENT if absent.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param obj see the C declaration
     * @param name see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment bpf_object__find_map_by_name(MemorySegment errnoState, MemorySegment obj, MemorySegment name) {
        var mh$ = bpf_object__find_map_by_name.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(errnoState, obj, name);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_object__next_program {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_object__next_program");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_object__next_program}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_object__next_program$descriptor() {
        return bpf_object__next_program.DESC;
    }

    /**
     * Downcall handle of {@code bpf_object__next_program}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_object__next_program$handle() {
        return bpf_object__next_program.HANDLE;
    }

    /**
     * Address of {@code bpf_object__next_program}.
     *
     * @return the address
     */
    public static MemorySegment bpf_object__next_program$address() {
        return bpf_object__next_program.ADDR;
    }

    /**
     * The program after {@code prog} (NULL: the first), or NULL.
     *
     * @param obj see the C declaration
     * @param prog see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment bpf_object__next_program(MemorySegment obj, MemorySegment prog) {
        var mh$ = bpf_object__next_program.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(obj, prog);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_object__next_map {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_object__next_map");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_object__next_map}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_object__next_map$descriptor() {
        return bpf_object__next_map.DESC;
    }

    /**
     * Downcall handle of {@code bpf_object__next_map}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_object__next_map$handle() {
        return bpf_object__next_map.HANDLE;
    }

    /**
     * Address of {@code bpf_object__next_map}.
     *
     * @return the address
     */
    public static MemorySegment bpf_object__next_map$address() {
        return bpf_object__next_map.ADDR;
    }

    /**
     * The map after {@code map} (NULL: the first), or NULL.
     *
     * @param obj see the C declaration
     * @param map see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment bpf_object__next_map(MemorySegment obj, MemorySegment map) {
        var mh$ = bpf_object__next_map.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(obj, map);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_program__name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_program__name");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_program__name}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_program__name$descriptor() {
        return bpf_program__name.DESC;
    }

    /**
     * Downcall handle of {@code bpf_program__name}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_program__name$handle() {
        return bpf_program__name.HANDLE;
    }

    /**
     * Address of {@code bpf_program__name}.
     *
     * @return the address
     */
    public static MemorySegment bpf_program__name$address() {
        return bpf_program__name.ADDR;
    }

    /**
     * The program's function name.
     *
     * @param prog see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment bpf_program__name(MemorySegment prog) {
        var mh$ = bpf_program__name.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(prog);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_program__section_name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_program__section_name");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_program__section_name}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_program__section_name$descriptor() {
        return bpf_program__section_name.DESC;
    }

    /**
     * Downcall handle of {@code bpf_program__section_name}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_program__section_name$handle() {
        return bpf_program__section_name.HANDLE;
    }

    /**
     * Address of {@code bpf_program__section_name}.
     *
     * @return the address
     */
    public static MemorySegment bpf_program__section_name$address() {
        return bpf_program__section_name.ADDR;
    }

    /**
     * The program's ELF section name.
     *
     * @param prog see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment bpf_program__section_name(MemorySegment prog) {
        var mh$ = bpf_program__section_name.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(prog);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_program__fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_program__fd");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_program__fd}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_program__fd$descriptor() {
        return bpf_program__fd.DESC;
    }

    /**
     * Downcall handle of {@code bpf_program__fd}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_program__fd$handle() {
        return bpf_program__fd.HANDLE;
    }

    /**
     * Address of {@code bpf_program__fd}.
     *
     * @return the address
     */
    public static MemorySegment bpf_program__fd$address() {
        return bpf_program__fd.ADDR;
    }

    /**
     * The program's fd after load, or -errno.
     *
     * @param prog see the C declaration
     * @return see the C declaration
     */
    public static int bpf_program__fd(MemorySegment prog) {
        var mh$ = bpf_program__fd.HANDLE;
        try {
            return (int) mh$.invokeExact(prog);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_program__type {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_program__type");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_program__type}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_program__type$descriptor() {
        return bpf_program__type.DESC;
    }

    /**
     * Downcall handle of {@code bpf_program__type}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_program__type$handle() {
        return bpf_program__type.HANDLE;
    }

    /**
     * Address of {@code bpf_program__type}.
     *
     * @return the address
     */
    public static MemorySegment bpf_program__type$address() {
        return bpf_program__type.ADDR;
    }

    /**
     * The program type.
     *
     * @param prog see the C declaration
     * @return see the C declaration
     */
    public static int bpf_program__type(MemorySegment prog) {
        var mh$ = bpf_program__type.HANDLE;
        try {
            return (int) mh$.invokeExact(prog);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_program__insn_cnt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_program__insn_cnt");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_program__insn_cnt}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_program__insn_cnt$descriptor() {
        return bpf_program__insn_cnt.DESC;
    }

    /**
     * Downcall handle of {@code bpf_program__insn_cnt}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_program__insn_cnt$handle() {
        return bpf_program__insn_cnt.HANDLE;
    }

    /**
     * Address of {@code bpf_program__insn_cnt}.
     *
     * @return the address
     */
    public static MemorySegment bpf_program__insn_cnt$address() {
        return bpf_program__insn_cnt.ADDR;
    }

    /**
     * The number of instructions.
     *
     * @param prog see the C declaration
     * @return see the C declaration
     */
    public static long bpf_program__insn_cnt(MemorySegment prog) {
        var mh$ = bpf_program__insn_cnt.HANDLE;
        try {
            return (long) mh$.invokeExact(prog);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map__name");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__name}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__name$descriptor() {
        return bpf_map__name.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__name}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__name$handle() {
        return bpf_map__name.HANDLE;
    }

    /**
     * Address of {@code bpf_map__name}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__name$address() {
        return bpf_map__name.ADDR;
    }

    /**
     * The map's name.
     *
     * @param map see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment bpf_map__name(MemorySegment map) {
        var mh$ = bpf_map__name.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(map);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map__fd");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__fd}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__fd$descriptor() {
        return bpf_map__fd.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__fd}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__fd$handle() {
        return bpf_map__fd.HANDLE;
    }

    /**
     * Address of {@code bpf_map__fd}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__fd$address() {
        return bpf_map__fd.ADDR;
    }

    /**
     * The map's fd after load, or -errno.
     *
     * @param map see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map__fd(MemorySegment map) {
        var mh$ = bpf_map__fd.HANDLE;
        try {
            return (int) mh$.invokeExact(map);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__type {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map__type");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__type}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__type$descriptor() {
        return bpf_map__type.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__type}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__type$handle() {
        return bpf_map__type.HANDLE;
    }

    /**
     * Address of {@code bpf_map__type}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__type$address() {
        return bpf_map__type.ADDR;
    }

    /**
     * The map type.
     *
     * @param map see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map__type(MemorySegment map) {
        var mh$ = bpf_map__type.HANDLE;
        try {
            return (int) mh$.invokeExact(map);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__key_size {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map__key_size");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__key_size}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__key_size$descriptor() {
        return bpf_map__key_size.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__key_size}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__key_size$handle() {
        return bpf_map__key_size.HANDLE;
    }

    /**
     * Address of {@code bpf_map__key_size}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__key_size$address() {
        return bpf_map__key_size.ADDR;
    }

    /**
     * The key size in bytes.
     *
     * @param map see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map__key_size(MemorySegment map) {
        var mh$ = bpf_map__key_size.HANDLE;
        try {
            return (int) mh$.invokeExact(map);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__value_size {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map__value_size");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__value_size}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__value_size$descriptor() {
        return bpf_map__value_size.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__value_size}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__value_size$handle() {
        return bpf_map__value_size.HANDLE;
    }

    /**
     * Address of {@code bpf_map__value_size}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__value_size$address() {
        return bpf_map__value_size.ADDR;
    }

    /**
     * The value size in bytes.
     *
     * @param map see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map__value_size(MemorySegment map) {
        var mh$ = bpf_map__value_size.HANDLE;
        try {
            return (int) mh$.invokeExact(map);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__max_entries {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map__max_entries");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__max_entries}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__max_entries$descriptor() {
        return bpf_map__max_entries.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__max_entries}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__max_entries$handle() {
        return bpf_map__max_entries.HANDLE;
    }

    /**
     * Address of {@code bpf_map__max_entries}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__max_entries$address() {
        return bpf_map__max_entries.ADDR;
    }

    /**
     * The maximum number of entries.
     *
     * @param map see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map__max_entries(MemorySegment map) {
        var mh$ = bpf_map__max_entries.HANDLE;
        try {
            return (int) mh$.invokeExact(map);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__set_max_entries {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("bpf_map__set_max_entries");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__set_max_entries}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__set_max_entries$descriptor() {
        return bpf_map__set_max_entries.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__set_max_entries}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__set_max_entries$handle() {
        return bpf_map__set_max_entries.HANDLE;
    }

    /**
     * Address of {@code bpf_map__set_max_entries}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__set_max_entries$address() {
        return bpf_map__set_max_entries.ADDR;
    }

    /**
     * Sets max_entries before load; 0 or -errno.
     *
     * @param map see the C declaration
     * @param max_entries see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map__set_max_entries(MemorySegment map, int max_entries) {
        var mh$ = bpf_map__set_max_entries.HANDLE;
        try {
            return (int) mh$.invokeExact(map, max_entries);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__set_value_size {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("bpf_map__set_value_size");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__set_value_size}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__set_value_size$descriptor() {
        return bpf_map__set_value_size.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__set_value_size}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__set_value_size$handle() {
        return bpf_map__set_value_size.HANDLE;
    }

    /**
     * Address of {@code bpf_map__set_value_size}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__set_value_size$address() {
        return bpf_map__set_value_size.ADDR;
    }

    /**
     * Sets the value size before load; 0 or -errno.
     *
     * @param map see the C declaration
     * @param size see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map__set_value_size(MemorySegment map, int size) {
        var mh$ = bpf_map__set_value_size.HANDLE;
        try {
            return (int) mh$.invokeExact(map, size);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__set_pin_path {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map__set_pin_path");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__set_pin_path}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__set_pin_path$descriptor() {
        return bpf_map__set_pin_path.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__set_pin_path}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__set_pin_path$handle() {
        return bpf_map__set_pin_path.HANDLE;
    }

    /**
     * Address of {@code bpf_map__set_pin_path}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__set_pin_path$address() {
        return bpf_map__set_pin_path.ADDR;
    }

    /**
     * Sets the pin path (reuse or create-and-pin at load); 0 or -errno.
     *
     * @param map see the C declaration
     * @param path see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map__set_pin_path(MemorySegment map, MemorySegment path) {
        var mh$ = bpf_map__set_pin_path.HANDLE;
        try {
            return (int) mh$.invokeExact(map, path);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__reuse_fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("bpf_map__reuse_fd");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__reuse_fd}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__reuse_fd$descriptor() {
        return bpf_map__reuse_fd.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__reuse_fd}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__reuse_fd$handle() {
        return bpf_map__reuse_fd.HANDLE;
    }

    /**
     * Address of {@code bpf_map__reuse_fd}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__reuse_fd$address() {
        return bpf_map__reuse_fd.ADDR;
    }

    /**
     * Makes the map use an existing map fd (duplicated); 0 or -errno.
     *
     * @param map see the C declaration
     * @param fd see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map__reuse_fd(MemorySegment map, int fd) {
        var mh$ = bpf_map__reuse_fd.HANDLE;
        try {
            return (int) mh$.invokeExact(map, fd);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__initial_value {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map__initial_value");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__initial_value}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__initial_value$descriptor() {
        return bpf_map__initial_value.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__initial_value}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__initial_value$handle() {
        return bpf_map__initial_value.HANDLE;
    }

    /**
     * Address of {@code bpf_map__initial_value}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__initial_value$address() {
        return bpf_map__initial_value.ADDR;
    }

    /**
     * The initial value image of an internal map, or NULL.
     *
     * @param map see the C declaration
     * @param psize see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment bpf_map__initial_value(MemorySegment map, MemorySegment psize) {
        var mh$ = bpf_map__initial_value.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(map, psize);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__set_initial_value {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG);
        static final MemorySegment ADDR = findOrThrow("bpf_map__set_initial_value");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__set_initial_value}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__set_initial_value$descriptor() {
        return bpf_map__set_initial_value.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__set_initial_value}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__set_initial_value$handle() {
        return bpf_map__set_initial_value.HANDLE;
    }

    /**
     * Address of {@code bpf_map__set_initial_value}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__set_initial_value$address() {
        return bpf_map__set_initial_value.ADDR;
    }

    /**
     * Replaces the initial value image before load; 0 or -errno.
     *
     * @param map see the C declaration
     * @param data see the C declaration
     * @param size see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map__set_initial_value(MemorySegment map, MemorySegment data, long size) {
        var mh$ = bpf_map__set_initial_value.HANDLE;
        try {
            return (int) mh$.invokeExact(map, data, size);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map__is_internal {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map__is_internal");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map__is_internal}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map__is_internal$descriptor() {
        return bpf_map__is_internal.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map__is_internal}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map__is_internal$handle() {
        return bpf_map__is_internal.HANDLE;
    }

    /**
     * Address of {@code bpf_map__is_internal}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map__is_internal$address() {
        return bpf_map__is_internal.ADDR;
    }

    /**
     * Whether the map is internal (.data, .rodata, .bss, .kconfig).
     *
     * @param map see the C declaration
     * @return see the C declaration
     */
    public static boolean bpf_map__is_internal(MemorySegment map) {
        var mh$ = bpf_map__is_internal.HANDLE;
        try {
            return (boolean) mh$.invokeExact(map);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class btf__find_by_name_kind {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("btf__find_by_name_kind");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code btf__find_by_name_kind}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor btf__find_by_name_kind$descriptor() {
        return btf__find_by_name_kind.DESC;
    }

    /**
     * Downcall handle of {@code btf__find_by_name_kind}.
     *
     * @return the handle
     */
    public static MethodHandle btf__find_by_name_kind$handle() {
        return btf__find_by_name_kind.HANDLE;
    }

    /**
     * Address of {@code btf__find_by_name_kind}.
     *
     * @return the address
     */
    public static MemorySegment btf__find_by_name_kind$address() {
        return btf__find_by_name_kind.ADDR;
    }

    /**
     * The id of a named type of a kind, or -errno.
     *
     * @param btf see the C declaration
     * @param type_name see the C declaration
     * @param kind see the C declaration
     * @return see the C declaration
     */
    public static int btf__find_by_name_kind(MemorySegment btf, MemorySegment type_name, int kind) {
        var mh$ = btf__find_by_name_kind.HANDLE;
        try {
            return (int) mh$.invokeExact(btf, type_name, kind);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class btf__type_by_id {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("btf__type_by_id");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code btf__type_by_id}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor btf__type_by_id$descriptor() {
        return btf__type_by_id.DESC;
    }

    /**
     * Downcall handle of {@code btf__type_by_id}.
     *
     * @return the handle
     */
    public static MethodHandle btf__type_by_id$handle() {
        return btf__type_by_id.HANDLE;
    }

    /**
     * Address of {@code btf__type_by_id}.
     *
     * @return the address
     */
    public static MemorySegment btf__type_by_id$address() {
        return btf__type_by_id.ADDR;
    }

    /**
     * The {@code btf_type} of an id; NULL and errno if invalid.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param btf see the C declaration
     * @param id see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment btf__type_by_id(MemorySegment errnoState, MemorySegment btf, int id) {
        var mh$ = btf__type_by_id.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(errnoState, btf, id);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class btf__name_by_offset {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("btf__name_by_offset");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code btf__name_by_offset}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor btf__name_by_offset$descriptor() {
        return btf__name_by_offset.DESC;
    }

    /**
     * Downcall handle of {@code btf__name_by_offset}.
     *
     * @return the handle
     */
    public static MethodHandle btf__name_by_offset$handle() {
        return btf__name_by_offset.HANDLE;
    }

    /**
     * Address of {@code btf__name_by_offset}.
     *
     * @return the address
     */
    public static MemorySegment btf__name_by_offset$address() {
        return btf__name_by_offset.ADDR;
    }

    /**
     * The string at an offset of the string section, or NULL.
     *
     * @param btf see the C declaration
     * @param offset see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment btf__name_by_offset(MemorySegment btf, int offset) {
        var mh$ = btf__name_by_offset.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(btf, offset);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_xdp_attach {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_xdp_attach");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_xdp_attach}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_xdp_attach$descriptor() {
        return bpf_xdp_attach.DESC;
    }

    /**
     * Downcall handle of {@code bpf_xdp_attach}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_xdp_attach$handle() {
        return bpf_xdp_attach.HANDLE;
    }

    /**
     * Address of {@code bpf_xdp_attach}.
     *
     * @return the address
     */
    public static MemorySegment bpf_xdp_attach$address() {
        return bpf_xdp_attach.ADDR;
    }

    /**
     * Attaches an XDP program through netlink; 0 or -errno.
     *
     * @param ifindex see the C declaration
     * @param prog_fd see the C declaration
     * @param flags see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_xdp_attach(int ifindex, int prog_fd, int flags, MemorySegment opts) {
        var mh$ = bpf_xdp_attach.HANDLE;
        try {
            return (int) mh$.invokeExact(ifindex, prog_fd, flags, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_xdp_detach {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_xdp_detach");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_xdp_detach}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_xdp_detach$descriptor() {
        return bpf_xdp_detach.DESC;
    }

    /**
     * Downcall handle of {@code bpf_xdp_detach}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_xdp_detach$handle() {
        return bpf_xdp_detach.HANDLE;
    }

    /**
     * Address of {@code bpf_xdp_detach}.
     *
     * @return the address
     */
    public static MemorySegment bpf_xdp_detach$address() {
        return bpf_xdp_detach.ADDR;
    }

    /**
     * Detaches the XDP program through netlink; 0 or -errno.
     *
     * @param ifindex see the C declaration
     * @param flags see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_xdp_detach(int ifindex, int flags, MemorySegment opts) {
        var mh$ = bpf_xdp_detach.HANDLE;
        try {
            return (int) mh$.invokeExact(ifindex, flags, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_xdp_query {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_xdp_query");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_xdp_query}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_xdp_query$descriptor() {
        return bpf_xdp_query.DESC;
    }

    /**
     * Downcall handle of {@code bpf_xdp_query}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_xdp_query$handle() {
        return bpf_xdp_query.HANDLE;
    }

    /**
     * Address of {@code bpf_xdp_query}.
     *
     * @return the address
     */
    public static MemorySegment bpf_xdp_query$address() {
        return bpf_xdp_query.ADDR;
    }

    /**
     * Queries the XDP programs of an interface; 0 or -errno.
     *
     * @param ifindex see the C declaration
     * @param flags see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_xdp_query(int ifindex, int flags, MemorySegment opts) {
        var mh$ = bpf_xdp_query.HANDLE;
        try {
            return (int) mh$.invokeExact(ifindex, flags, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_link_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_link_create");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_link_create}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_link_create$descriptor() {
        return bpf_link_create.DESC;
    }

    /**
     * Downcall handle of {@code bpf_link_create}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_link_create$handle() {
        return bpf_link_create.HANDLE;
    }

    /**
     * Address of {@code bpf_link_create}.
     *
     * @return the address
     */
    public static MemorySegment bpf_link_create$address() {
        return bpf_link_create.ADDR;
    }

    /**
     * Creates a BPF link; its fd or -errno.
     *
     * @param prog_fd see the C declaration
     * @param target_fd see the C declaration
     * @param attach_type see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_link_create(int prog_fd, int target_fd, int attach_type, MemorySegment opts) {
        var mh$ = bpf_link_create.HANDLE;
        try {
            return (int) mh$.invokeExact(prog_fd, target_fd, attach_type, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_link_detach {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MemorySegment ADDR = findOrThrow("bpf_link_detach");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_link_detach}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_link_detach$descriptor() {
        return bpf_link_detach.DESC;
    }

    /**
     * Downcall handle of {@code bpf_link_detach}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_link_detach$handle() {
        return bpf_link_detach.HANDLE;
    }

    /**
     * Address of {@code bpf_link_detach}.
     *
     * @return the address
     */
    public static MemorySegment bpf_link_detach$address() {
        return bpf_link_detach.ADDR;
    }

    /**
     * Detaches a link (it stays defunct until closed); 0 or -errno.
     *
     * @param link_fd see the C declaration
     * @return see the C declaration
     */
    public static int bpf_link_detach(int link_fd) {
        var mh$ = bpf_link_detach.HANDLE;
        try {
            return (int) mh$.invokeExact(link_fd);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_link_update {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_link_update");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_link_update}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_link_update$descriptor() {
        return bpf_link_update.DESC;
    }

    /**
     * Downcall handle of {@code bpf_link_update}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_link_update$handle() {
        return bpf_link_update.HANDLE;
    }

    /**
     * Address of {@code bpf_link_update}.
     *
     * @return the address
     */
    public static MemorySegment bpf_link_update$address() {
        return bpf_link_update.ADDR;
    }

    /**
     * Replaces a link's program atomically; 0 or -errno.
     *
     * @param link_fd see the C declaration
     * @param new_prog_fd see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_link_update(int link_fd, int new_prog_fd, MemorySegment opts) {
        var mh$ = bpf_link_update.HANDLE;
        try {
            return (int) mh$.invokeExact(link_fd, new_prog_fd, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_tc_hook_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_tc_hook_create");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_tc_hook_create}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_tc_hook_create$descriptor() {
        return bpf_tc_hook_create.DESC;
    }

    /**
     * Downcall handle of {@code bpf_tc_hook_create}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_tc_hook_create$handle() {
        return bpf_tc_hook_create.HANDLE;
    }

    /**
     * Address of {@code bpf_tc_hook_create}.
     *
     * @return the address
     */
    public static MemorySegment bpf_tc_hook_create$address() {
        return bpf_tc_hook_create.ADDR;
    }

    /**
     * Creates the clsact qdisc; -EEXIST if present.
     *
     * @param hook see the C declaration
     * @return see the C declaration
     */
    public static int bpf_tc_hook_create(MemorySegment hook) {
        var mh$ = bpf_tc_hook_create.HANDLE;
        try {
            return (int) mh$.invokeExact(hook);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_tc_hook_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_tc_hook_destroy");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_tc_hook_destroy}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_tc_hook_destroy$descriptor() {
        return bpf_tc_hook_destroy.DESC;
    }

    /**
     * Downcall handle of {@code bpf_tc_hook_destroy}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_tc_hook_destroy$handle() {
        return bpf_tc_hook_destroy.HANDLE;
    }

    /**
     * Address of {@code bpf_tc_hook_destroy}.
     *
     * @return the address
     */
    public static MemorySegment bpf_tc_hook_destroy$address() {
        return bpf_tc_hook_destroy.ADDR;
    }

    /**
     * Destroys the clsact qdisc (ingress|egress) or flushes one direction; 0 or -errno.
     *
     * @param hook see the C declaration
     * @return see the C declaration
     */
    public static int bpf_tc_hook_destroy(MemorySegment hook) {
        var mh$ = bpf_tc_hook_destroy.HANDLE;
        try {
            return (int) mh$.invokeExact(hook);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_tc_attach {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_tc_attach");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_tc_attach}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_tc_attach$descriptor() {
        return bpf_tc_attach.DESC;
    }

    /**
     * Downcall handle of {@code bpf_tc_attach}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_tc_attach$handle() {
        return bpf_tc_attach.HANDLE;
    }

    /**
     * Address of {@code bpf_tc_attach}.
     *
     * @return the address
     */
    public static MemorySegment bpf_tc_attach$address() {
        return bpf_tc_attach.ADDR;
    }

    /**
     * Attaches a direct-action BPF filter; 0 or -errno.
     *
     * @param hook see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_tc_attach(MemorySegment hook, MemorySegment opts) {
        var mh$ = bpf_tc_attach.HANDLE;
        try {
            return (int) mh$.invokeExact(hook, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_tc_detach {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_tc_detach");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_tc_detach}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_tc_detach$descriptor() {
        return bpf_tc_detach.DESC;
    }

    /**
     * Downcall handle of {@code bpf_tc_detach}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_tc_detach$handle() {
        return bpf_tc_detach.HANDLE;
    }

    /**
     * Address of {@code bpf_tc_detach}.
     *
     * @return the address
     */
    public static MemorySegment bpf_tc_detach$address() {
        return bpf_tc_detach.ADDR;
    }

    /**
     * Detaches the filter with the given handle and priority; 0 or -errno.
     *
     * @param hook see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_tc_detach(MemorySegment hook, MemorySegment opts) {
        var mh$ = bpf_tc_detach.HANDLE;
        try {
            return (int) mh$.invokeExact(hook, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_tc_query {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_tc_query");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_tc_query}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_tc_query$descriptor() {
        return bpf_tc_query.DESC;
    }

    /**
     * Downcall handle of {@code bpf_tc_query}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_tc_query$handle() {
        return bpf_tc_query.HANDLE;
    }

    /**
     * Address of {@code bpf_tc_query}.
     *
     * @return the address
     */
    public static MemorySegment bpf_tc_query$address() {
        return bpf_tc_query.ADDR;
    }

    /**
     * Reads the program id of the filter with the given handle and priority; 0 or -errno.
     *
     * @param hook see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_tc_query(MemorySegment hook, MemorySegment opts) {
        var mh$ = bpf_tc_query.HANDLE;
        try {
            return (int) mh$.invokeExact(hook, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map_create");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map_create}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map_create$descriptor() {
        return bpf_map_create.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map_create}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map_create$handle() {
        return bpf_map_create.HANDLE;
    }

    /**
     * Address of {@code bpf_map_create}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map_create$address() {
        return bpf_map_create.ADDR;
    }

    /**
     * Creates a map; its fd or -errno.
     *
     * @param map_type see the C declaration
     * @param map_name see the C declaration
     * @param key_size see the C declaration
     * @param value_size see the C declaration
     * @param max_entries see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map_create(int map_type, MemorySegment map_name, int key_size, int value_size, int max_entries, MemorySegment opts) {
        var mh$ = bpf_map_create.HANDLE;
        try {
            return (int) mh$.invokeExact(map_type, map_name, key_size, value_size, max_entries, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map_lookup_elem {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map_lookup_elem");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map_lookup_elem}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map_lookup_elem$descriptor() {
        return bpf_map_lookup_elem.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map_lookup_elem}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map_lookup_elem$handle() {
        return bpf_map_lookup_elem.HANDLE;
    }

    /**
     * Address of {@code bpf_map_lookup_elem}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map_lookup_elem$address() {
        return bpf_map_lookup_elem.ADDR;
    }

    /**
     * Looks up an element; 0 or -errno (-ENOENT: absent).
     *
     * @param fd see the C declaration
     * @param key see the C declaration
     * @param value see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map_lookup_elem(int fd, MemorySegment key, MemorySegment value) {
        var mh$ = bpf_map_lookup_elem.HANDLE;
        try {
            return (int) mh$.invokeExact(fd, key, value);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map_update_elem {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_LONG);
        static final MemorySegment ADDR = findOrThrow("bpf_map_update_elem");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map_update_elem}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map_update_elem$descriptor() {
        return bpf_map_update_elem.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map_update_elem}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map_update_elem$handle() {
        return bpf_map_update_elem.HANDLE;
    }

    /**
     * Address of {@code bpf_map_update_elem}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map_update_elem$address() {
        return bpf_map_update_elem.ADDR;
    }

    /**
     * Creates or updates an element; 0 or -errno.
     *
     * @param fd see the C declaration
     * @param key see the C declaration
     * @param value see the C declaration
     * @param flags see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map_update_elem(int fd, MemorySegment key, MemorySegment value, long flags) {
        var mh$ = bpf_map_update_elem.HANDLE;
        try {
            return (int) mh$.invokeExact(fd, key, value, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map_delete_elem {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map_delete_elem");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map_delete_elem}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map_delete_elem$descriptor() {
        return bpf_map_delete_elem.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map_delete_elem}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map_delete_elem$handle() {
        return bpf_map_delete_elem.HANDLE;
    }

    /**
     * Address of {@code bpf_map_delete_elem}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map_delete_elem$address() {
        return bpf_map_delete_elem.ADDR;
    }

    /**
     * Deletes an element; 0 or -errno.
     *
     * @param fd see the C declaration
     * @param key see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map_delete_elem(int fd, MemorySegment key) {
        var mh$ = bpf_map_delete_elem.HANDLE;
        try {
            return (int) mh$.invokeExact(fd, key);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map_get_next_key {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map_get_next_key");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map_get_next_key}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map_get_next_key$descriptor() {
        return bpf_map_get_next_key.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map_get_next_key}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map_get_next_key$handle() {
        return bpf_map_get_next_key.HANDLE;
    }

    /**
     * Address of {@code bpf_map_get_next_key}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map_get_next_key$address() {
        return bpf_map_get_next_key.ADDR;
    }

    /**
     * The key after {@code key} (NULL: the first); -ENOENT at the end.
     *
     * @param fd see the C declaration
     * @param key see the C declaration
     * @param next_key see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map_get_next_key(int fd, MemorySegment key, MemorySegment next_key) {
        var mh$ = bpf_map_get_next_key.HANDLE;
        try {
            return (int) mh$.invokeExact(fd, key, next_key);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map_lookup_batch {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map_lookup_batch");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map_lookup_batch}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map_lookup_batch$descriptor() {
        return bpf_map_lookup_batch.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map_lookup_batch}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map_lookup_batch$handle() {
        return bpf_map_lookup_batch.HANDLE;
    }

    /**
     * Address of {@code bpf_map_lookup_batch}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map_lookup_batch$address() {
        return bpf_map_lookup_batch.ADDR;
    }

    /**
     * Reads up to *count elements; -ENOENT after the last batch.
     *
     * @param fd see the C declaration
     * @param in_batch see the C declaration
     * @param out_batch see the C declaration
     * @param keys see the C declaration
     * @param values see the C declaration
     * @param count see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map_lookup_batch(int fd, MemorySegment in_batch, MemorySegment out_batch, MemorySegment keys, MemorySegment values, MemorySegment count, MemorySegment opts) {
        var mh$ = bpf_map_lookup_batch.HANDLE;
        try {
            return (int) mh$.invokeExact(fd, in_batch, out_batch, keys, values, count, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map_update_batch {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map_update_batch");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map_update_batch}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map_update_batch$descriptor() {
        return bpf_map_update_batch.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map_update_batch}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map_update_batch$handle() {
        return bpf_map_update_batch.HANDLE;
    }

    /**
     * Address of {@code bpf_map_update_batch}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map_update_batch$address() {
        return bpf_map_update_batch.ADDR;
    }

    /**
     * Updates *count elements; 0 or -errno.
     *
     * @param fd see the C declaration
     * @param keys see the C declaration
     * @param values see the C declaration
     * @param count see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map_update_batch(int fd, MemorySegment keys, MemorySegment values, MemorySegment count, MemorySegment opts) {
        var mh$ = bpf_map_update_batch.HANDLE;
        try {
            return (int) mh$.invokeExact(fd, keys, values, count, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map_delete_batch {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_map_delete_batch");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map_delete_batch}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map_delete_batch$descriptor() {
        return bpf_map_delete_batch.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map_delete_batch}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map_delete_batch$handle() {
        return bpf_map_delete_batch.HANDLE;
    }

    /**
     * Address of {@code bpf_map_delete_batch}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map_delete_batch$address() {
        return bpf_map_delete_batch.ADDR;
    }

    /**
     * Deletes *count elements; 0 or -errno.
     *
     * @param fd see the C declaration
     * @param keys see the C declaration
     * @param count see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map_delete_batch(int fd, MemorySegment keys, MemorySegment count, MemorySegment opts) {
        var mh$ = bpf_map_delete_batch.HANDLE;
        try {
            return (int) mh$.invokeExact(fd, keys, count, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_obj_pin {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_obj_pin");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_obj_pin}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_obj_pin$descriptor() {
        return bpf_obj_pin.DESC;
    }

    /**
     * Downcall handle of {@code bpf_obj_pin}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_obj_pin$handle() {
        return bpf_obj_pin.HANDLE;
    }

    /**
     * Address of {@code bpf_obj_pin}.
     *
     * @return the address
     */
    public static MemorySegment bpf_obj_pin$address() {
        return bpf_obj_pin.ADDR;
    }

    /**
     * Pins a map, program or link in bpffs; 0 or -errno.
     *
     * @param fd see the C declaration
     * @param pathname see the C declaration
     * @return see the C declaration
     */
    public static int bpf_obj_pin(int fd, MemorySegment pathname) {
        var mh$ = bpf_obj_pin.HANDLE;
        try {
            return (int) mh$.invokeExact(fd, pathname);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_obj_get {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_obj_get");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_obj_get}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_obj_get$descriptor() {
        return bpf_obj_get.DESC;
    }

    /**
     * Downcall handle of {@code bpf_obj_get}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_obj_get$handle() {
        return bpf_obj_get.HANDLE;
    }

    /**
     * Address of {@code bpf_obj_get}.
     *
     * @return the address
     */
    public static MemorySegment bpf_obj_get$address() {
        return bpf_obj_get.ADDR;
    }

    /**
     * Opens a pinned object; its fd or -errno.
     *
     * @param pathname see the C declaration
     * @return see the C declaration
     */
    public static int bpf_obj_get(MemorySegment pathname) {
        var mh$ = bpf_obj_get.HANDLE;
        try {
            return (int) mh$.invokeExact(pathname);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_obj_get_info_by_fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_obj_get_info_by_fd");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_obj_get_info_by_fd}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_obj_get_info_by_fd$descriptor() {
        return bpf_obj_get_info_by_fd.DESC;
    }

    /**
     * Downcall handle of {@code bpf_obj_get_info_by_fd}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_obj_get_info_by_fd$handle() {
        return bpf_obj_get_info_by_fd.HANDLE;
    }

    /**
     * Address of {@code bpf_obj_get_info_by_fd}.
     *
     * @return the address
     */
    public static MemorySegment bpf_obj_get_info_by_fd$address() {
        return bpf_obj_get_info_by_fd.ADDR;
    }

    /**
     * Reads the kernel's info struct of an fd; 0 or -errno.
     *
     * @param bpf_fd see the C declaration
     * @param info see the C declaration
     * @param info_len see the C declaration
     * @return see the C declaration
     */
    public static int bpf_obj_get_info_by_fd(int bpf_fd, MemorySegment info, MemorySegment info_len) {
        var mh$ = bpf_obj_get_info_by_fd.HANDLE;
        try {
            return (int) mh$.invokeExact(bpf_fd, info, info_len);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_prog_test_run_opts {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_prog_test_run_opts");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_prog_test_run_opts}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_prog_test_run_opts$descriptor() {
        return bpf_prog_test_run_opts.DESC;
    }

    /**
     * Downcall handle of {@code bpf_prog_test_run_opts}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_prog_test_run_opts$handle() {
        return bpf_prog_test_run_opts.HANDLE;
    }

    /**
     * Address of {@code bpf_prog_test_run_opts}.
     *
     * @return the address
     */
    public static MemorySegment bpf_prog_test_run_opts$address() {
        return bpf_prog_test_run_opts.ADDR;
    }

    /**
     * Runs a program on test input (BPF_PROG_TEST_RUN); 0 or -errno.
     *
     * @param prog_fd see the C declaration
     * @param opts see the C declaration
     * @return see the C declaration
     */
    public static int bpf_prog_test_run_opts(int prog_fd, MemorySegment opts) {
        var mh$ = bpf_prog_test_run_opts.HANDLE;
        try {
            return (int) mh$.invokeExact(prog_fd, opts);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_prog_get_fd_by_id {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MemorySegment ADDR = findOrThrow("bpf_prog_get_fd_by_id");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_prog_get_fd_by_id}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_prog_get_fd_by_id$descriptor() {
        return bpf_prog_get_fd_by_id.DESC;
    }

    /**
     * Downcall handle of {@code bpf_prog_get_fd_by_id}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_prog_get_fd_by_id$handle() {
        return bpf_prog_get_fd_by_id.HANDLE;
    }

    /**
     * Address of {@code bpf_prog_get_fd_by_id}.
     *
     * @return the address
     */
    public static MemorySegment bpf_prog_get_fd_by_id$address() {
        return bpf_prog_get_fd_by_id.ADDR;
    }

    /**
     * Opens a program by id; a new fd or -errno.
     *
     * @param id see the C declaration
     * @return see the C declaration
     */
    public static int bpf_prog_get_fd_by_id(int id) {
        var mh$ = bpf_prog_get_fd_by_id.HANDLE;
        try {
            return (int) mh$.invokeExact(id);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_map_get_fd_by_id {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MemorySegment ADDR = findOrThrow("bpf_map_get_fd_by_id");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_map_get_fd_by_id}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_map_get_fd_by_id$descriptor() {
        return bpf_map_get_fd_by_id.DESC;
    }

    /**
     * Downcall handle of {@code bpf_map_get_fd_by_id}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_map_get_fd_by_id$handle() {
        return bpf_map_get_fd_by_id.HANDLE;
    }

    /**
     * Address of {@code bpf_map_get_fd_by_id}.
     *
     * @return the address
     */
    public static MemorySegment bpf_map_get_fd_by_id$address() {
        return bpf_map_get_fd_by_id.ADDR;
    }

    /**
     * Opens a map by id; a new fd or -errno.
     *
     * @param id see the C declaration
     * @return see the C declaration
     */
    public static int bpf_map_get_fd_by_id(int id) {
        var mh$ = bpf_map_get_fd_by_id.HANDLE;
        try {
            return (int) mh$.invokeExact(id);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_link_get_fd_by_id {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MemorySegment ADDR = findOrThrow("bpf_link_get_fd_by_id");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_link_get_fd_by_id}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_link_get_fd_by_id$descriptor() {
        return bpf_link_get_fd_by_id.DESC;
    }

    /**
     * Downcall handle of {@code bpf_link_get_fd_by_id}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_link_get_fd_by_id$handle() {
        return bpf_link_get_fd_by_id.HANDLE;
    }

    /**
     * Address of {@code bpf_link_get_fd_by_id}.
     *
     * @return the address
     */
    public static MemorySegment bpf_link_get_fd_by_id$address() {
        return bpf_link_get_fd_by_id.ADDR;
    }

    /**
     * Opens a link by id; a new fd or -errno.
     *
     * @param id see the C declaration
     * @return see the C declaration
     */
    public static int bpf_link_get_fd_by_id(int id) {
        var mh$ = bpf_link_get_fd_by_id.HANDLE;
        try {
            return (int) mh$.invokeExact(id);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_link_get_next_id {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_link_get_next_id");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_link_get_next_id}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_link_get_next_id$descriptor() {
        return bpf_link_get_next_id.DESC;
    }

    /**
     * Downcall handle of {@code bpf_link_get_next_id}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_link_get_next_id$handle() {
        return bpf_link_get_next_id.HANDLE;
    }

    /**
     * Address of {@code bpf_link_get_next_id}.
     *
     * @return the address
     */
    public static MemorySegment bpf_link_get_next_id$address() {
        return bpf_link_get_next_id.ADDR;
    }

    /**
     * The next link id after start_id (into next_id); 0 or -errno (-ENOENT at the end).
     *
     * @param start_id see the C declaration
     * @param next_id see the C declaration
     * @return see the C declaration
     */
    public static int bpf_link_get_next_id(int start_id, MemorySegment next_id) {
        var mh$ = bpf_link_get_next_id.HANDLE;
        try {
            return (int) mh$.invokeExact(start_id, next_id);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bpf_prog_query {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("bpf_prog_query");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code bpf_prog_query}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bpf_prog_query$descriptor() {
        return bpf_prog_query.DESC;
    }

    /**
     * Downcall handle of {@code bpf_prog_query}.
     *
     * @return the handle
     */
    public static MethodHandle bpf_prog_query$handle() {
        return bpf_prog_query.HANDLE;
    }

    /**
     * Address of {@code bpf_prog_query}.
     *
     * @return the address
     */
    public static MemorySegment bpf_prog_query$address() {
        return bpf_prog_query.ADDR;
    }

    /**
     * Queries the programs attached to a hook (BPF_PROG_QUERY: cgroup, tcx by ifindex, ...); 0 or -errno.
     *
     * @param target_fd see the C declaration
     * @param type see the C declaration
     * @param query_flags see the C declaration
     * @param attach_flags see the C declaration
     * @param prog_ids see the C declaration
     * @param prog_cnt see the C declaration
     * @return see the C declaration
     */
    public static int bpf_prog_query(int target_fd, int type, int query_flags, MemorySegment attach_flags, MemorySegment prog_ids, MemorySegment prog_cnt) {
        var mh$ = bpf_prog_query.HANDLE;
        try {
            return (int) mh$.invokeExact(target_fd, type, query_flags, attach_flags, prog_ids, prog_cnt);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }
}
