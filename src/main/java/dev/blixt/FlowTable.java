package dev.blixt;

import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.FlowKey;
import dev.blixt.internal.datapath.FlowValue;
import dev.blixt.internal.datapath.FullNat;
import dev.blixt.internal.datapath.VipInfo;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Reads and purges the kernel's flow table ({@code flows}) for {@link Dataplane#flows} and {@link
 * Dataplane#purge}. Reads scan the table with batch lookups, in chunks, without a lock the data path would
 * wait for; purges delete with batch deletes. Neither takes the route lock: a scan sees the routes as they
 * were when it started.
 *
 * <p>An entry belongs to a VIP when its value names the VIP's id and its key the VIP's address, protocol
 * and port (any port for a port-0 VIP). It is live when its backend id is one of the VIP's backends now
 * (the data path's test: the id is VALID and belongs to the VIP) and, for UDP, it is not idle past the
 * UDP idle timeout; otherwise its next packet re-selects on the ring and the entry is stale.
 */
final class FlowTable {
    private final Datapath datapath;
    private final RouteEngine engine;
    private final FullNat fullNat;
    private final int seed;
    private final long udpTimeoutNs;

    FlowTable(Datapath datapath, RouteEngine engine) {
        this.datapath = datapath;
        this.engine = engine;
        this.fullNat = datapath.sizing().fullNat();
        this.seed = datapath.sizing().hashSeed();
        this.udpTimeoutNs = datapath.sizing().udpTimeoutNs();
    }

    /** What a scan needs of a VIP's route: its id and its backends by id. */
    private record Target(Vip vip, int id, Map<Integer, Backend> backends) {
        boolean owns(FlowKey k, FlowValue v) {
            return v.vipId() == id && k.protocol() == vip.protocol().number() && k.dst().equals(vip.address())
                    && (vip.port() == 0 || k.dstPort() == vip.port());
        }
    }

    private Target target(Vip vip) {
        int id = engine.vipId(vip).orElseThrow(() -> new IllegalArgumentException("no route for " + vip));
        Map<Integer, Backend> byId = new HashMap<>();
        engine.backendIds(vip).forEach((b, bid) -> byId.put(bid, b));
        return new Target(vip, id, byId);
    }

    /** The live flows of a VIP that {@code filter} accepts, in the table's order. */
    List<TrackedFlow> list(Vip vip, Predicate<? super TrackedFlow> filter) {
        Target t = target(vip);
        long now = System.nanoTime(); // CLOCK_MONOTONIC, the data path's coarse clock to within a tick
        List<TrackedFlow> out = new ArrayList<>();
        datapath.flows.forEach((k, v) -> {
            TrackedFlow f = live(t, k, v, now);
            if (f != null && filter.test(f)) out.add(f);
        });
        return List.copyOf(out);
    }

    /** The number of live flows of each backend of a VIP, in route order (0 for a backend without flows). */
    Map<Endpoint, Integer> counts(Vip vip) {
        Target t = target(vip);
        long now = System.nanoTime();
        Map<Integer, int[]> byId = new HashMap<>();
        for (int bid : t.backends().keySet()) byId.put(bid, new int[1]);
        datapath.flows.forEach((k, v) -> {
            if (isLive(t, k, v, now)) byId.get(v.backendId())[0]++;
        });
        Map<Endpoint, Integer> out = new LinkedHashMap<>();
        engine.backendIds(vip).forEach((b, bid) -> {
            int[] n = byId.get(bid);
            out.put(b.endpoint(), n == null ? 0 : n[0]);
        });
        return out;
    }

    /** The number of live flows of a VIP. */
    int count(Vip vip) {
        Target t = target(vip);
        long now = System.nanoTime();
        int[] n = {0};
        datapath.flows.forEach((k, v) -> {
            if (isLive(t, k, v, now)) n[0]++;
        });
        return n[0];
    }

    /**
     * Deletes the flow entries of a VIP (all of them, live or stale, when {@code backend} is null; else those
     * of that backend) with batch deletes.
     *
     * @return how many entries were deleted
     */
    int purge(Vip vip, @Nullable Backend backend) {
        Target t = target(vip);
        Integer only = null;
        if (backend != null) {
            Endpoint e = backend.endpoint();
            for (Map.Entry<Integer, Backend> b : t.backends().entrySet()) {
                if (b.getValue().endpoint().equals(e)) only = b.getKey();
            }
            if (only == null) {
                throw new IllegalArgumentException(backend.endpoint() + " is not a backend of " + vip + " (its route: "
                        + engine.route(vip).map(Route::backends).orElse(List.of()) + ")");
            }
        }
        Integer id = only;
        List<FlowKey> doomed = new ArrayList<>();
        datapath.flows.forEach((k, v) -> {
            if (t.owns(k, v) && (id == null || v.backendId() == id)) doomed.add(k);
        });
        return doomed.isEmpty() ? 0 : datapath.flows.deleteAll(doomed);
    }

    private boolean isLive(Target t, FlowKey k, FlowValue v, long now) {
        if (!t.owns(k, v) || !t.backends().containsKey(v.backendId())) return false;
        return k.protocol() != Protocol.UDP.number() || now - v.atimeNs() <= udpTimeoutNs;
    }

    private @Nullable TrackedFlow live(Target t, FlowKey k, FlowValue v, long now) {
        if (!isLive(t, k, v, now)) return null;
        Optional<Duration> idle = k.protocol() == Protocol.UDP.number()
                ? Optional.of(Duration.ofNanos(Math.max(0, now - v.atimeNs()))) : Optional.empty();
        Optional<InetSocketAddress> translated = Optional.empty();
        if (v.mode() == VipInfo.MODE_FULL_NAT) {
            translated = Optional.ofNullable(
                    fullNat.slot(FullNat.hash(k, seed), v.nat(), !(k.src() instanceof Inet4Address)));
        }
        return new TrackedFlow(t.vip(), new InetSocketAddress(k.src(), k.srcPort()), k.dstPort(),
                t.backends().get(v.backendId()), ForwardingMode.of(v.mode()), idle, translated);
    }
}
