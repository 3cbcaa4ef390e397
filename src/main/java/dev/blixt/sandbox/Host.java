package dev.blixt.sandbox;

import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.error.DataplaneException;
import dev.blixt.internal.netns.NetNamespace;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One network namespace of a {@link Sandbox}: the client, the load balancer or a backend.
 *
 * <p>A network namespace belongs to a thread, so code for a host runs on a dedicated
 * <em>platform</em> thread that first entered the namespace with {@code setns(2)} (never on a
 * virtual thread, whose carrier could change). Sockets created there belong to the namespace
 * for their whole life: once created (and connected, or bound) they may be used from any thread,
 * virtual threads included.
 *
 * {@snippet :
 * ServerSocket server = sandbox.backend(0).call(() -> new ServerSocket(8080));   // listens in backend 0
 * Socket socket = sandbox.client().call(() -> new Socket(vipAddress, 80));       // connects from the client
 * ExecutorService clients = Executors.newFixedThreadPool(4, sandbox.client().threadFactory());
 * }
 */
public final class Host {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String role;
    private final String namespace;
    private final List<String> interfaces;
    private final Inet4Address ipv4;
    private final Inet6Address ipv6;

    Host(String role, String namespace, List<String> interfaces, Inet4Address ipv4, Inet6Address ipv6) {
        this.role = role;
        this.namespace = namespace;
        this.interfaces = List.copyOf(interfaces);
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /**
     * What this host is in the sandbox.
     *
     * @return {@code client}, {@code lb} or {@code backend-<i>}
     */
    public String role() {
        return role;
    }

    /**
     * The name of the network namespace ({@code ip netns exec <name> ...} works with it).
     *
     * @return the namespace name, unique to this run
     */
    public String namespace() {
        return namespace;
    }

    /**
     * The host's network interfaces (besides {@code lo}). The client and the backends have one,
     * {@code eth0}; the load balancer has its client-side interface first, then one per backend.
     *
     * @return interface names inside the namespace
     */
    public List<String> interfaces() {
        return interfaces;
    }

    /**
     * The host's IPv4 address (for the load balancer: its address on the client side, the
     * client's gateway).
     *
     * @return an address in 198.18.0.0/15
     */
    public Inet4Address ipv4() {
        return ipv4;
    }

    /**
     * The host's IPv6 address (for the load balancer: its address on the client side).
     *
     * @return an address in 2001:db8::/32
     */
    public Inet6Address ipv6() {
        return ipv6;
    }

    /**
     * Runs {@code task} on a new platform thread inside this host's namespace and waits for it.
     *
     * @param <T> the result type
     * @param task the work
     * @return its result
     * @throws DataplaneException if the namespace cannot be entered, or wrapping a checked
     *     exception thrown by the task (unchecked exceptions pass through unchanged)
     */
    public <T> T call(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return NetNamespace.callIn(namespace, task);
    }

    /**
     * Starts {@code task} on a new daemon platform thread inside this host's namespace and
     * returns at once (for servers and other long-running work).
     *
     * @param <T> the result type
     * @param task the work
     * @return its future result; fails if the namespace cannot be entered or the task throws
     */
    public <T> CompletableFuture<T> start(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name(threadName()).start(() -> {
            try {
                NetNamespace.enterCurrentThread(namespace);
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * A factory of daemon platform threads that enter this host's namespace before running
     * their task, for executors: {@code Executors.newFixedThreadPool(8, host.threadFactory())}.
     * A thread that cannot enter the namespace does not run its task (it reports the failure
     * through its uncaught-exception handler).
     *
     * @return the thread factory
     */
    public ThreadFactory threadFactory() {
        return task -> Thread.ofPlatform().daemon().name(threadName()).unstarted(() -> {
            NetNamespace.enterCurrentThread(namespace);
            task.run();
        });
    }

    /**
     * Opens a data plane inside this host's namespace (meant for {@link Sandbox#lb()}, where
     * {@link Sandbox#dataplaneConfig()} names the interfaces).
     *
     * @param config the configuration
     * @return the open data plane; close it before the sandbox
     * @throws DataplaneException if the data plane cannot be opened
     */
    public Dataplane open(DataplaneConfig config) {
        Objects.requireNonNull(config, "config");
        return call(() -> Dataplane.open(config));
    }

    /**
     * Runs a command inside this host's namespace ({@code ip netns exec <namespace> command...}),
     * e.g. {@code exec("tcpdump", "-ni", "eth0", "-c", "20")} or {@code exec("ip", "-s", "link")}.
     *
     * @param command the program and its arguments
     * @return its standard output
     * @throws DataplaneException if it cannot be run, fails or runs for more than 30 s
     */
    public String exec(String... command) {
        if (command.length == 0) throw new IllegalArgumentException("exec: give a command");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        cmd.addAll(List.of(command));
        return Commands.run(cmd);
    }

    private String threadName() {
        return "sandbox-" + role + "-" + THREADS.incrementAndGet();
    }

    @Override
    public String toString() {
        return role + "[" + namespace + " " + interfaces + " " + ipv4.getHostAddress() + " " + ipv6.getHostAddress()
                + "]";
    }
}
