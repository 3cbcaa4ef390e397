package dev.blixt.examples.grpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real {@link ApiServer} on 127.0.0.1 with ephemeral ports, and a plaintext channel to it. */
final class TestServer implements AutoCloseable {
    final Balancer balancer;
    final ApiServer server;
    final ManagedChannel channel;

    private TestServer(Balancer balancer, ApiServer server) {
        this.balancer = balancer;
        this.server = server;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    static TestServer start(Balancer balancer, InterfaceResolver resolver) {
        return start(balancer, resolver, Optional.empty());
    }

    static TestServer start(Balancer balancer, InterfaceResolver resolver, Optional<TlsSettings> tls) {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, 0, tls);
        return new TestServer(balancer, ApiServer.start(settings, balancer, resolver));
    }

    static TestServer inMemory() {
        return start(new InMemoryBalancer(), address -> {
            throw new InterfaceResolver.LookupException("no resolver in this test");
        });
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
    }
}
