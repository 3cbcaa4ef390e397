package dev.blixt.examples.grpc;

import dev.blixt.examples.grpc.proto.backends.backendsGrpc;
import dev.blixt.examples.grpc.proto.v1.LoadBalancerGrpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The running servers: the API ({@code backends.backends}, {@code blixt.v1.LoadBalancer},
 * reflection and health) on one port, TLS as configured, and {@code grpc.health.v1} alone on the
 * health port, always plaintext (Blixt's DaemonSet probes it).
 *
 * {@snippet :
 * Balancer balancer = new DataplaneBalancer(Dataplane.open(config));
 * try (ApiServer server = ApiServer.start(ServerSettings.defaults(), balancer, new IpRouteResolver())) {
 *     server.awaitTermination();
 * }
 * }
 */
public final class ApiServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
    /** The services whose health is reported, besides the whole server (""). */
    public static final List<String> SERVICES = List.of(backendsGrpc.SERVICE_NAME, LoadBalancerGrpc.SERVICE_NAME);

    private final Server api;
    private final Server health;
    private final HealthStatusManager healthStatus;
    private final Balancer balancer;
    private boolean closed;

    private ApiServer(Server api, Server health, HealthStatusManager healthStatus, Balancer balancer) {
        this.api = api;
        this.health = health;
        this.healthStatus = healthStatus;
        this.balancer = balancer;
    }

    /**
     * Starts both servers. {@link #close()} stops them and closes the balancer.
     *
     * @param settings where to listen and TLS
     * @param balancer the data plane
     * @param resolver answers {@code GetInterfaceIndex}
     * @return the running server
     * @throws UncheckedIOException if a port cannot be bound
     * @throws IllegalArgumentException if the TLS files cannot be used (the message says why)
     */
    public static ApiServer start(ServerSettings settings, Balancer balancer, InterfaceResolver resolver) {
        Objects.requireNonNull(balancer, "balancer");
        RouteControl control = new RouteControl(balancer);
        HealthStatusManager healthStatus = new HealthStatusManager();
        Server api = apiBuilder(settings)
                .addService(new BackendsService(control, resolver))
                .addService(new LoadBalancerService(control))
                .addService(healthStatus.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .build();
        Server health = NettyServerBuilder
                .forAddress(new InetSocketAddress(settings.host(), settings.healthPort()), InsecureServerCredentials.create())
                .addService(healthStatus.getHealthService())
                .build();
        try {
            api.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        try {
            health.start();
        } catch (IOException e) {
            api.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.healthPort()
                    + " for health checks: " + e.getMessage(), e);
        }
        healthStatus.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        for (String s : SERVICES) healthStatus.setStatus(s, ServingStatus.SERVING);
        ApiServer server = new ApiServer(api, health, healthStatus, balancer);
        LOG.log(System.Logger.Level.INFO, "API on {0}:{1,number,#} ({2}), health on port {3,number,#}, data plane {4}",
                settings.host(), server.port(), settings.tls().map(t -> t.mutual() ? "mutual TLS" : "TLS").orElse("plaintext"),
                server.healthPort(), balancer);
        return server;
    }

    private static NettyServerBuilder apiBuilder(ServerSettings settings) {
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (settings.tls().isEmpty()) return NettyServerBuilder.forAddress(address, InsecureServerCredentials.create());
        TlsSettings tls = settings.tls().get();
        try {
            TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder()
                    .keyManager(tls.certificate().toFile(), tls.privateKey().toFile());
            if (tls.mutual()) {
                b.trustManager(tls.clientCertificateAuthorityRoots().orElseThrow().toFile())
                        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            }
            ServerCredentials credentials = b.build();
            return NettyServerBuilder.forAddress(address, credentials); // parses the PEM files
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use the TLS files (" + tls.certificate() + ", " + tls.privateKey()
                    + tls.clientCertificateAuthorityRoots().map(p -> ", " + p).orElse("") + "): " + e.getMessage()
                    + " (PEM files expected; the key in PKCS#8: openssl pkcs8 -topk8 -nocrypt)", e);
        }
    }

    /**
     * The API port (useful when started on port 0).
     *
     * @return the bound port
     */
    public int port() {
        return api.getPort();
    }

    /**
     * The health port.
     *
     * @return the bound port
     */
    public int healthPort() {
        return health.getPort();
    }

    /**
     * The health status of the server and its services; {@link #close()} turns it NOT_SERVING.
     *
     * @return the manager
     */
    public HealthStatusManager healthStatus() {
        return healthStatus;
    }

    /**
     * Waits until the servers stop.
     *
     * @throws InterruptedException if interrupted
     */
    public void awaitTermination() throws InterruptedException {
        api.awaitTermination();
        health.awaitTermination();
    }

    /**
     * Reports NOT_SERVING, stops accepting calls, lets running calls finish for up to five seconds,
     * then closes the balancer (a pinned data plane keeps forwarding). Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        healthStatus.enterTerminalState();
        api.shutdown();
        health.shutdown();
        try {
            if (!api.awaitTermination(5, TimeUnit.SECONDS)) api.shutdownNow();
            if (!health.awaitTermination(1, TimeUnit.SECONDS)) health.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            api.shutdownNow();
            health.shutdownNow();
        } finally {
            balancer.close();
        }
    }
}
