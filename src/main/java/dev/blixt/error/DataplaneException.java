package dev.blixt.error;

import java.io.Serial;

/**
 * The root of the library's exceptions: something the data plane could not do.
 *
 * <p>Unchecked. Messages say what happened, the cause when the kernel or libbpf gave one, and what to
 * do about it. Subclasses carry more detail (for instance {@link dev.blixt.bpf.BpfException} carries
 * the errno).
 */
public class DataplaneException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what happened and what to do
     */
    public DataplaneException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what happened and what to do
     * @param cause the underlying failure
     */
    public DataplaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
