package dev.blixt.internal.datapath;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Compiles a probe of {@code blixt_types.h} with the host compiler and checks that every Java
 * layout in {@link Layouts} has the C struct's size and field offsets, so the two sides cannot
 * drift.
 */
class LayoutsProbeTest {
    private static final Map<String, StructLayout> STRUCTS = Map.ofEntries(
            Map.entry("vip_key", Layouts.VIP_KEY),
            Map.entry("vip_info", Layouts.VIP_INFO),
            Map.entry("backend", Layouts.BACKEND),
            Map.entry("backend_key", Layouts.BACKEND_KEY),
            Map.entry("backend_ref", Layouts.BACKEND_REF),
            Map.entry("backend_vips", Layouts.BACKEND_VIPS),
            Map.entry("backend_ref_key", Layouts.BACKEND_REF_KEY),
            Map.entry("egress", Layouts.EGRESS),
            Map.entry("flow_key", Layouts.FLOW_KEY),
            Map.entry("flow_value", Layouts.FLOW_VALUE),
            Map.entry("config", Layouts.CONFIG),
            Map.entry("encap_cfg", Layouts.ENCAP_CFG),
            Map.entry("fnat_cfg", Layouts.FNAT_CFG),
            Map.entry("nat_entry", Layouts.NAT_ENTRY),
            Map.entry("src_key4", Layouts.SRC_KEY4),
            Map.entry("src_key6", Layouts.SRC_KEY6),
            Map.entry("counters", Layouts.COUNTERS));

    @Test
    void javaLayoutsMatchTheCHeader() throws Exception {
        Map<String, Long> c = probe();
        for (Map.Entry<String, StructLayout> e : STRUCTS.entrySet()) {
            String s = e.getKey();
            StructLayout layout = e.getValue();
            assertThat(layout.byteSize()).as("sizeof(struct %s)", s).isEqualTo(c.get(s));
            for (MemoryLayout m : layout.memberLayouts()) {
                String field = m.name().orElseThrow();
                assertThat(layout.byteOffset(MemoryLayout.PathElement.groupElement(field)))
                        .as("offsetof(struct %s, %s)", s, field).isEqualTo(c.get(s + "." + field));
            }
        }
        assertThat(Layouts.GLOBAL_COUNTERS_LAYOUT.byteSize()).isEqualTo(c.get("global_counters"));
        assertThat((long) Layouts.GLOBAL_COUNTERS).isEqualTo(c.get("GC_MAX"));
        assertThat((long) Datapath.NEXTHOP_SIZE).isEqualTo(c.get("nexthop"));
        assertThat((long) Datapath.CLIENT_KEY_SIZE).isEqualTo(c.get("client_key"));
        assertThat((long) Layouts.INLINE_REFS).isEqualTo(c.get("BLIXT_INLINE_REFS"));
        assertThat((long) Layouts.MAX_IFINDEX).isEqualTo(c.get("BLIXT_MAX_IFINDEX"));
        assertThat((long) Layouts.EGRESS_F_XDP_SAFE).isEqualTo(c.get("BLIXT_EGRESS_F_XDP_SAFE"));
        assertThat((long) Layouts.FILTER_WORDS).isEqualTo(c.get("BLIXT_FILTER_WORDS"));
        assertThat((long) GlobalCounter.DROP_UNSUPPORTED.ordinal()).isEqualTo(c.get("GC_DROP_UNSUPPORTED"));
        assertThat((long) GlobalCounter.EGRESS_UNSAFE.ordinal()).isEqualTo(c.get("GC_EGRESS_UNSAFE"));
        assertThat((long) GlobalCounter.FLOW_LOST.ordinal()).isEqualTo(c.get("GC_FLOW_LOST"));
        assertThat((long) GlobalCounter.REPLY_STATELESS.ordinal()).isEqualTo(c.get("GC_REPLY_STATELESS"));
        assertThat((long) GlobalCounter.DROP_ENCAP.ordinal()).isEqualTo(c.get("GC_DROP_ENCAP"));
        assertThat((long) GlobalCounter.ICMP_TOO_BIG.ordinal()).isEqualTo(c.get("GC_ICMP_TOO_BIG"));
        assertThat((long) GlobalCounter.values().length).isEqualTo(c.get("GC_DROP_SOURCE_NOT_ALLOWED") + 1);
        assertThat((long) GlobalCounter.FNAT_EXHAUSTED.ordinal()).isEqualTo(c.get("GC_FNAT_EXHAUSTED"));
        assertThat((long) VipInfo.F_SRC_CHECK).isEqualTo(c.get("BLIXT_VIP_F_SRC_CHECK"));
        assertThat((long) VipInfo.F_SRC_ALLOWLIST).isEqualTo(c.get("BLIXT_VIP_F_SRC_ALLOWLIST"));
        assertThat((long) VipInfo.F_SRC_GEN).isEqualTo(c.get("BLIXT_VIP_F_SRC_GEN"));
        assertThat((long) SourceKey.ALLOW).isEqualTo(c.get("BLIXT_SRC_ALLOW"));
        assertThat((long) SourceKey.DENY).isEqualTo(c.get("BLIXT_SRC_DENY"));
        assertThat((long) VipInfo.MODE_FULL_NAT).isEqualTo(c.get("BLIXT_MODE_FULL_NAT"));
        assertThat((long) Layouts.FNAT_ADDRS).isEqualTo(c.get("BLIXT_FNAT_ADDRS"));
        assertThat((long) Layouts.FNAT_PROBES).isEqualTo(c.get("BLIXT_FNAT_PROBES"));
        assertThat((long) Layouts.NAT_F_CLOSING).isEqualTo(c.get("BLIXT_NAT_F_CLOSING"));
        assertThat((long) FullNat.SEED).isEqualTo(c.get("BLIXT_FNAT_SEED"));
        assertThat((long) VipInfo.MODE_DSR_IPIP).isEqualTo(c.get("BLIXT_MODE_DSR_IPIP"));
        assertThat((long) VipInfo.MODE_DSR_GUE).isEqualTo(c.get("BLIXT_MODE_DSR_GUE"));
    }

