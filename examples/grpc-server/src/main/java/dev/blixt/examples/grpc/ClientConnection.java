package dev.blixt.examples.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the client reaches the server: address, port and TLS.
 *
 * @param host the server address
 * @param port the server port
 * @param tls whether to use TLS (implied by any of the paths)
 * @param caCertificate PEM CA certificates to trust instead of the system's
 * @param clientCertificate PEM client certificate chain, for mutual TLS
 * @param clientPrivateKey PEM client private key (PKCS#8), for mutual TLS
 * @param authority the name to check the server certificate against, instead of {@code host}
 */
public record ClientConnection(String host, int port, boolean tls, Optional<Path> caCertificate,
        Optional<Path> clientCertificate, Optional<Path> clientPrivateKey, Optional<String> authority) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the port is out of range or only one of certificate and key is given
     */
    public ClientConnection {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("server port must be 1..65535, got " + port);
        if (clientCertificate.isPresent() != clientPrivateKey.isPresent()) {
            throw new IllegalArgumentException("give both the client certificate and its private key, or neither");
        }
    }

    /**
     * A plaintext connection.
     *
     * @param host the server address
     * @param port the server port
     * @return the connection
     */
    public static ClientConnection plaintext(String host, int port) {
        return new ClientConnection(host, port, false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Whether TLS is used.
     *
     * @return true with {@code --tls} or any TLS file
     */
    public boolean usesTls() {
        return tls || caCertificate.isPresent() || clientCertificate.isPresent();
    }

    /**
     * Opens a channel; close it with {@code shutdownNow()}.
     *
     * @return the channel
     * @throws UncheckedIOException if a TLS file cannot be read
     */
    public ManagedChannel open() {
        ManagedChannelBuilder<?> b = Grpc.newChannelBuilderForAddress(host, port, credentials());
        authority.ifPresent(b::overrideAuthority);
        return b.build();
    }

    private ChannelCredentials credentials() {
        if (!usesTls()) return InsecureChannelCredentials.create();
        try {
            TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
            if (caCertificate.isPresent()) b.trustManager(caCertificate.get().toFile());
            if (clientCertificate.isPresent()) {
                b.keyManager(clientCertificate.get().toFile(), clientPrivateKey.orElseThrow().toFile());
            }
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
        }
    }
}
