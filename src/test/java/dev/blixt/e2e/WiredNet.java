package dev.blixt.e2e;

import dev.blixt.testing.Cmd;
import dev.blixt.testing.TestNetns;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Network namespaces wired the way a user wires them, with plain {@code ip} commands: one namespace
 * per role (named {@code blixt-t-<pid>-<tag><n>-<role>}, so that {@link TestNetns#cleanLeftovers()}
 * finds what a killed run left), veth pairs between them, the kernel's defaults otherwise. Closing
 * deletes every namespace.
 */
final class WiredNet implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();

    private WiredNet(String prefix) {
        this.prefix = prefix;
    }

    /** The namespaces of {@code roles}, each with {@code lo} up. */
    static WiredNet create(String tag, String... roles) {
        TestNetns.cleanLeftovers();
        WiredNet net = new WiredNet(TestNetns.PREFIX + ProcessHandle.current().pid() + "-" + tag
                + COUNTER.incrementAndGet());
        try {
            for (String role : roles) {
                Cmd.run("ip", "netns", "add", net.ns(role));
                net.namespaces.add(net.ns(role));
                net.ip(role, "link", "set", "lo", "up");
            }
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    String ns(String role) {
        return prefix + "-" + role;
    }

    /** {@code ip -n <ns(role)> args...}; returns its output. */
    String ip(String role, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns(role)));
        cmd.addAll(List.of(args));
        return Cmd.run(cmd);
    }

    /** A veth pair {@code aIf} in {@code a} with {@code aAddr}, {@code bIf} in {@code b} with {@code bAddr} (both /24), up. */
    void link(String a, String aIf, String aAddr, String b, String bIf, String bAddr) {
        ip(a, "link", "add", aIf, "type", "veth", "peer", "name", bIf, "netns", ns(b));
        ip(a, "addr", "add", aAddr + "/24", "dev", aIf);
        ip(b, "addr", "add", bAddr + "/24", "dev", bIf);
        ip(a, "link", "set", aIf, "up");
        ip(b, "link", "set", bIf, "up");
    }

    /** IPv4 forwarding on in {@code role}'s namespace. */
    void forwarding(String role) {
        Cmd.run("ip", "netns", "exec", ns(role), "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
    }

    /** Turns on IPv6 forwarding in the namespace of {@code role} (a router's setting, as a user makes it). */
    void forwarding6(String role) {
        Cmd.run("ip", "netns", "exec", ns(role), "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
    }

    @Override
    public void close() {
        for (String n : namespaces.reversed()) Cmd.exec("ip", "netns", "del", n);
        namespaces.clear();
    }
}
