package dev.blixt;

import static dev.blixt.DatapathFixture.assertOutput;
import static dev.blixt.DatapathFixture.fromClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.FlowKey;
import dev.blixt.internal.datapath.FlowValue;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.testing.Privileged;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backend ids are freed once no ring half names them and then reused, possibly by another VIP;
 * the flow table may still hold flows that name a freed id. Such a flow must be re-selected within
 * its own VIP, never sent to whatever backend now holds the id.
 */
@Privileged
class BackendIdReuseTest {
    static final String CLIENT = "198.51.100.7";
    static final Vip WEB = Vip.tcp("203.0.113.10", 80);
    static final Vip DB = Vip.tcp("203.0.113.11", 5432);
    static final Backend OLD = Backend.of("198.18.1.2", 8080);
    static final Backend NEW = Backend.of("198.18.1.3", 8080);
    static final Backend DB_BACKEND = Backend.of("198.18.9.9", 5432);

    DatapathFixture f;

    @BeforeEach
    void open() {
        f = DatapathFixture.open();
    }

    @AfterEach
    void close() {
        f.close();
    }

    /**
     * Opens client:40000 -> WEB on OLD, replaces OLD by NEW, applies the route once more (which frees
     * OLD's id: neither ring half names it), then gives DB a backend, which takes the freed id.
     */
    private int flowWhoseBackendIdWentToAnotherVip() {
        f.route(WEB, OLD);
        int oldId = f.engine.backendIds(WEB).get(OLD);
        f.xdp(fromClient().ipv4(CLIENT, WEB.address().getHostAddress()).tcp(40000, 80).syn().build());
        FlowKey key = new FlowKey(InetAddress.ofLiteral(CLIENT), WEB.address(), 40000, 80, 6);
        assertThat(f.dp.flows.get(key)).map(FlowValue::backendId).contains(oldId);
        f.route(WEB, NEW);
        f.route(WEB, NEW);
        f.route(DB, DB_BACKEND);
        assertThat(f.engine.backendIds(DB).get(DB_BACKEND)).as("the freed id is reused by the other VIP")
                .isEqualTo(oldId);
        assertThat(f.dp.flows.get(key)).map(FlowValue::backendId).contains(oldId);
        return oldId;
    }

    @Test
    void flowOfAFreedIdIsReselectedWithinItsOwnVip() {
        flowWhoseBackendIdWentToAnotherVip();
        PacketBuilder ack = fromClient().ipv4(CLIENT, WEB.address().getHostAddress()).tcp(40000, 80).ack().seq(1);
        assertOutput(f.xdp(ack.build()), XdpAction.PASS,
                ack.ipv4(CLIENT, NEW.address().getHostAddress()).tcp(40000, 8080).build());
        assertThat(f.counter(GlobalCounter.FLOW_RESELECT)).isEqualTo(1);
    }

    @Test
    void icmpErrorAboutAReplyOfSuchAFlowIsNotDeliveredToTheOtherVipsBackend() {
        flowWhoseBackendIdWentToAnotherVip();
        byte[] quote = Packet.builder().ipv4(WEB.address().getHostAddress(), CLIENT).tcp(80, 40000).ack().buildIp();
        byte[] error = fromClient().ipv4(CLIENT, WEB.address().getHostAddress()).icmpPortUnreachable(quote).build();
        var run = f.xdp(error);
        assertThat(run.xdpAction()).isEqualTo(XdpAction.PASS);
        assertThat(Packet.parse(run.output()).dst()).as("not sent to the other VIP's backend")
                .isNotEqualTo(DB_BACKEND.address());
        assertThat(f.counter(GlobalCounter.ICMP_TO_BACKEND)).isZero();
    }
}
