package dev.blixt;

import static dev.blixt.DatapathFixture.assertOutput;
import static dev.blixt.DatapathFixture.fromClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.bpf.TcAction;
import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Counters;
import dev.blixt.internal.datapath.FlowKey;
import dev.blixt.internal.datapath.FlowValue;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.packet.ParsedPacket;
import dev.blixt.testing.Privileged;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data path, packet by packet: crafted frames through BPF_PROG_TEST_RUN on the
 * verifier-loaded program, byte-exact expected output (built independently with full
 * checksums), and the map state left behind.
 */
@Privileged
class DatapathTest {
    static final String CLIENT = "198.51.100.7";
    static final String VIP_ADDR = "203.0.113.10";
    static final Vip VIP = Vip.tcp(VIP_ADDR, 80);
    static final Vip UDP_VIP = Vip.udp(VIP_ADDR, 53);
    static final Backend B1 = Backend.of("198.18.1.2", 8080);
    static final Backend B2 = Backend.of("198.18.1.3", 8080);
    static final Backend B3 = Backend.of("198.18.1.4", 8080);

    DatapathFixture f;

    @BeforeEach
    void open() {
        f = DatapathFixture.open();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static PacketBuilder tcpFromClient(int clientPort) {
        return fromClient().ipv4(CLIENT, VIP_ADDR).tcp(clientPort, 80).seq(1000).payload(new byte[] {1, 2, 3});
    }

    private Backend chosen(Vip vip, String client, int port) {
        return f.engine.backendFor(vip, InetAddress.ofLiteral(client), port, vip.port()).orElseThrow();
    }

    private Optional<FlowValue> flow(String client, int cport, Vip vip) {
        return f.dp.flows.get(new FlowKey(InetAddress.ofLiteral(client), vip.address(), cport, vip.port(),
                vip.protocol().number()));
    }

    @Test
    void synToVipIsRewrittenToBackendAddressAndPortWithValidChecksums() {
        f.route(VIP, B1);
        PacketBuilder in = tcpFromClient(40000).syn();
        TestRun run = f.xdp(in.build());
        // VIP port 80 -> backend port 8080: Blixt wrote the port over the checksum field.
        byte[] expected = in.ipv4(CLIENT, "198.18.1.2").tcp(40000, 8080).build();
        assertOutput(run, XdpAction.PASS, expected);
        assertThat(f.counter(GlobalCounter.TO_STACK)).isEqualTo(1);
        assertThat(flow(CLIENT, 40000, VIP)).map(FlowValue::backendId).isPresent();
    }

    @Test
    void tcVerdictAndRewriteMatchXdp() {
        f.route(VIP, B1);
        PacketBuilder in = tcpFromClient(40001).syn();
        TestRun run = f.tc(in.build());
        assertThat(run.verdict()).as("TC_ACT_UNSPEC (next program, then the stack)").isEqualTo(TcAction.UNSPEC);
        byte[] expected = in.ipv4(CLIENT, "198.18.1.2").tcp(40001, 8080).build();
        assertThat(run.output()).as(() -> Packet.diff(expected, run.output())).isEqualTo(expected);
        assertThat(Packet.parse(run.output()).checksumErrors()).isEmpty();
    }

    @Test
    void establishedFlowKeepsItsBackendAcrossRouteChanges() {
        f.route(VIP, B1, B2, B3);
        byte[] syn = tcpFromClient(40002).syn().build();
        Backend first = chosen(VIP, CLIENT, 40002);
        ParsedPacket out = Packet.parse(f.xdp(syn).output());
        assertThat(out.dst()).isEqualTo(first.address());

        // Re-route so that the ring no longer names the first backend at all: the flow stays.
        Backend other = first.equals(B1) ? B2 : B1;
        f.route(VIP, first.weight(0), other);
        byte[] ack = tcpFromClient(40002).ack().build();
        for (int i = 0; i < 5; i++) {
            assertThat(Packet.parse(f.xdp(ack).output()).dst()).isEqualTo(first.address());
        }
        assertThat(f.counter(GlobalCounter.FLOW_HIT)).isEqualTo(5);
    }

    @Test
    void synSelectsAfreshEvenWhenTheFlowIsKnown() {
        f.route(VIP, B1);
        f.xdp(tcpFromClient(40003).syn().build());
        f.route(VIP, B1.weight(0), B2); // B1 drained: its flow would continue, but a new SYN re-selects
        ParsedPacket out = Packet.parse(f.xdp(tcpFromClient(40003).syn().build()).output());
        assertThat(out.dst()).isEqualTo(B2.address());
        assertThat(f.engine.backendIds(VIP)).containsEntry(B2, flow(CLIENT, 40003, VIP).orElseThrow().backendId());
    }

    @Test
    void rstNeverCreatesAFlow() {
        f.route(VIP, B1);
        TestRun run = f.xdp(tcpFromClient(40004).rst().build());
        assertThat(Packet.parse(run.output()).dst()).isEqualTo(B1.address());
        assertThat(flow(CLIENT, 40004, VIP)).isEmpty();
    }

    @Test
    void removedBackendsFlowsAreReselected() {
        f.route(VIP, B1, B2);
        Backend first = chosen(VIP, CLIENT, 40005);
        f.xdp(tcpFromClient(40005).syn().build());
        Backend other = first.equals(B1) ? B2 : B1;
        f.route(VIP, other);
        ParsedPacket out = Packet.parse(f.xdp(tcpFromClient(40005).ack().build()).output());
        assertThat(out.dst()).isEqualTo(other.address());
        assertThat(f.counter(GlobalCounter.FLOW_RESELECT)).isEqualTo(1);
    }

    @Test
    void drainedBackendGetsNoNewFlowsButKeepsItsOwn() {
        f.route(VIP, B1, B2);
        Set<Integer> b1Ports = new HashSet<>();
        for (int port = 41000; b1Ports.size() < 3; port++) {
            if (chosen(VIP, CLIENT, port).equals(B1)) {
                b1Ports.add(port);
                f.xdp(tcpFromClient(port).syn().build());
            }
        }
        f.engine.drain(VIP, B1);
        for (int port : b1Ports) {
            assertThat(Packet.parse(f.xdp(tcpFromClient(port).ack().build()).output()).dst()).isEqualTo(B1.address());
        }
        for (int port = 42000; port < 42100; port++) {
            assertThat(Packet.parse(f.xdp(tcpFromClient(port).syn().build()).output()).dst())
                    .isEqualTo(B2.address());
        }
    }

    @Test
    void udpFlowsAreStickyAndAZeroChecksumStaysZero() {
        f.route(UDP_VIP, B1.weight(1), B2, B3);
        for (int port = 5000; port < 5020; port++) {
            PacketBuilder in = fromClient().ipv4(CLIENT, VIP_ADDR).udp(port, 53).udpChecksum(false)
                    .payload("query".getBytes());
            Backend expected = chosen(UDP_VIP, CLIENT, port);
            for (int i = 0; i < 20; i++) {
                // Blixt round-robined every datagram; here every datagram of a flow goes to one backend.
                byte[] want = in.ipv4(CLIENT, expected.address().getHostAddress()).udp(port, 8080).build();
                assertOutput(f.xdp(in.build()), XdpAction.PASS, want);
            }
        }
        assertThat(f.counter(GlobalCounter.FLOW_MISS)).isEqualTo(20);
        assertThat(f.counter(GlobalCounter.FLOW_HIT)).isEqualTo(20 * 19);
    }

    @Test
    void udpChecksumIsUpdatedIncrementally() {
        f.route(UDP_VIP, B1);
        PacketBuilder in = fromClient().ipv4(CLIENT, VIP_ADDR).udp(5353, 53).payload(new byte[] {9, 8, 7, 6, 5});
        assertOutput(f.xdp(in.build()), XdpAction.PASS, in.ipv4(CLIENT, "198.18.1.2").udp(5353, 8080).build());
    }

    @Test
    void flowTableIsKeyedByTheFullFiveTuple() {
        // Blixt keyed flows on the client ip:port only: two VIPs collided.
        Vip other = Vip.tcp("203.0.113.11", 80);
        f.route(VIP, B1);
        f.route(other, B2);
        f.xdp(tcpFromClient(43000).syn().build());
        ParsedPacket out = Packet.parse(
                f.xdp(fromClient().ipv4(CLIENT, "203.0.113.11").tcp(43000, 80).syn().build()).output());
        assertThat(out.dst()).isEqualTo(B2.address());
        assertThat(flow(CLIENT, 43000, VIP)).isPresent();
        assertThat(flow(CLIENT, 43000, other)).isPresent();
    }

    @Test
    void replyFromBackendIsTranslatedBackToTheVip() {
        f.route(VIP, B1);
        f.xdp(tcpFromClient(40010).syn().build());
        PacketBuilder reply = Packet.builder().ethernet(DatapathFixture.CLIENT_MAC, DatapathFixture.LB_MAC)
                .ipv4("198.18.1.2", CLIENT).tcp(8080, 40010).syn().ack().seq(5000).ackNumber(1001);
        TestRun run = f.xdp(reply.build());
        // Blixt zeroed the TCP checksum of replies; here it is valid.
        assertOutput(run, XdpAction.PASS, reply.ipv4(VIP_ADDR, CLIENT).tcp(80, 40010).build());
        assertThat(f.counter(GlobalCounter.REPLY)).isEqualTo(1);
        Counters c = f.dp.vipStats.sum(f.engine.vipId(VIP).orElseThrow(), Counters::plus);
        assertThat(c.packets()).isEqualTo(1);
        assertThat(c.replyPackets()).isEqualTo(1);
        assertThat(c.newFlows()).isEqualTo(1);
    }

    @Test
    void replyWithoutATrackedFlowOfABackendServingTwoVipsPassesUntouched() {
        // Which VIP it would answer is ambiguous: no stateless translation (see StatelessReplyTest).
        f.route(VIP, B1);
        f.route(Vip.tcp("203.0.113.11", 80), B1);
        byte[] reply = fromClient().ipv4("198.18.1.2", CLIENT).tcp(8080, 40011).ack().build();
        assertOutput(f.xdp(reply), XdpAction.PASS, reply);
        assertThat(f.counter(GlobalCounter.REPLY_UNTRACKED)).isEqualTo(1);
    }

    @Test
    void trafficNotForAVipPassesUntouched() {
        f.route(VIP, B1);
        byte[] other = fromClient().ipv4(CLIENT, "203.0.113.99").tcp(1234, 80).syn().build();
        assertOutput(f.xdp(other), XdpAction.PASS, other);
        byte[] otherPort = fromClient().ipv4(CLIENT, VIP_ADDR).tcp(1234, 81).syn().build();
        assertOutput(f.xdp(otherPort), XdpAction.PASS, otherPort);
        byte[] arp = fromClient().etherType(0x0806).payload(new byte[28]).build();
        assertThat(f.xdp(arp).output()).isEqualTo(arp);
        assertThat(f.counter(GlobalCounter.PASS)).isEqualTo(3);
    }

    @Test
    void vipWithoutBackendsDropsAndCounts() {
        f.route(VIP);
        assertThat(f.xdp(tcpFromClient(40012).syn().build()).xdpAction()).isEqualTo(XdpAction.DROP);
        assertThat(f.counter(GlobalCounter.DROP_NO_BACKEND)).isEqualTo(1);
    }

    @Test
    void truncatedAndMalformedPacketsAreDroppedByReason() {
        f.route(VIP, B1);
        byte[] ok = tcpFromClient(40013).syn().build();
        byte[] truncated = java.util.Arrays.copyOf(ok, 14 + 20 + 10); // TCP header cut
        assertThat(f.xdp(truncated).xdpAction()).isEqualTo(XdpAction.DROP);
        assertThat(f.counter(GlobalCounter.DROP_TRUNCATED)).isEqualTo(1);
        byte[] badIhl = ok.clone();
        badIhl[14] = 0x43; // IPv4 with a 12-byte header
        assertThat(f.xdp(badIhl).xdpAction()).isEqualTo(XdpAction.DROP);
        assertThat(f.counter(GlobalCounter.DROP_MALFORMED)).isEqualTo(1);
    }

    @Test
    void fragmentsForAVipAreDroppedOthersPass() {
        f.route(VIP, B1);
        byte[] frag = fromClient().ipv4(CLIENT, VIP_ADDR).fragment(8, true).protocol(Packet.TCP)
                .payload(new byte[16]).build();
        assertThat(f.xdp(frag).xdpAction()).isEqualTo(XdpAction.DROP);
        assertThat(f.counter(GlobalCounter.DROP_FRAGMENT)).isEqualTo(1);
        byte[] otherFrag = fromClient().ipv4(CLIENT, "203.0.113.99").fragment(8, true).protocol(Packet.TCP)
                .payload(new byte[16]).build();
        assertOutput(f.xdp(otherFrag), XdpAction.PASS, otherFrag);
    }

    @Test
    void echoRequestToAVipIsAnswered() {
        f.route(VIP, B1);
        PacketBuilder ping = fromClient().ipv4(CLIENT, VIP_ADDR).ttl(61).icmpEcho(7, 1).payload("ping".getBytes());
        byte[] expected = Packet.builder().ethernet(DatapathFixture.LB_MAC, DatapathFixture.CLIENT_MAC)
                .ipv4(VIP_ADDR, CLIENT).ttl(64).icmpEchoReply(7, 1).payload("ping".getBytes()).build();
        assertOutput(f.xdp(ping.build()), XdpAction.TX, expected);
        assertThat(f.counter(GlobalCounter.ICMP_ECHO_REPLY)).isEqualTo(1);
        byte[] toOther = fromClient().ipv4(CLIENT, "203.0.113.99").icmpEcho(7, 1).build();
        assertOutput(f.xdp(toOther), XdpAction.PASS, toOther);
    }

    @Test
    void ipv4OptionsAndVlanTagsAreHandled() {
        f.route(VIP, B1);
        byte[] options = {1, 1, 1, 0}; // NOP NOP NOP EOL
        PacketBuilder in = fromClient().vlan(42).ipv4(CLIENT, VIP_ADDR).ipv4Options(options).tcp(40014, 80).syn();
        assertOutput(f.xdp(in.build()), XdpAction.PASS, in.ipv4(CLIENT, "198.18.1.2").tcp(40014, 8080).build());
    }

    @Test
    void ipv6FlowsAreTranslatedBothWays() {
        Vip v6 = Vip.tcp("2001:db8:f::10", 443);
        Backend b = Backend.of("2001:db8:1::2", 8443);
        f.route(v6, b);
        PacketBuilder in = fromClient().ipv6("2001:db8:c::7", "2001:db8:f::10").tcp(40015, 443).syn();
        assertOutput(f.xdp(in.build()), XdpAction.PASS, in.ipv6("2001:db8:c::7", "2001:db8:1::2").tcp(40015, 8443).build());
        PacketBuilder reply = fromClient().ipv6("2001:db8:1::2", "2001:db8:c::7").tcp(8443, 40015).syn().ack();
        assertOutput(f.xdp(reply.build()), XdpAction.PASS,
                reply.ipv6("2001:db8:f::10", "2001:db8:c::7").tcp(443, 40015).build());
        Vip u6 = Vip.udp("2001:db8:f::10", 53);
        f.route(u6, Backend.of("2001:db8:1::2", 5353));
        PacketBuilder q = fromClient().ipv6("2001:db8:c::7", "2001:db8:f::10").udp(999, 53).payload(new byte[7]);
        assertOutput(f.xdp(q.build()), XdpAction.PASS, q.ipv6("2001:db8:c::7", "2001:db8:1::2").udp(999, 5353).build());
    }

    @Test
    void allPortsVipKeepsTheDestinationPort() {
        Vip any = Vip.tcp("203.0.113.20", 0);
        f.route(any, Backend.of("198.18.1.9", 0));
        PacketBuilder in = fromClient().ipv4(CLIENT, "203.0.113.20").tcp(40016, 2222).syn();
        assertOutput(f.xdp(in.build()), XdpAction.PASS, in.ipv4(CLIENT, "198.18.1.9").build());
        PacketBuilder reply = fromClient().ipv4("198.18.1.9", CLIENT).tcp(2222, 40016).syn().ack();
        assertOutput(f.xdp(reply.build()), XdpAction.PASS, reply.ipv4("203.0.113.20", CLIENT).build());
    }

    @Test
    void allPortsVipWhoseBackendAlsoServesAPortedVipStillTranslatesReplies() {
        // The reply from 198.18.1.9:2222 finds the (backend, 2222) entry of the ported VIP first;
        // its flow is the all-ports VIP's, under the (backend, 0) entry.
        Vip any = Vip.tcp("203.0.113.20", 0);
        Vip ported = Vip.tcp("203.0.113.21", 80);
        f.route(any, Backend.of("198.18.1.9", 0));
        f.route(ported, Backend.of("198.18.1.9", 2222));
        PacketBuilder in = fromClient().ipv4(CLIENT, "203.0.113.20").tcp(40017, 2222).syn();
        assertOutput(f.xdp(in.build()), XdpAction.PASS, in.ipv4(CLIENT, "198.18.1.9").build());
        PacketBuilder reply = fromClient().ipv4("198.18.1.9", CLIENT).tcp(2222, 40017).syn().ack();
        assertOutput(f.xdp(reply.build()), XdpAction.PASS, reply.ipv4("203.0.113.20", CLIENT).build());

        PacketBuilder in2 = fromClient().ipv4(CLIENT, "203.0.113.21").tcp(40018, 80).syn();
        assertOutput(f.xdp(in2.build()), XdpAction.PASS, in2.ipv4(CLIENT, "198.18.1.9").tcp(40018, 2222).build());
        PacketBuilder reply2 = fromClient().ipv4("198.18.1.9", CLIENT).tcp(2222, 40018).syn().ack();
        assertOutput(f.xdp(reply2.build()), XdpAction.PASS, reply2.ipv4("203.0.113.21", CLIENT).tcp(80, 40018).build());
        assertThat(f.counter(GlobalCounter.REPLY)).isEqualTo(2);
        assertThat(f.counter(GlobalCounter.REPLY_UNTRACKED)).isZero();
    }

    @Test
    void oneBackendServesTwelveVipsAndEachReplyIsTranslatedBackToItsVip() {
        f.close();
        f = new DatapathFixture(new dev.blixt.internal.datapath.Datapath.Sizing(16, 64, DatapathFixture.RING, 4096,
                DatapathFixture.SEED, 30_000_000_000L, dev.blixt.internal.datapath.Datapath.OPT_NO_FIB));
        int n = 12;
        for (int i = 0; i < n; i++) f.route(Vip.tcp("203.0.113." + (30 + i), 80), B1);
        var key = new dev.blixt.internal.datapath.BackendKey(B1.address(), 8080, 6);
        assertThat(f.dp.backendRefs(key)).hasSize(n);
        for (int i = 0; i < n; i++) assertReplyTranslated(i);
        assertThat(f.counter(GlobalCounter.REPLY)).isEqualTo(n);

        // Moving VIPs away (from the inline refs and from the overflow) leaves the others translated.
        for (int i : new int[] {0, 5, 11}) f.route(Vip.tcp("203.0.113." + (30 + i), 80), B2);
        assertThat(f.dp.backendRefs(key)).hasSize(n - 3);
        for (int i = 0; i < n; i++) {
            if (i == 0 || i == 5 || i == 11) continue;
            assertReplyTranslated(i);
        }
        assertThat(f.counter(GlobalCounter.REPLY_UNTRACKED)).isZero();
    }

    /** A SYN from CLIENT:(41000 + i) to VIP number i goes to B1; B1's reply leaves from that VIP. */
    private void assertReplyTranslated(int i) {
        String vip = "203.0.113." + (30 + i);
        int port = 41000 + i + (int) f.counter(GlobalCounter.PACKETS);
        PacketBuilder in = fromClient().ipv4(CLIENT, vip).tcp(port, 80).syn();
        assertOutput(f.xdp(in.build()), XdpAction.PASS, in.ipv4(CLIENT, "198.18.1.2").tcp(port, 8080).build());
        PacketBuilder reply = fromClient().ipv4("198.18.1.2", CLIENT).tcp(8080, port).syn().ack();
        assertOutput(f.xdp(reply.build()), XdpAction.PASS, reply.ipv4(vip, CLIENT).tcp(80, port).build());
    }

    @Test
    void backendPredictionEqualsTheKernelsChoiceForManyFlows() {
        Backend[] backends = new Backend[10];
        for (int i = 0; i < backends.length; i++) backends[i] = Backend.of("198.18.2." + (i + 1), 8080).weight(1 + i % 3);
        f.route(VIP, backends);
        java.util.Random rnd = new java.util.Random(42);
        for (int i = 0; i < 2000; i++) {
            String client = "198.51." + rnd.nextInt(256) + "." + rnd.nextInt(256);
            int port = 1024 + rnd.nextInt(60000);
            byte[] syn = fromClient().ipv4(client, VIP_ADDR).tcp(port, 80).syn().build();
            InetAddress got = Packet.parse(f.xdp(syn).output()).dst();
            assertThat(got).as("flow %s:%d", client, port).isEqualTo(chosen(VIP, client, port).address());
        }
    }
}
