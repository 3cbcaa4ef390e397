package dev.blixt;

import static dev.blixt.DatapathFixture.fromClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.packet.Packet;
import dev.blixt.testing.Privileged;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A VIP reconfigured over and over while packets run through the program on another thread
 * (issue 4): no packet may go to a backend outside the sets that were live while it ran, and none
 * may be dropped.
 */
@Privileged
class ReconfigureUnderTrafficTest {
    static final String VIP_ADDR = "203.0.113.10";
    static final Vip VIP = Vip.tcp(VIP_ADDR, 80);
    static final Backend A = Backend.of("198.18.1.2", 8080);
    static final Backend B = Backend.of("198.18.1.3", 8080);
    static final Backend C = Backend.of("198.18.1.4", 8080);
    /** Generation g of the route is SETS[g % 3]. */
    static final List<List<Backend>> SETS = List.of(List.of(A, B), List.of(B, C), List.of(A, C));
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final int MAX_FRAMES = 20_000;

    DatapathFixture f;

    @BeforeEach
    void open() {
        f = DatapathFixture.open();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static Set<InetAddress> addresses(long fromGeneration, long toGeneration) {
        Set<InetAddress> s = new HashSet<>();
        for (long g = fromGeneration; g <= toGeneration && s.size() < 3; g++) {
            for (Backend b : SETS.get((int) (g % SETS.size()))) s.add(b.address());
        }
        return s;
    }

    /** What the packet-running thread saw. */
    static final class Tally {
        int frames;
        /** Frames that ran while one route generation was live (checked against that set alone). */
        int strict;
        int drops;
        final List<String> outside = new ArrayList<>();

        @Override
        public String toString() {
            return frames + " frames (" + strict + " while a single route was live), " + drops + " dropped";
        }
    }

    /**
     * Runs SYN frames of distinct flows until the deadline or the frame budget while {@code writer}
     * reconfigures. Each frame's output is checked against the union of the route generations that
     * may have been live while it ran: from the last one fully applied before the run to the one
     * being applied after it.
     */
    private void traffic(Tally t, long deadline, int maxFrames, AtomicLong started, AtomicLong applied,
            AtomicLong framesDone, AtomicReference<Throwable> writerFailure) {
        for (int i = 0; i < maxFrames && System.nanoTime() < deadline && writerFailure.get() == null; i++) {
            int n = t.frames;
            byte[] syn = fromClient().ipv4("198.51.100." + (1 + n % 250), VIP_ADDR).tcp(1024 + n % 60000, 80).syn()
                    .build();
            long lo = applied.get();
            TestRun run = f.xdp(syn);
            long hi = started.get();
            t.frames++;
            framesDone.incrementAndGet();
            if (run.xdpAction() == XdpAction.DROP) {
                t.drops++;
                continue;
            }
            assertThat(run.xdpAction()).isEqualTo(XdpAction.PASS);
            InetAddress dst = Packet.parse(run.output()).dst();
            if (lo == hi) t.strict++;
            if (!addresses(lo, hi).contains(dst)) {
                t.outside.add("frame " + t.frames + " to " + dst.getHostAddress() + " during generations " + lo + ".."
                        + hi);
            }
        }
    }

    @Test
    void packetsNeverGoOutsideTheLiveBackendSetsAndAreNeverDropped() throws InterruptedException {
        f.route(VIP, SETS.get(0).toArray(Backend[]::new));
        // started: the generation being (or last) applied; applied: the last generation fully applied.
        AtomicLong started = new AtomicLong();
        AtomicLong applied = new AtomicLong();
        AtomicLong framesDone = new AtomicLong();
        AtomicBoolean paced = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        // First phase: back-to-back reconfigurations (most stress on the flip). Second phase: after
        // each one, wait for two frames, so that frames also run while a single route is live and
        // are checked against exactly that route's backends.
        Thread writer = Thread.ofPlatform().name("reconfigure").start(() -> {
            try {
                for (long g = 1; !stop.get(); g++) {
                    started.set(g);
                    f.route(VIP, SETS.get((int) (g % SETS.size())).toArray(Backend[]::new));
                    applied.set(g);
                    long until = framesDone.get() + 2;
                    while (paced.get() && framesDone.get() < until && !stop.get()) LockSupport.parkNanos(20_000);
                }
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        });

        Tally free = new Tally();
        Tally pacedTally = new Tally();
        long start = System.nanoTime();
        try {
            traffic(free, start + MAX_NANOS / 2, MAX_FRAMES / 2, started, applied, framesDone, writerFailure);
            long generationsFree = applied.get();
            paced.set(true);
            traffic(pacedTally, start + MAX_NANOS, MAX_FRAMES / 2, started, applied, framesDone, writerFailure);
            assertThat(generationsFree).as("reconfigurations in the first phase").isGreaterThan(10);
        } finally {
            stop.set(true);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(writer.isAlive()).as("reconfiguring thread stopped").isFalse();
        assertThat(writerFailure.get()).as("reconfiguring thread failed").isNull();
        String summary = "back to back: " + free + "; paced: " + pacedTally + "; " + applied.get()
                + " reconfigurations; DROP_NO_BACKEND counter " + f.counter(GlobalCounter.DROP_NO_BACKEND);
        assertThat(pacedTally.strict).as("frames checked against a single live route: %s", summary).isPositive();
        assertThat(free.outside).as("packets outside the live backend sets: %s", summary).isEmpty();
        assertThat(pacedTally.outside).as("packets outside the live backend sets: %s", summary).isEmpty();
        assertThat(free.drops + pacedTally.drops).as("dropped packets: %s", summary).isZero();
        assertThat(f.counter(GlobalCounter.DROP_NO_BACKEND)).isZero();
    }
}
