package dev.blixt.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.Backend;
import dev.blixt.CapacityException;
import dev.blixt.error.DataplaneException;
import dev.blixt.Protocol;
import dev.blixt.Route;
import dev.blixt.Vip;
import dev.blixt.examples.grpc.proto.backends.PodIP;
import dev.blixt.examples.grpc.proto.backends.Target;
import dev.blixt.examples.grpc.proto.backends.Targets;
import dev.blixt.examples.grpc.proto.backends.backendsGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Blixt's backends.backends service over a real server on loopback, on an in-memory balancer. */
class BackendsServiceTest {
    private static final int VIP = wire(10, 96, 0, 10);

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private backendsGrpc.backendsBlockingStub start(Balancer balancer) {
        return start(balancer, address -> {
            throw new InterfaceResolver.LookupException("no resolver in this test");
        });
    }

    private backendsGrpc.backendsBlockingStub start(Balancer balancer, InterfaceResolver resolver) {
        server = TestServer.start(balancer, resolver);
        return backendsGrpc.newBlockingStub(server.channel);
    }

    static int wire(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    static dev.blixt.examples.grpc.proto.backends.Vip vip(int ip, int port) {
        return dev.blixt.examples.grpc.proto.backends.Vip.newBuilder().setIp(ip).setPort(port).build();
    }

    static Target target(int ip, int port) {
        return Target.newBuilder().setDaddr(ip).setDport(port).build();
    }

    static Targets targets(int ip, int port, Target... targets) {
        return Targets.newBuilder().setVip(vip(ip, port)).addAllTargets(List.of(targets)).build();
    }

    private static List<Backend> backendsOf(Balancer b, Protocol p) {
        return b.route(Vip.of(Addresses.fromWire(VIP), 80, p)).map(Route::backends).orElseThrow();
    }

    private static void assertStatus(Runnable call, Status.Code code, String description) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).isEqualTo(description);
                });
    }

    private static void assertStatusContains(Runnable call, Status.Code code, String... parts) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).contains(parts);
                });
    }

    @Test
    void updateRoutesTheVipForTcpAndUdpAndConfirmsInBlixtsWords() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);

        var reply = stub.update(targets(VIP, 80, target(wire(10, 244, 1, 5), 8080), target(wire(10, 244, 2, 7), 8080)));

        assertThat(reply.getConfirmation()).isEqualTo("success, vip 10.96.0.10:80 was updated with 2 backends");
        List<Backend> expected = List.of(Backend.of("10.244.1.5", 8080), Backend.of("10.244.2.7", 8080));
        assertThat(backendsOf(lb, Protocol.TCP)).isEqualTo(expected);
        assertThat(backendsOf(lb, Protocol.UDP)).isEqualTo(expected);
        assertThat(lb.routes()).hasSize(2);
    }

    @Test
    void updateReplacesTheWholeBackendSet() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);
        stub.update(targets(VIP, 80, target(wire(10, 0, 0, 1), 8080), target(wire(10, 0, 0, 2), 8080)));

        stub.update(targets(VIP, 80, target(wire(10, 0, 0, 3), 9090)));

        assertThat(backendsOf(lb, Protocol.TCP)).containsExactly(Backend.of("10.0.0.3", 9090));
        assertThat(backendsOf(lb, Protocol.UDP)).containsExactly(Backend.of("10.0.0.3", 9090));
    }

    @Test
    void updateWithoutTargetsKeepsTheVipWithNoBackends() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);

        var reply = stub.update(targets(VIP, 80));

        assertThat(reply.getConfirmation()).isEqualTo("success, vip 10.96.0.10:80 was updated with 0 backends");
        assertThat(backendsOf(lb, Protocol.TCP)).isEmpty();
        assertThat(backendsOf(lb, Protocol.UDP)).isEmpty();
    }

    @Test
    void aTargetListedTwiceGetsTwiceTheWeightAsInBlixtsRoundRobin() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);
        Target a = target(wire(10, 0, 0, 1), 8080);

        var reply = stub.update(targets(VIP, 80, a, target(wire(10, 0, 0, 2), 8080), a));

        assertThat(reply.getConfirmation()).isEqualTo("success, vip 10.96.0.10:80 was updated with 3 backends");
        assertThat(backendsOf(lb, Protocol.TCP))
                .containsExactly(Backend.of("10.0.0.1", 8080).weight(2), Backend.of("10.0.0.2", 8080));
    }

    @Test
    void anExplicitIfindexIsAcceptedAndNotNeeded() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);

        var reply = stub.update(targets(VIP, 80,
                Target.newBuilder().setDaddr(wire(10, 0, 0, 1)).setDport(8080).setIfindex(0).build(),
                Target.newBuilder().setDaddr(wire(10, 0, 0, 2)).setDport(8080).setIfindex(7).build()));

        assertThat(reply.getConfirmation()).isEqualTo("success, vip 10.96.0.10:80 was updated with 2 backends");
        assertThat(backendsOf(lb, Protocol.TCP)).hasSize(2);
    }

    @Test
    void updateWithoutVipIsInvalid() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);

        assertStatus(() -> stub.update(Targets.newBuilder().addTargets(target(wire(10, 0, 0, 1), 80)).build()),
                Status.Code.INVALID_ARGUMENT, "missing vip ip and port");
        assertThat(lb.routes()).isEmpty();
    }

    @Test
    void portsAboveSixteenBitsAreInvalidAndNamed() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);

        assertStatus(() -> stub.update(targets(VIP, 70000, target(wire(10, 0, 0, 1), 80))),
                Status.Code.INVALID_ARGUMENT, "vip port 70000 is out of range 0..65535");
        assertStatus(() -> stub.update(targets(VIP, 80, target(wire(10, 0, 0, 1), 80), target(wire(10, 0, 0, 2), -1))),
                Status.Code.INVALID_ARGUMENT, "targets[1].dport 4294967295 is out of range 0..65535");
        assertThat(lb.routes()).isEmpty();
    }

    @Test
    void zeroAddressesAreInvalidAndNamed() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);

        assertStatus(() -> stub.update(targets(0, 80, target(wire(10, 0, 0, 1), 80))),
                Status.Code.INVALID_ARGUMENT, "vip ip 0.0.0.0 is not a usable address");
        assertStatus(() -> stub.update(targets(VIP, 80, target(0, 80))),
                Status.Code.INVALID_ARGUMENT, "targets[0].daddr 0.0.0.0 is not a usable address");
        assertThat(lb.routes()).isEmpty();
    }

    @Test
    void addressesTheDataPlaneRefusesAreInvalid() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);

        assertStatusContains(() -> stub.update(targets(wire(224, 0, 0, 1), 80, target(wire(10, 0, 0, 1), 80))),
                Status.Code.INVALID_ARGUMENT, "224.0.0.1", "cannot be a VIP address");
        assertStatusContains(() -> stub.update(targets(VIP, 0, target(wire(10, 0, 0, 1), 80))),
                Status.Code.INVALID_ARGUMENT, "must have port 0");
        assertThat(lb.routes()).isEmpty();
    }

    @Test
    void tooManyVipsIsResourceExhaustedNamingTheLimitAndChangesNothing() {
        InMemoryBalancer lb = new InMemoryBalancer(3, 100);
        var stub = start(lb);
        stub.update(targets(VIP, 80, target(wire(10, 0, 0, 1), 80)));

        assertStatusContains(() -> stub.update(targets(VIP, 81, target(wire(10, 0, 0, 1), 80))),
                Status.Code.RESOURCE_EXHAUSTED, "vip 10.96.0.10:81", "--max-vips", "1 of 3 are free");
        assertThat(lb.routes()).extracting(r -> r.vip().port()).containsOnly(80);
    }

    @Test
    void tooManyBackendsIsResourceExhaustedNamingTheLimitAndChangesNothing() {
        InMemoryBalancer lb = new InMemoryBalancer(64, 5);
        var stub = start(lb);
        stub.update(targets(VIP, 80, target(wire(10, 0, 0, 1), 80)));

        assertStatusContains(() -> stub.update(targets(VIP, 81, target(wire(10, 0, 0, 1), 80), target(wire(10, 0, 0, 2), 80))),
                Status.Code.RESOURCE_EXHAUSTED, "--max-backends", "takes 4 backend entries", "3 of 5 are free");
        assertThat(lb.routes()).extracting(r -> r.vip().port()).containsOnly(80);
    }

    @Test
    void aRefusedUpdateLeavesTcpAndUdpAsTheyWere() {
        FaultyBalancer faults = new FaultyBalancer(new InMemoryBalancer());
        Balancer lb = faults.balancer();
        var stub = start(lb);
        stub.update(targets(VIP, 80, target(wire(10, 0, 0, 1), 8080)));
        faults.failUpdate(1, () -> new DataplaneException("the kernel said no (test)"));

        assertStatus(() -> stub.update(targets(VIP, 80, target(wire(10, 0, 0, 9), 9090))),
                Status.Code.INTERNAL, "the kernel said no (test)");

        assertThat(backendsOf(lb, Protocol.TCP)).containsExactly(Backend.of("10.0.0.1", 8080));
        assertThat(backendsOf(lb, Protocol.UDP)).containsExactly(Backend.of("10.0.0.1", 8080));
    }

    @Test
    void aRefusedUpdateOfANewVipCreatesNeitherHalf() {
        FaultyBalancer faults = new FaultyBalancer(new InMemoryBalancer());
        Balancer lb = faults.balancer();
        var stub = start(lb);
        faults.failUpdate(1, () -> new CapacityException("backend ids ran out (test)"));

        assertStatus(() -> stub.update(targets(VIP, 80, target(wire(10, 0, 0, 1), 8080))),
                Status.Code.RESOURCE_EXHAUSTED, "backend ids ran out (test)");

        assertThat(lb.routes()).isEmpty();
    }

    @Test
    void anUpdateTheDataPlaneWouldRefuseIsRefusedInMemoryToo() {
        // 4 ids: the pair holds 2; replacing its backend needs 2 new ids while the old ones are live (4),
        // replacing it by two backends needs 4 new ones (6): the data plane refuses that, and so does
        // the in-memory balancer (it used to accept it).
        InMemoryBalancer lb = new InMemoryBalancer(64, 4);
        var stub = start(lb);
        stub.update(targets(VIP, 80, target(wire(10, 0, 0, 1), 8080)));
        stub.update(targets(VIP, 80, target(wire(10, 0, 0, 2), 8080)));
        assertStatusContains(() -> stub.update(targets(VIP, 80, target(wire(10, 0, 0, 3), 8080),
                target(wire(10, 0, 0, 4), 8080))), Status.Code.RESOURCE_EXHAUSTED, "backend ids are free",
                "maxBackends");
        assertThat(backendsOf(lb, Protocol.TCP)).containsExactly(Backend.of("10.0.0.2", 8080));
        assertThat(backendsOf(lb, Protocol.UDP)).containsExactly(Backend.of("10.0.0.2", 8080));
        assertThatThrownBy(() -> lb.apply(Vip.tcp("10.96.0.11", 80), List.of(Backend.of("224.0.0.1", 80))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("224.0.0.1:80 is not a unicast address");
    }

    @Test
    void concurrentUpdatesLeaveTcpAndUdpWithTheSameBackends() throws Exception {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                int n = i;
                done.add(pool.submit(() -> stub.update(targets(VIP, 80, target(wire(10, 0, 0, n), 8080)))));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(backendsOf(lb, Protocol.TCP)).isEqualTo(backendsOf(lb, Protocol.UDP));
    }

    @Test
    void deleteRemovesTcpAndUdp() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);
        stub.update(targets(VIP, 80, target(wire(10, 0, 0, 1), 8080)));

        var reply = stub.delete(vip(VIP, 80));

        assertThat(reply.getConfirmation()).isEqualTo("success, vip 10.96.0.10:80 was deleted");
        assertThat(lb.routes()).isEmpty();
    }

    @Test
    void deleteOfAnUnknownVipSucceedsSayingSo() {
        var stub = start(new InMemoryBalancer());

        var reply = stub.delete(vip(VIP, 80));

        assertThat(reply.getConfirmation()).isEqualTo("success, vip 10.96.0.10:80 did not exist");
    }

    @Test
    void deleteRemovesAVipOfOneProtocolOnly() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);
        lb.apply(Vip.udp("10.96.0.10", 53), List.of(Backend.of("10.0.0.53", 53)));

        assertThat(stub.delete(vip(VIP, 53)).getConfirmation()).isEqualTo("success, vip 10.96.0.10:53 was deleted");
        assertThat(lb.routes()).isEmpty();
    }

    @Test
    void deleteChecksPortAndAddress() {
        var stub = start(new InMemoryBalancer());

        assertStatus(() -> stub.delete(vip(VIP, 65536)), Status.Code.INVALID_ARGUMENT,
                "vip port 65536 is out of range 0..65535");
        assertStatus(() -> stub.delete(vip(0, 80)), Status.Code.INVALID_ARGUMENT, "vip ip 0.0.0.0 is not a usable address");
    }

    @Test
    void getInterfaceIndexAsksTheResolverWithTheDecodedAddress() {
        AtomicReference<InetAddress> asked = new AtomicReference<>();
        var stub = start(new InMemoryBalancer(), address -> {
            asked.set(address);
            return 7;
        });

        var reply = stub.getInterfaceIndex(PodIP.newBuilder().setIp(wire(10, 244, 1, 5)).build());

        assertThat(reply.getIfindex()).isEqualTo(7);
        assertThat(asked.get().getHostAddress()).isEqualTo("10.244.1.5");
    }

    @Test
    void getInterfaceIndexWithoutARouteIsInternalWithTheReason() {
        var stub = start(new InMemoryBalancer(), address -> {
            throw new InterfaceResolver.LookupException("RTNETLINK answers: Network is unreachable");
        });

        assertStatus(() -> stub.getInterfaceIndex(PodIP.newBuilder().setIp(wire(192, 0, 2, 1)).build()),
                Status.Code.INTERNAL, "failed to determine ifindex of 192.0.2.1: RTNETLINK answers: Network is unreachable");
    }

    @Test
    void getInterfaceIndexOfLoopbackWithTheRealResolver() throws Exception {
        var stub = start(new InMemoryBalancer(), new IpRouteResolver());

        var reply = stub.getInterfaceIndex(PodIP.newBuilder().setIp(wire(127, 0, 0, 1)).build());

        assertThat(reply.getIfindex()).isEqualTo(java.net.NetworkInterface.getByName("lo").getIndex());
    }

    @Test
    void aClosedDataPlaneIsUnavailable() {
        InMemoryBalancer lb = new InMemoryBalancer();
        var stub = start(lb);
        lb.close();

        assertStatus(() -> stub.update(targets(VIP, 80, target(wire(10, 0, 0, 1), 8080))),
                Status.Code.UNAVAILABLE, "the data plane is closed");
    }
}
