package dev.blixt.examples.grpc;

import java.io.Serial;
import java.net.InetAddress;

/** Finds the interface the route to an address leaves by (Blixt's {@code GetInterfaceIndex}). */
@FunctionalInterface
public interface InterfaceResolver {

    /**
     * The index of the interface the route to the address leaves by.
     *
     * @param address the destination
     * @return the interface index
     * @throws LookupException with the reason when there is no route or it cannot be looked up
     */
    int ifindexOf(InetAddress address);

    /** The route to an address could not be found; the message says why. */
    final class LookupException extends RuntimeException {
        @Serial private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message why the lookup failed
         */
        public LookupException(String message) {
            super(message);
        }

        /**
         * Creates the exception.
         *
         * @param message why the lookup failed
         * @param cause the underlying failure
         */
        public LookupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