    private static Map<String, Long> probe() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("blixt-layout-probe");
        try {
            StringBuilder src = new StringBuilder("""
                    #include <stdio.h>
                    #include <stddef.h>
                    #include "blixt_types.h"
                    #define S(t) printf(#t " %zu\\n", sizeof(struct t));
                    #define O(t, f) printf(#t "." #f " %zu\\n", offsetof(struct t, f));
                    #define V(n) printf(#n " %ld\\n", (long)(n));
                    int main(void) {
                    """);
            for (Map.Entry<String, StructLayout> e : STRUCTS.entrySet()) {
                src.append("S(").append(e.getKey()).append(")\n");
                for (MemoryLayout m : e.getValue().memberLayouts()) {
                    src.append("O(").append(e.getKey()).append(", ").append(m.name().orElseThrow()).append(")\n");
                }
            }
            src.append("S(global_counters) S(nexthop) S(client_key) V(GC_MAX) V(BLIXT_INLINE_REFS) V(BLIXT_FILTER_WORDS)"
                    + " V(BLIXT_MAX_IFINDEX) V(BLIXT_EGRESS_F_XDP_SAFE) V(GC_DROP_UNSUPPORTED) V(GC_EGRESS_UNSAFE) V(GC_FLOW_LOST) V(GC_REPLY_STATELESS)"
                    + " V(GC_DROP_ENCAP) V(GC_ICMP_TOO_BIG) V(BLIXT_MODE_DSR_IPIP) V(BLIXT_MODE_DSR_GUE)"
                    + " V(GC_FNAT_EXHAUSTED) V(BLIXT_MODE_FULL_NAT) V(BLIXT_FNAT_ADDRS) V(BLIXT_FNAT_PROBES)"
                    + " V(BLIXT_NAT_F_CLOSING) V(BLIXT_FNAT_SEED) V(GC_DROP_SOURCE_NOT_ALLOWED) V(BLIXT_VIP_F_SRC_CHECK)"
                    + " V(BLIXT_VIP_F_SRC_ALLOWLIST) V(BLIXT_VIP_F_SRC_GEN) V(BLIXT_SRC_ALLOW) V(BLIXT_SRC_DENY)"
                    + " return 0; }\n");
            Path c = dir.resolve("probe.c");
            Files.writeString(c, src);
            Path exe = dir.resolve("probe");
            run(List.of("gcc", "-I", Path.of("src/main/c").toAbsolutePath().toString(), "-o", exe.toString(),
                    c.toString()));
            String out = run(List.of(exe.toString()));
            Map<String, Long> values = new HashMap<>();
            for (String line : out.split("\n")) {
                String[] kv = line.trim().split(" ");
                if (kv.length == 2) values.put(kv[0], Long.parseLong(kv[1]));
            }
            return values;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(cmd + " failed:\n" + out);
        }
        return out;
    }
}
