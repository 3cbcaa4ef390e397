package dev.blixt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.Endpoint;
import dev.blixt.Flow;
import dev.blixt.TrafficStats;
import dev.blixt.Vip;
import dev.blixt.e2e.Traffic.Exchange;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Assertions shared by the end-to-end tests. */
final class Expect {
    private Expect() {}

    /** Every exchange succeeded and echoed its payload byte for byte. */
    static void allIntact(List<Exchange> exchanges) {
        assertThat(exchanges.stream().filter(e -> !e.ok()).limit(10).toList()).as("failed or corrupted exchanges")
                .isEmpty();
    }

    /** Every connection was served by the backend that {@link Dataplane#backendFor} predicts for its flow. */
    static void predicted(Dataplane dp, Fleet fleet, Vip vip, InetAddress client, List<Exchange> exchanges) {
        List<String> wrong = new ArrayList<>();
        for (Exchange e : exchanges) {
            String expected = dp.backendFor(vip, new Flow(client, e.localPort(), vip.port())).map(fleet::identity)
                    .orElse("none");
            if (!expected.equals(e.backend())) wrong.add(e.localPort() + ": " + e.backend() + " != " + expected);
        }
        assertThat(wrong).as("connections not served by the predicted backend").isEmpty();
    }

    /** A backend's counters, found by address and port (the map's keys carry the weight too). */
    static TrafficStats statsOf(Map<Endpoint, TrafficStats> stats, Backend b) {
        TrafficStats t = stats.get(b.endpoint());
        if (t == null) throw new AssertionError("no counters for " + b + " in " + stats);
        return t;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
