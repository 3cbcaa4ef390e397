package dev.blixt.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.GlobalStats;
import dev.blixt.TrafficStats;
import dev.blixt.examples.grpc.proto.backends.backendsGrpc;
import dev.blixt.examples.grpc.proto.v1.Backend;
import dev.blixt.examples.grpc.proto.v1.Counters;
import dev.blixt.examples.grpc.proto.v1.DrainRequest;
import dev.blixt.examples.grpc.proto.v1.GetRouteRequest;
import dev.blixt.examples.grpc.proto.v1.GetStatsRequest;
import dev.blixt.examples.grpc.proto.v1.GetStatsResponse;
import dev.blixt.examples.grpc.proto.v1.ListRoutesRequest;
import dev.blixt.examples.grpc.proto.v1.LoadBalancerGrpc;
import dev.blixt.examples.grpc.proto.v1.Protocol;
import dev.blixt.examples.grpc.proto.v1.RemoveRouteRequest;
import dev.blixt.examples.grpc.proto.v1.Route;
import dev.blixt.examples.grpc.proto.v1.SetRouteRequest;
import dev.blixt.examples.grpc.proto.v1.Vip;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The blixt.v1.LoadBalancer service over a real server on loopback, on an in-memory balancer. */
class LoadBalancerServiceTest {
    private InMemoryBalancer balancer;
    private TestServer server;
    private LoadBalancerGrpc.LoadBalancerBlockingStub stub;

