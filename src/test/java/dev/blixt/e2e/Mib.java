package dev.blixt.e2e;

import dev.blixt.sandbox.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's SNMP counters of one namespace ({@code /proc/net/snmp} and {@code /proc/net/netstat}
 * as seen from a thread inside it), keyed {@code Group.Name}, e.g. {@code Tcp.OutSegs},
 * {@code IpExt.OutOctets}.
 */
record Mib(Map<String, Long> values) {

    static Mib read(Host host) {
        return host.call(() -> {
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
            return new Mib(m);
        });
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
