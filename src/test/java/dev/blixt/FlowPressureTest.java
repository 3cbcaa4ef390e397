package dev.blixt;

import static dev.blixt.DatapathFixture.fromClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.testing.Privileged;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The flow-table pressure warning: when TCP segments lose their flow entry, the log says so and why. */
@Privileged
class FlowPressureTest {
    static final Vip VIP = Vip.tcp("203.0.113.10", 80);
    static final long SECOND = 1_000_000_000L;

    @AutoClose DatapathFixture f = DatapathFixture.open();

    private void lostSegment(int port) {
        f.xdp(fromClient().ipv4("198.51.100.7", "203.0.113.10").tcp(port, 80).ack().build());
    }

    @Test
    void segmentsThatLostTheirFlowWarnOncePerQuietPeriodWithTheTableFill() {
        f.route(VIP, Backend.of("198.18.1.2", 8080));
        FlowPressure pressure = new FlowPressure(f.dp);
        long t = 1_000 * SECOND;
        assertThat(pressure.check(t)).as("the first check only takes the base").isEmpty();
        assertThat(pressure.check(t + 10 * SECOND)).as("nothing lost").isEmpty();

        for (int port = 40000; port < 40003; port++) lostSegment(port);
        String warning = pressure.check(t + 20 * SECOND).orElseThrow();
        assertThat(warning).startsWith("3 TCP segments to VIPs found no flow entry in the last 10 s")
                .contains("holds 3 of 4096 entries").contains("DataplaneConfig.flowTableSize");

        lostSegment(40003);
        assertThat(pressure.check(t + 30 * SECOND)).as("within the quiet minute").isEmpty();
        lostSegment(40004);
        assertThat(pressure.check(t + 90 * SECOND).orElseThrow())
                .as("after it, with what was lost meanwhile").startsWith("2 TCP segments").contains("last 70 s");
        assertThat(pressure.check(t + 100 * SECOND)).isEmpty();
    }

    @Test
    void theWarningSaysWhatToDo() {
        assertThat(FlowPressure.warning(17, 5, Duration.ofSeconds(10), 1024, 1024, 2))
                .isEqualTo("17 TCP segments to VIPs found no flow entry in the last 10 s (and 5 packets of"
                        + " backends were translated without one): live flows are being evicted from the flow table,"
                        + " which holds 1024 of 1024 entries (an LRU list per CPU, about 512 each). Such segments go"
                        + " to the backend the ring selects now, which breaks the connection if the route changed"
                        + " since it began. Raise DataplaneConfig.flowTableSize (see \"Sizing and memory\" in"
                        + " docs/operations.md). Segments of connections older than this data plane count too, once.");
    }
}
