package dev.blixt.examples.grpc;

import dev.blixt.Backend;
import dev.blixt.Route;
import dev.blixt.TrafficStats;
import dev.blixt.Vip;
import dev.blixt.examples.grpc.proto.v1.BackendStats;
import dev.blixt.examples.grpc.proto.v1.DrainRequest;
import dev.blixt.examples.grpc.proto.v1.DrainResponse;
import dev.blixt.examples.grpc.proto.v1.GetRouteRequest;
import dev.blixt.examples.grpc.proto.v1.GetRouteResponse;
import dev.blixt.examples.grpc.proto.v1.GetStatsRequest;
import dev.blixt.examples.grpc.proto.v1.GetStatsResponse;
import dev.blixt.examples.grpc.proto.v1.ListRoutesRequest;
import dev.blixt.examples.grpc.proto.v1.ListRoutesResponse;
import dev.blixt.examples.grpc.proto.v1.LoadBalancerGrpc;
import dev.blixt.examples.grpc.proto.v1.RemoveRouteRequest;
import dev.blixt.examples.grpc.proto.v1.RemoveRouteResponse;
import dev.blixt.examples.grpc.proto.v1.SetRouteRequest;
import dev.blixt.examples.grpc.proto.v1.SetRouteResponse;
import dev.blixt.examples.grpc.proto.v1.VipStats;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@code blixt.v1.LoadBalancer} service: routes with IPv6, protocols, weights, draining and
 * counters, one VIP (address, port, protocol) at a time.
 */
public final class LoadBalancerService extends LoadBalancerGrpc.LoadBalancerImplBase {
    private static final System.Logger LOG = System.getLogger(LoadBalancerService.class.getName());

    private final RouteControl control;

    /**
     * Creates the service.
     *
     * @param control the routes
     */
    public LoadBalancerService(RouteControl control) {
        this.control = Objects.requireNonNull(control, "control");
    }

    @Override
    public void setRoute(SetRouteRequest request, StreamObserver<SetRouteResponse> response) {
        answer(response, () -> {
            if (!request.hasRoute()) throw GrpcErrors.invalid("missing route");
            if (!request.getRoute().hasVip()) throw GrpcErrors.invalid("missing route.vip");
            Vip vip = V1Messages.vip(request.getRoute().getVip(), "route.vip");
            List<Backend> backends = V1Messages.backends(request.getRoute().getBackendsList(), "route.backends");
            Route applied = control.apply(vip, backends);
            LOG.log(System.Logger.Level.INFO, "{0} set to {1}", vip, applied.backends());
            return SetRouteResponse.newBuilder().setRoute(V1Messages.toMessage(applied)).build();
        });
    }

    @Override
    public void getRoute(GetRouteRequest request, StreamObserver<GetRouteResponse> response) {
        answer(response, () -> {
            Vip vip = requireVip(request.hasVip(), request.getVip());
            Route route = control.balancer().route(vip).orElseThrow(() -> GrpcErrors.notFound("no route for " + vip));
            return GetRouteResponse.newBuilder().setRoute(V1Messages.toMessage(route)).build();
        });
    }

    @Override
    public void listRoutes(ListRoutesRequest request, StreamObserver<ListRoutesResponse> response) {
        answer(response, () -> {
            var b = ListRoutesResponse.newBuilder();
            for (Route r : control.balancer().routes()) b.addRoutes(V1Messages.toMessage(r));
            return b.build();
        });
    }

    @Override
    public void removeRoute(RemoveRouteRequest request, StreamObserver<RemoveRouteResponse> response) {
        answer(response, () -> {
            Vip vip = requireVip(request.hasVip(), request.getVip());
            boolean existed = control.remove(vip);
            if (existed) LOG.log(System.Logger.Level.INFO, "{0} removed", vip);
            return RemoveRouteResponse.newBuilder().setExisted(existed).build();
        });
    }

    @Override
    public void drain(DrainRequest request, StreamObserver<DrainResponse> response) {
        answer(response, () -> {
            Vip vip = requireVip(request.hasVip(), request.getVip());
            if (!request.hasBackend()) throw GrpcErrors.invalid("missing backend");
            Backend backend = V1Messages.backend(request.getBackend(), "backend");
            Route route = control.balancer().route(vip).orElseThrow(() -> GrpcErrors.notFound("no route for " + vip));
            if (route.find(backend).isEmpty()) {
                throw GrpcErrors.notFound(backend.key() + " is not a backend of " + vip + " (backends: "
                        + route.backends().stream().map(Backend::key).toList() + ")");
            }
            Route drained = control.drain(vip, backend);
            LOG.log(System.Logger.Level.INFO, "{0}: {1} drained", vip, backend.key());
            return DrainResponse.newBuilder().setRoute(V1Messages.toMessage(drained)).build();
        });
    }

    @Override
    public void getStats(GetStatsRequest request, StreamObserver<GetStatsResponse> response) {
        answer(response, () -> {
            var b = GetStatsResponse.newBuilder();
            Balancer balancer = control.balancer();
            if (request.hasVip()) {
                Vip vip = V1Messages.vip(request.getVip(), "vip");
                if (balancer.route(vip).isEmpty()) throw GrpcErrors.notFound("no route for " + vip);
                b.addVips(vipStats(balancer, vip));
            } else {
                for (Route r : balancer.routes()) {
                    try {
                        b.addVips(vipStats(balancer, r.vip()));
                    } catch (IllegalArgumentException removedMeanwhile) {
                        // the VIP was removed between the listing and the read: leave it out
                    }
                }
            }
            b.setGlobal(V1Messages.toMessage(balancer.globalStats()));
            return b.build();
        });
    }

    private static VipStats vipStats(Balancer balancer, Vip vip) {
        var s = VipStats.newBuilder().setVip(V1Messages.toMessage(vip)).setCounters(V1Messages.toMessage(balancer.stats(vip)));
        for (Map.Entry<Backend, TrafficStats> e : balancer.backendStats(vip).entrySet()) {
            s.addBackends(BackendStats.newBuilder()
                    .setBackend(V1Messages.toMessage(e.getKey()))
                    .setCounters(V1Messages.toMessage(e.getValue())));
        }
        return s.build();
    }

    private static Vip requireVip(boolean present, dev.blixt.examples.grpc.proto.v1.Vip vip) {
        if (!present) throw GrpcErrors.invalid("missing vip");
        return V1Messages.vip(vip, "vip");
    }

    private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.toStatus(e));
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }
}
