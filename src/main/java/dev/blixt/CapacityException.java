package dev.blixt;

import dev.blixt.error.DataplaneException;
import java.io.Serial;

/**
 * A route does not fit: too many VIPs or backends for the sizes the data plane was opened with.
 * Nothing was changed. Raise the limit in {@link DataplaneConfig} or remove routes.
 */
public final class CapacityException extends DataplaneException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which limit, its value, and what to do
     */
    public CapacityException(String message) {
        super(message);
    }
}
