package dev.blixt.examples.quickstart;

import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.error.DataplaneException;
import dev.blixt.Endpoint;
import dev.blixt.GlobalStats;
import dev.blixt.TrafficStats;
import dev.blixt.Vip;
import dev.blixt.sandbox.Host;
import dev.blixt.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The quickstart: a sandbox of network namespaces (a client, a load balancer, three backends),
 * the eBPF load balancer attached in the load-balancer namespace, a VIP routed to the three
 * backends, a few thousand real TCP connections, and what the kernel did with them. Then one
 * reconfiguration, the same traffic again, and everything torn down.
 *
 * <p>Run as root: {@code scripts/quickstart} from the repository root.
 */
public final class Quickstart {
    private static final int VIP_PORT = 80;
    private static final int BACKEND_PORT = 8080;
    private static final int CONNECTIONS = 3000;
    private static final int CLIENT_THREADS = 4;
    private static final boolean TERMINAL = System.console() != null && System.console().isTerminal();

    private Quickstart() {}

    /**
     * Runs the quickstart.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // The library logs through System.Logger (java.util.logging here): one short line per record.
        System.setProperty("java.util.logging.SimpleFormatter.format", "  [%4$s] %5$s%n");
        try {
            run();
        } catch (DataplaneException e) {
            System.err.println();
            System.err.println("error: " + e.getMessage());
            System.err.println("(the quickstart needs root, iproute2, ethtool and libbpf1; scripts/quickstart checks them)");
            System.exit(1);
        }
    }

    private static void run() {
        step("Building the sandbox: network namespaces joined by veth pairs");
        String id;
        try (Sandbox sandbox = Sandbox.builder().prefix("blixt-quickstart").backends(3).build()) {
            id = sandbox.id();
            System.out.printf("  %-10s %-30s %s%n", "client", sandbox.client().namespace(),
                    sandbox.client().ipv4().getHostAddress());
            System.out.printf("  %-10s %-30s %s, interfaces %s%n", "lb", sandbox.lb().namespace(),
                    sandbox.lb().ipv4().getHostAddress(), sandbox.lbInterfaces());
            for (Host b : sandbox.backends()) {
                System.out.printf("  %-10s %-30s %s%n", b.role(), b.namespace(), b.ipv4().getHostAddress());
            }

            step("Starting a TCP server on port " + BACKEND_PORT + " in each backend");
            Servers servers = Servers.start(sandbox);

            step("Opening the data plane in the lb namespace on " + sandbox.lbInterfaces() + " (AttachMode.AUTO)");
            try (Dataplane dp = sandbox.lb().open(sandbox.dataplaneConfig().build())) {
                Vip vip = Vip.tcp(Sandbox.ipv4Vip(10).getHostAddress(), VIP_PORT);
                List<Backend> backends = new ArrayList<>();
                for (Host b : sandbox.backends()) backends.add(Backend.of(b.ipv4(), BACKEND_PORT));
                dp.route(vip).to(backends.get(0), backends.get(1), backends.get(2).weight(2));
                System.out.println("  route " + vip + " -> " + dp.routeOf(vip).orElseThrow().backends());
                System.out.println("  (" + attachedAs(dp) + ")");

                step("Round 1: " + CONNECTIONS + " connections from the client to " + vip);
                Map<String, Integer> round1 = drive(sandbox, vip);
                table(dp, vip, sandbox, round1);

                step("Reconfiguring: weights 3:1:0 (" + sandbox.backend(2).role() + " drained: no new connections)");
                dp.route(vip).to(backends.get(0).weight(3), backends.get(1).weight(1), backends.get(2).weight(0));
                System.out.println("  route " + vip + " -> " + dp.routeOf(vip).orElseThrow().backends());

                step("Round 2: " + CONNECTIONS + " more connections");
                Map<String, Integer> round2 = drive(sandbox, vip);
                table(dp, vip, sandbox, round2);
                global(dp.globalStats());
                System.out.println("  servers accepted: " + servers.accepted);
            } finally {
                servers.close();
            }
            step("Tearing down: detaching the program and deleting the namespaces");
        }
        List<String> left = leftovers(id);
        System.out.println(left.isEmpty() ? "  done: no namespace of " + id + " is left (ip netns list)"
                : "  warning: namespaces left behind: " + left);
    }

    /** Network namespaces whose name starts with the sandbox's id. */
    private static List<String> leftovers(String id) {
        try (var names = java.nio.file.Files.list(java.nio.file.Path.of("/var/run/netns"))) {
            return names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(id + "-")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * How the program is attached: AUTO picks tc (a tcx link) on veth, where native XDP would drop
     * locally sent packets, and native XDP on physical NICs.
     */
    private static String attachedAs(Dataplane dp) {
        return dp.attachments().stream().map(a -> a.interfaceName() + ": " + a.mechanism())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Runs the connections from the client namespace, with a progress bar; connections per backend. */
    private static Map<String, Integer> drive(Sandbox sandbox, Vip vip) {
        InetSocketAddress target = new InetSocketAddress(vip.address(), vip.port());
        Map<String, Integer> served = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        LongAdder failed = new LongAdder();
        // Threads that entered the client's namespace: the sockets they create belong to it.
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS, sandbox.client().threadFactory());
        long start = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                int n = i;
                work.add(pool.submit(() -> {
                    String backend = exchange(target, ("hello " + n + "\n").getBytes(StandardCharsets.US_ASCII));
                    if (backend == null) failed.increment();
                    else served.merge(backend, 1, Integer::sum);
                    progress(done.incrementAndGet());
                }));
            }
            for (Future<?> f : work) f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new DataplaneException("the client connections did not complete: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%n  %d connections in %.1f s (%.0f per second), %d failed%n", CONNECTIONS, seconds,
                CONNECTIONS / seconds, failed.sum());
        return served;
    }

    /** One connection: send a line, read the backend's name and the echo. Returns the name, or null. */
    private static String exchange(InetSocketAddress target, byte[] payload) {
        try (Socket s = new Socket()) {
            s.connect(target, 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(payload);
            s.shutdownOutput();
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            int nl = reply.indexOf('\n');
            if (nl < 0 || !reply.substring(nl + 1).equals(new String(payload, StandardCharsets.US_ASCII))) return null;
            return reply.substring(0, nl);
        } catch (IOException e) {
            return null;
        }
    }

    /** A progress bar redrawn in place on a terminal; a line every quarter otherwise (a log, a pipe). */
    private static void progress(int done) {
        int step = TERMINAL ? CONNECTIONS / 30 : CONNECTIONS / 4;
        if (done % step != 0 && done != CONNECTIONS) return;
        int filled = done * 30 / CONNECTIONS;
        synchronized (System.out) {
            System.out.printf("%s  [%s%s] %5d / %d", TERMINAL ? "\r" : "\n", "#".repeat(filled), " ".repeat(30 - filled),
                    done, CONNECTIONS);
            System.out.flush();
        }
    }

    /** The per-backend table: what the client saw, next to the kernel's counters. */
    private static void table(Dataplane dp, Vip vip, Sandbox sandbox, Map<String, Integer> served) {
        Map<Endpoint, TrafficStats> stats = dp.backendStats(vip);
        List<Backend> route = dp.routeOf(vip).orElseThrow().backends();
        int totalWeight = route.stream().mapToInt(Backend::weight).sum();
        int total = served.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println();
        System.out.printf("  %-10s %-16s %6s %11s %7s %8s %10s %10s %12s%n", "backend", "address", "weight",
                "connections", "share", "expected", "packets", "replies", "bytes");
        Map<String, Host> byAddress = new LinkedHashMap<>();
        for (Host h : sandbox.backends()) byAddress.put(h.ipv4().getHostAddress(), h);
        for (Backend b : route) {
            TrafficStats t = stats.getOrDefault(b.endpoint(), TrafficStats.ZERO);
            String name = byAddress.get(b.address().getHostAddress()).role();
            int n = served.getOrDefault(name, 0);
            System.out.printf("  %-10s %-16s %6d %11d %6.1f%% %7.1f%% %10d %10d %12d%n", name,
                    b.address().getHostAddress() + ":" + b.port(), b.weight(), n, 100.0 * n / Math.max(total, 1),
                    100.0 * b.weight() / Math.max(totalWeight, 1), t.packets(), t.replyPackets(), t.bytes());
        }
        TrafficStats v = dp.stats(vip);
        System.out.printf("  %-10s %-16s %6s %11d %7s %8s %10d %10d %12d%n", "VIP", vip.address().getHostAddress() + ":"
                + vip.port(), "", total, "", "", v.packets(), v.replyPackets(), v.bytes());
        System.out.println("  (connections: as counted by the client this round; packets, replies, bytes: the"
                + " kernel's per-CPU counters since the route was created)");
    }

    private static void global(GlobalStats g) {
        System.out.println();
        System.out.println("  global counters:");
        System.out.printf("    packets seen %d, forwarded %d (redirected %d, out the same interface %d, via the kernel %d)%n",
                g.packets(), g.redirected() + g.transmitted() + g.toKernel(), g.redirected(), g.transmitted(),
                g.toKernel());
        System.out.printf("    flow table: %d hits, %d misses (new flows), %d re-selections; %d replies translated%n",
                g.flowHits(), g.flowMisses(), g.flowReselects(), g.replies());
        System.out.printf("    dropped %d, passed to the kernel untouched %d%n", g.dropped(), g.passed());
    }

    private static void step(String what) {
        System.out.println();
        System.out.println("==> " + what);
    }

    /** A TCP server per backend: answers each connection with its name, then echoes what it got. */
    private static final class Servers implements AutoCloseable {
        private final List<ServerSocket> sockets = new ArrayList<>();
        private final Map<String, LongAdder> accepted = new LinkedHashMap<>();

        static Servers start(Sandbox sandbox) {
            Servers s = new Servers();
            for (Host b : sandbox.backends()) {
                // Created in the backend's namespace; accepting and serving from virtual threads is fine.
                ServerSocket server = b.call(() -> new ServerSocket(BACKEND_PORT, 1024));
                s.sockets.add(server);
                LongAdder count = new LongAdder();
                s.accepted.put(b.role(), count);
                Thread.ofVirtual().start(() -> accept(server, b.role(), count));
            }
            return s;
        }

        private static void accept(ServerSocket server, String name, LongAdder count) {
            while (!server.isClosed()) {
                try {
                    Socket c = server.accept();
                    count.increment();
                    Thread.ofVirtual().start(() -> serve(c, name));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private static void serve(Socket c, String name) {
            try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                c.setSoTimeout(10_000);
                out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
                in.transferTo(out);
            } catch (IOException ignored) {
                // the client went away
            }
        }

        @Override
        public void close() {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
