package dev.blixt.examples.grpc;

import dev.blixt.Backend;
import dev.blixt.examples.grpc.proto.backends.Confirmation;
import dev.blixt.examples.grpc.proto.backends.InterfaceIndexConfirmation;
import dev.blixt.examples.grpc.proto.backends.PodIP;
import dev.blixt.examples.grpc.proto.backends.Target;
import dev.blixt.examples.grpc.proto.backends.Targets;
import dev.blixt.examples.grpc.proto.backends.Vip;
import dev.blixt.examples.grpc.proto.backends.backendsGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Blixt's {@code backends.backends} service on this library.
 *
 * <ul>
 *   <li>{@code Update(Targets)} sets the backends of the TCP and the UDP VIP on the address and port
 *       (Blixt did not tell the protocols apart), both or neither. A target listed n times gets weight
 *       n, as in Blixt's round robin over the list. {@code ifindex} is accepted and ignored: the data
 *       plane forwards with the kernel's FIB.
 *   <li>{@code Delete(Vip)} removes both VIPs and their flows; an unknown VIP is also a success.
 *   <li>{@code GetInterfaceIndex(PodIP)} returns the index of the interface the route to the address
 *       leaves by.
 * </ul>
 */
public final class BackendsService extends backendsGrpc.backendsImplBase {
    private static final System.Logger LOG = System.getLogger(BackendsService.class.getName());
    private static final long MAX_PORT = 65535;

    private final RouteControl control;
    private final InterfaceResolver resolver;

    /**
     * Creates the service.
     *
     * @param control the routes
     * @param resolver answers {@code GetInterfaceIndex}
     */
    public BackendsService(RouteControl control, InterfaceResolver resolver) {
        this.control = Objects.requireNonNull(control, "control");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public void getInterfaceIndex(PodIP request, StreamObserver<InterfaceIndexConfirmation> response) {
        InetAddress address = Addresses.fromWire(request.getIp());
        int ifindex;
        try {
            ifindex = resolver.ifindexOf(address);
        } catch (RuntimeException e) {
            response.onError(Status.INTERNAL.withDescription("failed to determine ifindex of "
                    + address.getHostAddress() + ": " + e.getMessage()).asRuntimeException());
            return;
        }
        response.onNext(InterfaceIndexConfirmation.newBuilder().setIfindex(ifindex).build());
        response.onCompleted();
    }

    @Override
    public void update(Targets request, StreamObserver<Confirmation> response) {
        if (!request.hasVip()) {
            response.onError(GrpcErrors.invalid("missing vip ip and port"));
            return;
        }
        Vip vip = request.getVip();
        try {
            InetAddress address = checkAddress(vip.getIp(), "vip ip");
            int port = checkPort(vip.getPort(), "vip port");
            List<Backend> backends = backends(request.getTargetsList());
            control.applyPair(address, port, backends);
            String what = Addresses.wireText(vip.getIp()) + ":" + port;
            LOG.log(System.Logger.Level.INFO, "vip {0} (tcp and udp) updated with {1}", what, backends);
            reply(response, "success, vip " + what + " was updated with " + request.getTargetsCount() + " backends");
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void delete(Vip request, StreamObserver<Confirmation> response) {
        try {
            InetAddress address = checkAddress(request.getIp(), "vip ip");
            int port = checkPort(request.getPort(), "vip port");
            String what = Addresses.wireText(request.getIp()) + ":" + port;
            boolean existed = control.removePair(address, port);
            if (existed) LOG.log(System.Logger.Level.INFO, "vip {0} (tcp and udp) deleted", what);
            reply(response, "success, vip " + what + (existed ? " was deleted" : " did not exist"));
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.toStatus(e));
        }
    }

    /** Targets to backends: ports and addresses checked, duplicates merged into weights. */
    private static List<Backend> backends(List<Target> targets) {
        Map<String, Backend> merged = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            InetAddress daddr = checkAddress(t.getDaddr(), "targets[" + i + "].daddr");
            int dport = checkPort(t.getDport(), "targets[" + i + "].dport");
            Backend b = Backend.of(daddr, dport);
            Backend seen = merged.get(b.key());
            if (seen != null && seen.weight() == Backend.MAX_WEIGHT) {
                throw new IllegalArgumentException("target " + b.key() + " is listed more than " + Backend.MAX_WEIGHT + " times");
            }
            merged.put(b.key(), seen == null ? b : seen.weight(seen.weight() + 1));
        }
        return new ArrayList<>(merged.values());
    }

    private static InetAddress checkAddress(int wire, String what) {
        if (wire == 0) throw new IllegalArgumentException(what + " 0.0.0.0 is not a usable address");
        return Addresses.fromWire(wire);
    }

    private static int checkPort(int wire, String what) {
        long port = Integer.toUnsignedLong(wire);
        if (port > MAX_PORT) throw new IllegalArgumentException(what + " " + port + " is out of range 0..65535");
        return (int) port;
    }

    private static void reply(StreamObserver<Confirmation> response, String message) {
        response.onNext(Confirmation.newBuilder().setConfirmation(message).build());
        response.onCompleted();
    }
}
