package dev.blixt.examples.grpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's TLS material: Blixt's {@code tls} (certificate and key) or {@code mutual-tls} (plus
 * the CA roots that client certificates must chain to; clients without one are refused).
 *
 * @param certificate PEM certificate chain of the server
 * @param privateKey PEM private key of the server (PKCS#8, "BEGIN PRIVATE KEY")
 * @param clientCertificateAuthorityRoots PEM CA certificates for client certificates; present for mutual TLS
 */
public record TlsSettings(Path certificate, Path privateKey, Optional<Path> clientCertificateAuthorityRoots) {
    /**
     * Validates that the files are readable.
     *
     * @throws IllegalArgumentException naming a file that is not readable
     */
    public TlsSettings {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(clientCertificateAuthorityRoots, "clientCertificateAuthorityRoots");
        readable(certificate, "server certificate");
        readable(privateKey, "server private key");
        clientCertificateAuthorityRoots.ifPresent(p -> readable(p, "client certificate authority roots"));
    }

    private static void readable(Path p, String what) {
        if (!Files.isReadable(p)) throw new IllegalArgumentException(what + " " + p + " is not a readable file");
    }

    /**
     * Server-only TLS.
     *
     * @param certificate PEM certificate chain
     * @param privateKey PEM private key (PKCS#8)
     * @return the settings
     */
    public static TlsSettings serverOnly(Path certificate, Path privateKey) {
        return new TlsSettings(certificate, privateKey, Optional.empty());
    }

    /**
     * Mutual TLS.
     *
     * @param certificate PEM certificate chain
     * @param privateKey PEM private key (PKCS#8)
     * @param clientRoots PEM CA certificates that client certificates must chain to
     * @return the settings
     */
    public static TlsSettings mutual(Path certificate, Path privateKey, Path clientRoots) {
        return new TlsSettings(certificate, privateKey, Optional.of(clientRoots));
    }

    /**
     * Whether clients must present a certificate.
     *
     * @return true for mutual TLS
     */
    public boolean mutual() {
        return clientCertificateAuthorityRoots.isPresent();
    }
}
