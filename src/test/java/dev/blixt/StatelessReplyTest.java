package dev.blixt;

import static dev.blixt.DatapathFixture.assertOutput;
import static dev.blixt.DatapathFixture.fromClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.testing.Privileged;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Flow-table pressure, seen by the program: a packet from a backend whose flow entry is gone is
 * translated without it when that backend serves exactly one VIP (and the flow is re-created), and
 * a TCP segment that lost its entry is counted.
 */
@Privileged
class StatelessReplyTest {
    static final String CLIENT = "198.51.100.7";
    static final String VIP_ADDR = "203.0.113.10";
    static final Vip VIP = Vip.tcp(VIP_ADDR, 80);
    static final Backend B1 = Backend.of("198.18.1.2", 8080);
    static final Backend B2 = Backend.of("198.18.1.3", 8080);

    @AutoClose DatapathFixture f = DatapathFixture.open();

    /** A client port whose flow the ring sends to {@code backend}. */
    private int portRingSendsTo(Vip vip, Backend backend) throws Exception {
        for (int port = 40000; port < 41000; port++) {
            if (f.engine.backendFor(vip, InetAddress.getByName(CLIENT), port, vip.port()).orElseThrow().equals(backend)) {
                return port;
            }
        }
        throw new AssertionError("no port of 1000 goes to " + backend);
    }

