// Bindings for libbpf 1.1 in the shape jextract generates (hand-maintained).
package dev.blixt.internal.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * The function pointer type {@code int (*libbpf_print_fn_t)(enum libbpf_print_level level, const char *fmt,
 * va_list ap)}. On x86-64 and AArch64 a {@code va_list} parameter arrives as a pointer: format it with
 * {@link libc_h#vsnprintf}.
 */
@SuppressWarnings({"restricted", "checkstyle:TypeName"})
public final class libbpf_print_fn_t {

    private libbpf_print_fn_t() {
        // static accessors only
    }

    /** The Java side of the callback. It must not throw: an exception in an upcall ends the JVM. */
    @FunctionalInterface
    public interface Function {
        /**
         * Receives one libbpf message.
         *
         * @param level {@code enum libbpf_print_level}
         * @param fmt the printf format
         * @param ap the {@code va_list}, as a pointer
         * @return the number of characters printed (ignored by libbpf)
         */
        int apply(int level, MemorySegment fmt, MemorySegment ap);
    }

    private static final FunctionDescriptor $DESC =
            FunctionDescriptor.of(libbpf_h.C_INT, libbpf_h.C_INT, libbpf_h.C_POINTER, libbpf_h.C_POINTER);

    /**
     * The function descriptor of this function pointer type.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor descriptor() {
        return $DESC;
    }

    private static final MethodHandle UP$MH;

    static {
        try {
            UP$MH = MethodHandles.lookup().findVirtual(Function.class, "apply", $DESC.toMethodType());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Allocates an upcall stub that calls {@code fi}; it lives as long as {@code arena}.
     *
     * @param fi the Java callback
     * @param arena the stub's lifetime
     * @return the function pointer
     */
    public static MemorySegment allocate(Function fi, Arena arena) {
        return Linker.nativeLinker().upcallStub(UP$MH.bindTo(fi), $DESC, arena);
    }

    private static final MethodHandle DOWN$MH = Linker.nativeLinker().downcallHandle($DESC);

    /**
     * Calls a function pointer of this type.
     *
     * @param funcPtr the function pointer
     * @param level the level
     * @param fmt the format
     * @param ap the {@code va_list} pointer
     * @return the callee's result
     */
    public static int invoke(MemorySegment funcPtr, int level, MemorySegment fmt, MemorySegment ap) {
        try {
            return (int) DOWN$MH.invokeExact(funcPtr, level, fmt, ap);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }
}
