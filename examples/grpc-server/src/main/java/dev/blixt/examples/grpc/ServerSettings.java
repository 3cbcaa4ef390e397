package dev.blixt.examples.grpc;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the API server listens.
 *
 * @param host the address to bind, e.g. "0.0.0.0" or "127.0.0.1"
 * @param port the API port (0: any free port)
 * @param healthPort the {@code grpc.health.v1} port, always plaintext (0: any free port)
 * @param tls TLS for the API port; empty for plaintext
 */
public record ServerSettings(String host, int port, int healthPort, Optional<TlsSettings> tls) {
    /** Blixt's API port. */
    public static final int DEFAULT_PORT = 9874;

    /**
     * Validates the ports.
     *
     * @throws IllegalArgumentException if a port is out of range, or both are the same fixed port
     */
    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        checkPort(port, "port");
        checkPort(healthPort, "health port");
        if (port != 0 && port == healthPort) {
            throw new IllegalArgumentException("the API and the health service need two ports, both are " + port);
        }
    }

    private static void checkPort(int p, String what) {
        if (p < 0 || p > 65535) throw new IllegalArgumentException(what + " must be 0..65535, got " + p);
    }

    /**
     * Blixt's defaults: plaintext API on 0.0.0.0:9874, health on 9875.
     *
     * @return the settings
     */
    public static ServerSettings defaults() {
        return new ServerSettings("0.0.0.0", DEFAULT_PORT, DEFAULT_PORT + 1, Optional.empty());
    }

    /**
     * The health port Blixt uses for an API port: port + 1 (any free port when the API port is 0).
     *
     * @param port the API port
     * @return the health port
     */
    public static int healthPortFor(int port) {
        return port == 0 ? 0 : port + 1;
    }
}
