package dev.blixt.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** grpc.health.v1 on the health port (Blixt's DaemonSet probes it) and on the API port. */
class HealthTest {

    private static ServingStatus check(ManagedChannel ch, String service) {
        return HealthGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    @Test
    void theHealthPortReportsTheServerAndItsServicesServing() throws Exception {
        try (TestServer server = TestServer.inMemory()) {
            ManagedChannel health = ManagedChannelBuilder.forAddress("127.0.0.1", server.server.healthPort()).usePlaintext().build();
            try {
                assertThat(server.server.healthPort()).isNotEqualTo(server.port());
                assertThat(check(health, "")).isEqualTo(ServingStatus.SERVING);
                assertThat(check(health, "backends.backends")).isEqualTo(ServingStatus.SERVING);
                assertThat(check(health, "blixt.v1.LoadBalancer")).isEqualTo(ServingStatus.SERVING);
                assertThatThrownBy(() -> check(health, "no.such.Service"))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
            } finally {
                health.shutdownNow();
            }
        }
    }

    @Test
    void theApiPortAnswersHealthChecksToo() throws Exception {
        try (TestServer server = TestServer.inMemory()) {
            assertThat(check(server.channel, "")).isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void closingReportsNotServingToWatchersAndThenClosesThePorts() throws Exception {
        TestServer server = TestServer.inMemory();
        ManagedChannel health = ManagedChannelBuilder.forAddress("127.0.0.1", server.server.healthPort()).usePlaintext().build();
        try {
            BlockingQueue<ServingStatus> seen = new LinkedBlockingQueue<>();
            HealthGrpc.newStub(health).watch(HealthCheckRequest.newBuilder().setService("backends.backends").build(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(HealthCheckResponse value) {
                            seen.add(value.getStatus());
                        }

                        @Override
                        public void onError(Throwable t) {}

                        @Override
                        public void onCompleted() {}
                    });
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);

            server.close();

            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(ServingStatus.NOT_SERVING);
            assertThatThrownBy(() -> check(health, ""))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            health.shutdownNow();
        }
    }

    @Test
    void blixtsPortsAreTheDefaults() {
        ServerSettings defaults = ServerSettings.defaults();

        assertThat(defaults.host()).isEqualTo("0.0.0.0");
        assertThat(defaults.port()).isEqualTo(9874);
        assertThat(defaults.healthPort()).isEqualTo(9875);
        assertThat(defaults.tls()).isEmpty();
        assertThat(ServerSettings.healthPortFor(10000)).isEqualTo(10001);
    }
}