    @Test
    void anUntrackedReplyOfABackendServingOneVipIsTranslatedAndItsFlowRecreated() throws Exception {
        f.route(VIP, B1, B2);
        // The flow was on B2; its entry is gone and the ring would now pick B1 for it.
        int port = portRingSendsTo(VIP, B1);
        PacketBuilder reply = fromClient().ipv4("198.18.1.3", CLIENT).tcp(8080, port).ack().psh().seq(7000)
                .payload(new byte[] {1, 2, 3});
        assertOutput(f.xdp(reply.build()), XdpAction.PASS, reply.ipv4(VIP_ADDR, CLIENT).tcp(80, port).build());
        assertThat(f.counter(GlobalCounter.REPLY)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.REPLY_STATELESS)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.REPLY_UNTRACKED)).isZero();

        // The client's answer goes to B2 again, through the re-created flow, not to the ring's B1.
        PacketBuilder ack = fromClient().ipv4(CLIENT, VIP_ADDR).tcp(port, 80).ack();
        assertOutput(f.xdp(ack.build()), XdpAction.PASS, ack.ipv4(CLIENT, "198.18.1.3").tcp(port, 8080).build());
        assertThat(f.counter(GlobalCounter.FLOW_HIT)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.FLOW_LOST)).isZero();
        // The next reply is tracked.
        assertOutput(f.xdp(reply.ipv4("198.18.1.3", CLIENT).tcp(8080, port).build()), XdpAction.PASS,
                reply.ipv4(VIP_ADDR, CLIENT).tcp(80, port).build());
        assertThat(f.counter(GlobalCounter.REPLY_STATELESS)).isEqualTo(1);
    }

    @Test
    void theTcProgramTranslatesUntrackedRepliesToo() {
        f.route(VIP, B1);
        PacketBuilder reply = fromClient().ipv4("198.18.1.2", CLIENT).tcp(8080, 40100).ack();
        var run = f.tc(reply.build());
        assertThat(run.output()).isEqualTo(reply.ipv4(VIP_ADDR, CLIENT).tcp(80, 40100).build());
        assertThat(f.counter(GlobalCounter.REPLY_STATELESS)).isEqualTo(1);
    }

    @Test
    void aUdpReplyIsTranslatedAndItsFlowRecreatedWithItsTime() {
        Vip dns = Vip.udp(VIP_ADDR, 53);
        Backend resolver = Backend.of("198.18.1.5", 5353);
        f.route(dns, resolver);
        PacketBuilder reply = fromClient().ipv4("198.18.1.5", CLIENT).udp(5353, 40200).payload(new byte[12]);
        assertOutput(f.xdp(reply.build()), XdpAction.PASS, reply.ipv4(VIP_ADDR, CLIENT).udp(53, 40200).build());
        PacketBuilder query = fromClient().ipv4(CLIENT, VIP_ADDR).udp(40200, 53).payload(new byte[12]);
        assertOutput(f.xdp(query.build()), XdpAction.PASS, query.ipv4(CLIENT, "198.18.1.5").udp(40200, 5353).build());
        // Not an idle flow re-selected: the re-created entry carries the time of the reply.
        assertThat(f.counter(GlobalCounter.FLOW_HIT)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.FLOW_RESELECT)).isZero();
    }

    @Test
    void anAllPortsVipWithSamePortBackendsTranslatesToThePortTheBackendAnswersFrom() {
        f.route(Vip.tcp("203.0.113.20", 0), Backend.of("198.18.1.9", 0));
        PacketBuilder reply = fromClient().ipv4("198.18.1.9", CLIENT).tcp(2222, 40301).ack();
        assertOutput(f.xdp(reply.build()), XdpAction.PASS, reply.ipv4("203.0.113.20", CLIENT).build());
        assertThat(f.counter(GlobalCounter.REPLY_STATELESS)).isEqualTo(1);
    }

    @Test
    void aBackendPortThatAlsoMatchesAnAllPortsVipIsAmbiguous() {
        // 198.18.1.9:2222 serves the ported VIP; the all-ports VIP's backend 198.18.1.9 (same port)
        // could have sent it too.
        f.route(Vip.tcp("203.0.113.20", 0), Backend.of("198.18.1.9", 0));
        f.route(Vip.tcp("203.0.113.21", 80), Backend.of("198.18.1.9", 2222));
        byte[] reply = fromClient().ipv4("198.18.1.9", CLIENT).tcp(2222, 40302).ack().build();
        assertOutput(f.xdp(reply), XdpAction.PASS, reply);
        assertThat(f.counter(GlobalCounter.REPLY_UNTRACKED)).isEqualTo(1);
    }

    @Test
    void aReplyOfAFlowWhoseEntryNamesAnotherBackendIsNotTranslated() throws Exception {
        f.route(VIP, B1, B2);
        int port = portRingSendsTo(VIP, B1);
        f.xdp(fromClient().ipv4(CLIENT, VIP_ADDR).tcp(port, 80).syn().build());
        byte[] stray = fromClient().ipv4("198.18.1.3", CLIENT).tcp(8080, port).ack().build();
        assertOutput(f.xdp(stray), XdpAction.PASS, stray);
        assertThat(f.counter(GlobalCounter.REPLY_UNTRACKED)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.REPLY_STATELESS)).isZero();
    }

    @Test
    void anIcmpErrorAboutAFlowWhoseEntryIsGoneIsTranslatedToo() {
        f.route(VIP, B1);
        byte[] quote = Packet.builder().ipv4(CLIENT, "198.18.1.2").ttl(63).tcp(40500, 8080).ack().buildIp();
        byte[] error = fromClient().ipv4("198.18.1.2", CLIENT).icmpFragmentationNeeded(1400, quote).build();
        var out = Packet.parse(f.xdp(error).output());
        assertThat(out.src().getHostAddress()).as("outer source: the backend was the VIP to the client")
                .isEqualTo(VIP_ADDR);
        assertThat(out.inner().orElseThrow().dst().getHostAddress()).isEqualTo(VIP_ADDR);
        assertThat(out.inner().orElseThrow().dstPort()).isEqualTo(80);
        assertThat(out.checksumsValid()).isTrue();
        assertThat(f.counter(GlobalCounter.ICMP_TO_CLIENT)).isEqualTo(1);
    }

    @Test
    void withTrackedRepliesOnlyAnUntrackedReplyPassesUntouched() {
        f.close();
        f = new DatapathFixture(Datapath.OPT_NO_FIB | Datapath.OPT_TRACKED_REPLIES_ONLY, 30_000_000_000L);
        f.route(VIP, B1);
        byte[] reply = fromClient().ipv4("198.18.1.2", CLIENT).tcp(8080, 40400).ack().build();
        assertOutput(f.xdp(reply), XdpAction.PASS, reply);
        assertThat(f.counter(GlobalCounter.REPLY_UNTRACKED)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.REPLY_STATELESS)).isZero();
    }

    @Test
    void aTcpSegmentThatLostItsFlowIsCountedAndGoesWhereTheRingSays() throws Exception {
        f.route(VIP, B1, B2);
        int port = portRingSendsTo(VIP, B2);
        PacketBuilder ack = fromClient().ipv4(CLIENT, VIP_ADDR).tcp(port, 80).ack();
        assertOutput(f.xdp(ack.build()), XdpAction.PASS, ack.ipv4(CLIENT, "198.18.1.3").tcp(port, 8080).build());
        assertThat(f.counter(GlobalCounter.FLOW_LOST)).isEqualTo(1);
        // A SYN is a new flow, not a lost one; the segments after it hit.
        for (byte[] frame : List.of(fromClient().ipv4(CLIENT, VIP_ADDR).tcp(port + 1, 80).syn().build(),
                fromClient().ipv4(CLIENT, VIP_ADDR).tcp(port + 1, 80).ack().build(),
                ack.ipv4(CLIENT, VIP_ADDR).tcp(port, 80).build())) {
            f.xdp(frame);
        }
        assertThat(f.counter(GlobalCounter.FLOW_LOST)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.FLOW_HIT)).isEqualTo(2);
    }
}
