package dev.blixt.testing;

import dev.blixt.DataplaneConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Two uniquely named network namespaces joined by a veth pair, for tests:
 * {@code <prefix>-a} holds {@code veth-a} with {@link #addressA()}, {@code <prefix>-b} holds {@code veth-b}
 * with {@link #addressB()} (both in one /24 of 198.18.0.0/15), both up. The prefix is
 * {@code blixt-t-<pid>-<counter>}. Closing deletes both namespaces (and so the veth pair).
 *
 * <p>Creating one first removes leftovers with the {@code blixt-t-} prefix whose process is gone, as well
 * as {@code /sys/fs/bpf/blixt-test-<pid>-*} pin directories of dead processes.
 */
public final class TestNetns implements AutoCloseable {

    /** The prefix of every namespace the tests create. */
    public static final String PREFIX = "blixt-t-";
    private static final Pattern LEFTOVER = Pattern.compile("blixt-t(?:est)?-(\\d+)-.*");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String prefix;
    private final int subnet;
    private boolean closed;

    private TestNetns(String prefix, int subnet) {
        this.prefix = prefix;
        this.subnet = subnet;
    }

    /**
     * Creates the namespaces and the veth pair.
     *
     * @return the topology; close it
     */
    public static TestNetns create() {
        cleanLeftovers();
        int n = COUNTER.incrementAndGet();
        String prefix = PREFIX + ProcessHandle.current().pid() + "-" + n;
        TestNetns t = new TestNetns(prefix, n % 512);
        try {
            Cmd.run("ip", "netns", "add", t.nsA());
            Cmd.run("ip", "netns", "add", t.nsB());
            Cmd.run("ip", "-n", t.nsA(), "link", "add", t.vethA(), "type", "veth", "peer", "name", t.vethB(),
                    "netns", t.nsB());
            Cmd.run("ip", "-n", t.nsA(), "addr", "add", t.addressA() + "/24", "dev", t.vethA());
            Cmd.run("ip", "-n", t.nsB(), "addr", "add", t.addressB() + "/24", "dev", t.vethB());
            Cmd.run("ip", "-n", t.nsA(), "link", "set", t.vethA(), "up");
            Cmd.run("ip", "-n", t.nsB(), "link", "set", t.vethB(), "up");
            Cmd.run("ip", "-n", t.nsA(), "link", "set", "lo", "up");
            Cmd.run("ip", "-n", t.nsB(), "link", "set", "lo", "up");
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /**
     * The first namespace's name.
     *
     * @return {@code <prefix>-a}
     */
    public String nsA() {
        return prefix + "-a";
    }

    /**
     * The second namespace's name.
     *
     * @return {@code <prefix>-b}
     */
    public String nsB() {
        return prefix + "-b";
    }

    /**
     * The veth end in {@link #nsA()}.
     *
     * @return the interface name
     */
    public String vethA() {
        return "veth-a";
    }

    /**
     * The veth end in {@link #nsB()}.
     *
     * @return the interface name
     */
    public String vethB() {
        return "veth-b";
    }

    /**
     * A data-plane configuration on {@link #vethA()} in {@link #nsA()} (opened from any thread, as a user
     * would with {@code networkNamespace}), sized small: 4 VIPs, 64 backends, ring 4099, 4096 flows.
     *
     * @return a builder on which each of these may be overridden once
     */
    public DataplaneConfig.Builder dataplaneConfig() {
        return DataplaneConfig.builder().interfaces(vethA()).networkNamespace(nsA()).maxVips(4).maxBackends(64)
                .ringSize(4099).flowTableSize(4096).build().toBuilder();
    }

    /**
     * The address of {@link #vethA()}.
     *
     * @return an address in 198.18.0.0/15
     */
    public String addressA() {
        return "198." + (18 + subnet / 256) + "." + (subnet % 256) + ".1";
    }

    /**
     * The address of {@link #vethB()}.
     *
     * @return an address in 198.18.0.0/15
     */
    public String addressB() {
        return "198." + (18 + subnet / 256) + "." + (subnet % 256) + ".2";
    }

    /**
     * Runs {@code ip -n ns args...}.
     *
     * @param ns the namespace
     * @param args the ip arguments
     * @return the output
     */
    public static String ip(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        return Cmd.run(cmd);
    }

    /**
     * Runs {@code tc -n ns args...}.
     *
     * @param ns the namespace
     * @param args the tc arguments
     * @return the output
     */
    public static String tc(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("tc", "-n", ns));
        cmd.addAll(List.of(args));
        return Cmd.run(cmd);
    }

    /** Deletes both namespaces. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Cmd.exec("ip", "netns", "del", nsA());
        Cmd.exec("ip", "netns", "del", nsB());
    }

    /** Removes namespaces and pin directories left by test processes that no longer exist. */
    public static void cleanLeftovers() {
        Path netns = Path.of("/var/run/netns");
        if (Files.isDirectory(netns)) {
            try (Stream<Path> s = Files.list(netns)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX) && deadOwner(n))
                        .forEach(n -> Cmd.exec("ip", "netns", "del", n));
            } catch (IOException ignored) {
                // best effort
            }
        }
        Path bpffs = Path.of("/sys/fs/bpf");
        if (Files.isDirectory(bpffs)) {
            try (Stream<Path> s = Files.list(bpffs)) {
                s.filter(p -> p.getFileName().toString().startsWith(TestPins.PREFIX) && deadOwner(p.getFileName().toString()))
                        .forEach(TestNetns::deleteTree);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private static boolean deadOwner(String name) {
        Matcher m = LEFTOVER.matcher(name);
        if (!m.matches()) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty();
    }

    static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "TestNetns[" + nsA() + " " + vethA() + " " + addressA() + " <-> " + nsB() + " " + vethB() + " "
                + addressB() + "]";
    }
}
