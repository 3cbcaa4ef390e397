package dev.blixt.bpf;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

import dev.blixt.error.DataplaneException;
import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.Libbpf;

/**
 * A BPF operation failed in the kernel or in libbpf.
 *
 * <p>Carries the error number ({@link #errno()}, {@link #errnoName()}) and libbpf's description of it
 * ({@link #libbpfMessage()}); the message says what was attempted and what to do, for instance
 * {@code "creating map 'flows': EPERM (Operation not permitted); run as root or grant CAP_BPF,
 * CAP_PERFMON and CAP_NET_ADMIN"}.
 */
public class BpfException extends DataplaneException {
    @Serial private static final long serialVersionUID = 1L;

    /** The positive error number. */
    private final int errno;
    /** libbpf's description of the error number. */
    private final String libbpfMessage;

    /**
     * Creates an exception for a failed operation. The message gets the errno name, libbpf's
     * description and, for common errors, what to do.
     *
     * @param operation what was attempted, for instance {@code "pinning map 'flows' at /sys/fs/bpf/x"}
     * @param errno the error number (positive or negative)
     */
    public BpfException(String operation, int errno) {
        this(operation, errno, null);
    }

    /**
     * Creates an exception for a failed operation with a specific hint instead of the generic one.
     *
     * @param operation what was attempted
     * @param errno the error number (positive or negative)
     * @param hint what the caller should do, or {@code null} for the generic hint of the errno
     */
    public BpfException(String operation, int errno, @Nullable String hint) {
        this(operation, errno, hint, null);
    }

    /**
     * Creates an exception for a failed operation with a hint and a cause.
     *
     * @param operation what was attempted
     * @param errno the error number (positive or negative)
     * @param hint what the caller should do, or {@code null} for the generic hint of the errno
     * @param cause the underlying failure, or {@code null}
     */
    public BpfException(String operation, int errno, @Nullable String hint, @Nullable Throwable cause) {
        this(Math.abs(errno), Libbpf.strerror(errno), operation, hint, cause);
    }

    private BpfException(int errno, String libbpfMessage, String operation, @Nullable String hint,
                         @Nullable Throwable cause) {
        super(format(operation, errno, libbpfMessage, hint), cause);
        this.errno = errno;
        this.libbpfMessage = libbpfMessage;
    }

    private static String format(String operation, int errno, String libbpfMessage, @Nullable String hint) {
        String h = hint != null ? hint : genericHint(errno);
        return operation + ": " + Errno.name(errno) + " (" + libbpfMessage + ")" + (h.isEmpty() ? "" : "; " + h);
    }

    /**
     * The generic advice for an errno, empty when there is none.
     *
     * @param errno a positive errno
     * @return the advice
     */
    static String genericHint(int errno) {
        return switch (errno) {
            case Errno.EPERM, Errno.EACCES -> "run as root or grant CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN";
            case Errno.ENODEV -> "no such network interface in this network namespace";
            case Errno.ENOMEM -> "the kernel could not allocate the memory (is a map too large?)";
            case Errno.E2BIG -> "too big or too many (is the map full?)";
            case Errno.EMFILE -> "too many open files: raise the limit (ulimit -n)";
            case Errno.EOPNOTSUPP, Errno.ENOTSUPP -> "not supported by this kernel, device or map type";
            case Errno.EBADF -> "the file descriptor is not valid (was the owner closed?)";
            default -> "";
        };
    }

    /**
     * The error number, positive ({@code 1} for EPERM and so on; libbpf's own codes are 4000 and up).
     *
     * @return the errno
     */
    public int errno() {
        return errno;
    }

    /**
     * The symbolic name of {@link #errno()}.
     *
     * @return {@code "EPERM"}, {@code "ENOENT"}, {@code "LIBBPF_ERRNO__FORMAT"}, ... or {@code "errno N"}
     */
    public String errnoName() {
        return Errno.name(errno);
    }

    /**
     * libbpf's description of {@link #errno()} ({@code libbpf_strerror}).
     *
     * @return the description, for instance {@code "Operation not permitted"}
     */
    public String libbpfMessage() {
        return libbpfMessage;
    }
}
