package dev.blixt.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.examples.grpc.proto.v1.ListRoutesRequest;
import dev.blixt.examples.grpc.proto.v1.LoadBalancerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS with certificates made by the test; the health port stays plaintext. */
class TlsTest {
    @TempDir
    static Path dir;

    static TestCertificates ca;
    static TestCertificates otherCa;
    static TestCertificates.Pem serverPem;
    static TestCertificates.Pem clientPem;
    static TestCertificates.Pem strangerPem;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.authority(dir, "blixt");
        otherCa = TestCertificates.authority(dir, "other");
        serverPem = ca.server("server");
        clientPem = ca.client("client");
        strangerPem = otherCa.client("stranger");
    }

    private static TestServer start(TlsSettings tls) {
        return TestServer.start(new InMemoryBalancer(), address -> 1, Optional.of(tls));
    }

    private static int listRoutes(ClientConnection connection) {
        ManagedChannel ch = connection.open();
        try {
            return LoadBalancerGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listRoutes(ListRoutesRequest.getDefaultInstance()).getRoutesCount();
        } finally {
            ch.shutdownNow();
        }
    }

    private static ClientConnection tls(int port, TestCertificates.Pem client) {
        return new ClientConnection("127.0.0.1", port, true, Optional.of(ca.caCertificate),
                Optional.ofNullable(client).map(TestCertificates.Pem::certificate),
                Optional.ofNullable(client).map(TestCertificates.Pem::privateKey), Optional.empty());
    }

    private static void assertRefused(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void aTlsClientTrustingTheCaIsServed() throws Exception {
        try (TestServer server = start(TlsSettings.serverOnly(serverPem.certificate(), serverPem.privateKey()))) {
            assertThat(listRoutes(tls(server.port(), null))).isZero();
        }
    }

    @Test
    void aPlaintextClientIsRefusedByATlsServer() throws Exception {
        try (TestServer server = start(TlsSettings.serverOnly(serverPem.certificate(), serverPem.privateKey()))) {
            assertRefused(() -> listRoutes(ClientConnection.plaintext("127.0.0.1", server.port())));
        }
    }

    @Test
    void aClientThatDoesNotTrustTheServersCaRefusesIt() throws Exception {
        try (TestServer server = start(TlsSettings.serverOnly(serverPem.certificate(), serverPem.privateKey()))) {
            ClientConnection wrongTrust = new ClientConnection("127.0.0.1", server.port(), true,
                    Optional.of(otherCa.caCertificate), Optional.empty(), Optional.empty(), Optional.empty());
            assertRefused(() -> listRoutes(wrongTrust));
        }
    }

    @Test
    void mutualTlsServesAClientWithACertificateFromTheCa() throws Exception {
        try (TestServer server = start(TlsSettings.mutual(serverPem.certificate(), serverPem.privateKey(), ca.caCertificate))) {
            assertThat(listRoutes(tls(server.port(), clientPem))).isZero();
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        try (TestServer server = start(TlsSettings.mutual(serverPem.certificate(), serverPem.privateKey(), ca.caCertificate))) {
            assertRefused(() -> listRoutes(tls(server.port(), null)));
        }
    }

    @Test
    void mutualTlsRefusesAClientCertificateFromAnotherCa() throws Exception {
        try (TestServer server = start(TlsSettings.mutual(serverPem.certificate(), serverPem.privateKey(), ca.caCertificate))) {
            assertRefused(() -> listRoutes(tls(server.port(), strangerPem)));
        }
    }

    @Test
    void theHealthPortStaysPlaintextUnderMutualTls() throws Exception {
        try (TestServer server = start(TlsSettings.mutual(serverPem.certificate(), serverPem.privateKey(), ca.caCertificate))) {
            ManagedChannel health = ManagedChannelBuilder.forAddress("127.0.0.1", server.server.healthPort()).usePlaintext().build();
            try {
                assertThat(HealthGrpc.newBlockingStub(health).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
            } finally {
                health.shutdownNow();
            }
        }
    }

    @Test
    void unusableTlsFilesAreRefusedAtStartWithTheReason() throws Exception {
        Path notPem = java.nio.file.Files.writeString(dir.resolve("not.pem"), "not a certificate\n");

        assertThatThrownBy(() -> start(TlsSettings.serverOnly(notPem, serverPem.privateKey())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot use the TLS files").hasMessageContaining("not.pem");
        assertThatThrownBy(() -> TlsSettings.serverOnly(dir.resolve("missing.pem"), serverPem.privateKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server certificate " + dir.resolve("missing.pem") + " is not a readable file");
    }
}