    @BeforeEach
    void start() {
        balancer = new InMemoryBalancer(8, 16);
        server = TestServer.start(balancer, address -> 1);
        stub = LoadBalancerGrpc.newBlockingStub(server.channel);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Vip vip(String address, int port, Protocol protocol) {
        return Vip.newBuilder().setAddress(address).setPort(port).setProtocol(protocol).build();
    }

    static Backend backend(String address, int port) {
        return Backend.newBuilder().setAddress(address).setPort(port).build();
    }

    static Backend backend(String address, int port, int weight) {
        return Backend.newBuilder().setAddress(address).setPort(port).setWeight(weight).build();
    }

    private Route set(Vip vip, Backend... backends) {
        Route r = Route.newBuilder().setVip(vip).addAllBackends(java.util.List.of(backends)).build();
        return stub.setRoute(SetRouteRequest.newBuilder().setRoute(r).build()).getRoute();
    }

    private static void assertStatus(Runnable call, Status.Code code, String... parts) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(parts);
        });
    }

    @Test
    void setRouteWithWeightsReturnsTheRouteAsApplied() {
        Route applied = set(vip("203.0.113.10", 80, Protocol.PROTOCOL_TCP),
                backend("198.18.1.2", 8080), backend("198.18.1.3", 8080, 3));

        assertThat(applied.getVip()).isEqualTo(vip("203.0.113.10", 80, Protocol.PROTOCOL_TCP));
        assertThat(applied.getBackendsList())
                .containsExactly(backend("198.18.1.2", 8080, 1), backend("198.18.1.3", 8080, 3));
        assertThat(balancer.route(dev.blixt.Vip.tcp("203.0.113.10", 80)).orElseThrow().backends())
                .containsExactly(dev.blixt.Backend.of("198.18.1.2", 8080), dev.blixt.Backend.of("198.18.1.3", 8080).weight(3));
    }

    @Test
    void ipv6RoutesComeBackInTheirShortForm() {
        Route applied = set(vip("2001:DB8:0:0:0:0:0:10", 443, Protocol.PROTOCOL_UDP), backend("2001:db8::2", 8443));

        assertThat(applied.getVip().getAddress()).isEqualTo("2001:db8::10");
        assertThat(applied.getBackends(0).getAddress()).isEqualTo("2001:db8::2");
        assertThat(stub.getRoute(GetRouteRequest.newBuilder().setVip(vip("2001:db8::10", 443, Protocol.PROTOCOL_UDP)).build())
                .getRoute()).isEqualTo(applied);
    }

    @Test
    void tcpAndUdpAreSeparateVips() {
        set(vip("203.0.113.10", 53, Protocol.PROTOCOL_UDP), backend("198.18.1.53", 53));

        assertStatus(() -> stub.getRoute(GetRouteRequest.newBuilder().setVip(vip("203.0.113.10", 53, Protocol.PROTOCOL_TCP)).build()),
                Status.Code.NOT_FOUND, "no route for tcp://203.0.113.10:53");
    }

    @Test
    void listRoutesListsEveryVip() {
        Route a = set(vip("203.0.113.10", 80, Protocol.PROTOCOL_TCP), backend("198.18.1.2", 8080));
        Route b = set(vip("2001:db8::10", 80, Protocol.PROTOCOL_TCP), backend("2001:db8::2", 8080));

        assertThat(stub.listRoutes(ListRoutesRequest.getDefaultInstance()).getRoutesList()).containsExactly(a, b);
    }

    @Test
    void routesSetWithBlixtsApiAreListedAsTcpAndUdp() {
        backendsGrpc.newBlockingStub(server.channel).update(BackendsServiceTest.targets(
                BackendsServiceTest.wire(10, 96, 0, 10), 80, BackendsServiceTest.target(BackendsServiceTest.wire(10, 0, 0, 1), 8080)));

        assertThat(stub.listRoutes(ListRoutesRequest.getDefaultInstance()).getRoutesList())
                .extracting(Route::getVip)
                .containsExactly(vip("10.96.0.10", 80, Protocol.PROTOCOL_TCP), vip("10.96.0.10", 80, Protocol.PROTOCOL_UDP));
    }

    @Test
    void removeRouteSaysWhetherTheVipExisted() {
        Vip v = vip("203.0.113.10", 80, Protocol.PROTOCOL_TCP);
        set(v, backend("198.18.1.2", 8080));

        assertThat(stub.removeRoute(RemoveRouteRequest.newBuilder().setVip(v).build()).getExisted()).isTrue();
        assertThat(stub.removeRoute(RemoveRouteRequest.newBuilder().setVip(v).build()).getExisted()).isFalse();
        assertThat(balancer.routes()).isEmpty();
    }

    @Test
    void drainSetsTheBackendsWeightToZeroAndKeepsTheOthers() {
        Vip v = vip("203.0.113.10", 80, Protocol.PROTOCOL_TCP);
        set(v, backend("198.18.1.2", 8080, 2), backend("198.18.1.3", 8080, 5));

        Route drained = stub.drain(DrainRequest.newBuilder().setVip(v).setBackend(backend("198.18.1.2", 8080)).build()).getRoute();

        assertThat(drained.getBackendsList()).containsExactly(backend("198.18.1.2", 8080, 0), backend("198.18.1.3", 8080, 5));
    }

    @Test
    void drainOfAnUnknownVipOrBackendIsNotFound() {
        Vip v = vip("203.0.113.10", 80, Protocol.PROTOCOL_TCP);
        assertStatus(() -> stub.drain(DrainRequest.newBuilder().setVip(v).setBackend(backend("198.18.1.2", 8080)).build()),
                Status.Code.NOT_FOUND, "no route for tcp://203.0.113.10:80");

        set(v, backend("198.18.1.2", 8080));
        assertStatus(() -> stub.drain(DrainRequest.newBuilder().setVip(v).setBackend(backend("198.18.1.9", 8080)).build()),
                Status.Code.NOT_FOUND, "198.18.1.9:8080 is not a backend of tcp://203.0.113.10:80");
    }

    @Test
    void getStatsReportsEachVipAndBackendAndTheGlobalCounters() {
        Vip v = vip("203.0.113.10", 80, Protocol.PROTOCOL_TCP);
        set(v, backend("198.18.1.2", 8080), backend("198.18.1.3", 8080));
        dev.blixt.Vip lv = dev.blixt.Vip.tcp("203.0.113.10", 80);
        balancer.setStats(lv, new TrafficStats(10, 1000, 2, 9, 900, 1, 0));
        balancer.setStats(lv, dev.blixt.Backend.of("198.18.1.3", 8080), new TrafficStats(7, 700, 1, 6, 600, 0, 0));
        balancer.setGlobalStats(new GlobalStats(100, 50, 0, 40, 10, 30, 5, 1, 0, 20, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

        GetStatsResponse all = stub.getStats(GetStatsRequest.getDefaultInstance());
        GetStatsResponse one = stub.getStats(GetStatsRequest.newBuilder().setVip(v).build());

        assertThat(all).isEqualTo(one);
        assertThat(one.getVipsCount()).isEqualTo(1);
        var s = one.getVips(0);
        assertThat(s.getVip()).isEqualTo(v);
        assertThat(s.getCounters()).isEqualTo(Counters.newBuilder().setPackets(10).setBytes(1000).setNewFlows(2)
                .setReplyPackets(9).setReplyBytes(900).setIcmpErrors(1).build());
        assertThat(s.getBackendsList()).extracting(b -> b.getBackend().getAddress(), b -> b.getCounters().getPackets())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("198.18.1.2", 0L),
                        org.assertj.core.groups.Tuple.tuple("198.18.1.3", 7L));
        assertThat(one.getGlobal().getPackets()).isEqualTo(100);
        assertThat(one.getGlobal().getRedirected()).isEqualTo(40);
        assertThat(one.getGlobal().getDroppedNoBackend()).isEqualTo(3);
        assertThat(one.getGlobal().getDropped()).isEqualTo(3);
    }

    @Test
    void getStatsOfAnUnknownVipIsNotFound() {
        assertStatus(() -> stub.getStats(GetStatsRequest.newBuilder().setVip(vip("203.0.113.10", 80, Protocol.PROTOCOL_TCP)).build()),
                Status.Code.NOT_FOUND, "no route for tcp://203.0.113.10:80");
    }

    @Test
    void malformedRequestsAreInvalidAndNameTheField() {
        Vip good = vip("203.0.113.10", 80, Protocol.PROTOCOL_TCP);
        assertStatus(() -> stub.setRoute(SetRouteRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT, "missing route");
        assertStatus(() -> set(vip("203.0.113.10", 80, Protocol.PROTOCOL_UNSPECIFIED)), Status.Code.INVALID_ARGUMENT,
                "route.vip.protocol must be PROTOCOL_TCP or PROTOCOL_UDP");
        assertStatus(() -> set(vip("web.example", 80, Protocol.PROTOCOL_TCP)), Status.Code.INVALID_ARGUMENT,
                "route.vip.address 'web.example' is not an IPv4 or IPv6 literal");
        assertStatus(() -> set(vip("", 80, Protocol.PROTOCOL_TCP)), Status.Code.INVALID_ARGUMENT, "missing route.vip.address");
        assertStatus(() -> set(vip("203.0.113.10", 65536, Protocol.PROTOCOL_TCP)), Status.Code.INVALID_ARGUMENT,
                "route.vip.port 65536 is out of range 0..65535");
        assertStatus(() -> set(good, backend("198.18.1.2", 8080), backend("198.18.1.3", 8080, 70000)),
                Status.Code.INVALID_ARGUMENT, "route.backends[1].weight 70000 is out of range 0..65535");
        assertStatus(() -> set(good, backend("198.18.1.2", 80000)), Status.Code.INVALID_ARGUMENT,
                "route.backends[0].port 80000 is out of range 0..65535");
        assertStatus(() -> set(good, backend("2001:db8::2", 8080)), Status.Code.INVALID_ARGUMENT,
                "backend [2001:db8:0:0:0:0:0:2]:8080 is not of the address family of tcp://203.0.113.10:80");
        assertStatus(() -> set(good, backend("198.18.1.2", 8080), backend("198.18.1.2", 8080, 4)),
                Status.Code.INVALID_ARGUMENT, "backend 198.18.1.2:8080 is listed twice");
        assertStatus(() -> stub.getRoute(GetRouteRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT, "missing vip");
        assertStatus(() -> stub.drain(DrainRequest.newBuilder().setVip(good).build()), Status.Code.INVALID_ARGUMENT,
                "missing backend");
        assertThat(balancer.routes()).isEmpty();
    }

    @Test
    void overCapacityIsResourceExhaustedNamingTheLimit() {
        for (int i = 0; i < 8; i++) set(vip("203.0.113." + (i + 1), 80, Protocol.PROTOCOL_TCP), backend("198.18.1.2", 8080));

        assertStatus(() -> set(vip("203.0.113.99", 80, Protocol.PROTOCOL_TCP), backend("198.18.1.2", 8080)),
                Status.Code.RESOURCE_EXHAUSTED, "all 8 VIPs are in use", "maxVips");
        assertThat(balancer.routes()).hasSize(8);
    }
}
