package dev.blixt.e2e;

import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.sandbox.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's SNMP counters of one namespace ({@code /proc/net/snmp} and {@code /proc/net/netstat}
 * as seen from a thread inside it), keyed {@code Group.Name}, e.g. {@code Tcp.OutSegs},
 * {@code IpExt.OutOctets}, and {@code /proc/net/snmp6}'s the same way, e.g. {@code Ip6.OutForwDatagrams}.
 */
record Mib(Map<String, Long> values) {

    static Mib read(Host host) {
        return host.call(Mib::here);
    }

    /** The counters of the named network namespace (one the caller created, e.g. with {@code ip netns add}). */
    static Mib read(String namespace) {
        return NetNamespace.callIn(namespace, Mib::here);
    }

    /** The counters of the calling thread's namespace. */
    private static Mib here() throws java.io.IOException {
        Map<String, Long> m = new HashMap<>();
        for (String file : List.of("snmp", "netstat")) {
            List<String> lines = Files.readAllLines(Path.of("/proc/thread-self/net", file));
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                String[] names = lines.get(i).trim().split("\\s+");
                String[] vals = lines.get(i + 1).trim().split("\\s+");
                String group = names[0].substring(0, names[0].length() - 1);
                for (int k = 1; k < names.length && k < vals.length; k++) {
                    m.put(group + "." + names[k], Long.parseLong(vals[k]));
                }
            }
        }
        // snmp6: one "Ip6InReceives 123" per line, keyed like the others ("Ip6.InReceives", "Icmp6.InMsgs").
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/net/snmp6"))) {
            String[] f = line.trim().split("\\s+");
            int six = f[0].indexOf('6');
            if (f.length == 2 && six > 0) m.put(f[0].substring(0, six + 1) + "." + f[0].substring(six + 1), Long.parseLong(f[1]));
        }
        return new Mib(m);
    }

    long get(String key) {
        Long v = values.get(key);
        if (v == null) throw new IllegalArgumentException("no counter " + key + " in " + values.keySet());
        return v;
    }

    /** {@code this - before} for one counter. */
    long delta(Mib before, String key) {
        return get(key) - before.get(key);
    }
}
