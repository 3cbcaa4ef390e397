package dev.blixt.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.PaddingLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.blixt.testing.Cmd;
import dev.blixt.testing.PrivilegedExtension;

/**
 * Compiles src/test/c/layout_probe.c with gcc against the installed libbpf and kernel headers and checks
 * that every Java struct layout has the C size and every field the C offset, and that the hard-coded
 * constants equal the C ones.
 */
class LayoutProbeTest {

    static final Map<String, GroupLayout> STRUCTS = Map.ofEntries(
            Map.entry("bpf_object_open_opts", bpf_object_open_opts.layout()),
            Map.entry("bpf_tc_hook", bpf_tc_hook.layout()),
            Map.entry("bpf_tc_opts", bpf_tc_opts.layout()),
            Map.entry("bpf_xdp_attach_opts", bpf_xdp_attach_opts.layout()),
            Map.entry("bpf_xdp_query_opts", bpf_xdp_query_opts.layout()),
            Map.entry("bpf_link_create_opts", bpf_link_create_opts.layout()),
            Map.entry("bpf_map_batch_opts", bpf_map_batch_opts.layout()),
            Map.entry("bpf_test_run_opts", bpf_test_run_opts.layout()),
            Map.entry("bpf_map_info", bpf_map_info.layout()),
            Map.entry("bpf_prog_info", bpf_prog_info.layout()),
            Map.entry("bpf_link_info", bpf_link_info.layout()),
            Map.entry("btf_type", btf_type.layout()),
            Map.entry("btf_var_secinfo", btf_var_secinfo.layout()),
            Map.entry("nlmsghdr", nlmsghdr.layout()),
            Map.entry("nlmsgerr", nlmsgerr.layout()),
            Map.entry("tcmsg", tcmsg.layout()),
            Map.entry("sockaddr_nl", sockaddr_nl.layout()),
            Map.entry("pollfd", libc_events_h.POLLFD));

    /** Structs of which the Java side declares only the leading fields (the kernel accepts a shorter buffer). */
    static final Set<String> PREFIX_ONLY = Set.of("bpf_prog_info", "bpf_link_info");

    static final Map<String, Long> CONSTANTS = Map.ofEntries(
            Map.entry("BPF_XDP", (long) libbpf_h.BPF_XDP()),
            Map.entry("BPF_ANY", (long) libbpf_h.BPF_ANY()),
            Map.entry("BPF_NOEXIST", (long) libbpf_h.BPF_NOEXIST()),
            Map.entry("BPF_EXIST", (long) libbpf_h.BPF_EXIST()),
            Map.entry("BPF_TC_INGRESS", (long) libbpf_h.BPF_TC_INGRESS()),
            Map.entry("BPF_TC_EGRESS", (long) libbpf_h.BPF_TC_EGRESS()),
            Map.entry("BPF_TC_CUSTOM", (long) libbpf_h.BPF_TC_CUSTOM()),
            Map.entry("BPF_TC_F_REPLACE", (long) libbpf_h.BPF_TC_F_REPLACE()),
            Map.entry("XDP_FLAGS_UPDATE_IF_NOEXIST", (long) libbpf_h.XDP_FLAGS_UPDATE_IF_NOEXIST()),
            Map.entry("XDP_FLAGS_SKB_MODE", (long) libbpf_h.XDP_FLAGS_SKB_MODE()),
            Map.entry("XDP_FLAGS_DRV_MODE", (long) libbpf_h.XDP_FLAGS_DRV_MODE()),
            Map.entry("XDP_FLAGS_HW_MODE", (long) libbpf_h.XDP_FLAGS_HW_MODE()),
            Map.entry("XDP_FLAGS_REPLACE", (long) libbpf_h.XDP_FLAGS_REPLACE()),
            Map.entry("XDP_ATTACHED_NONE", (long) libbpf_h.XDP_ATTACHED_NONE()),
            Map.entry("XDP_ATTACHED_DRV", (long) libbpf_h.XDP_ATTACHED_DRV()),
            Map.entry("XDP_ATTACHED_SKB", (long) libbpf_h.XDP_ATTACHED_SKB()),
            Map.entry("XDP_ATTACHED_HW", (long) libbpf_h.XDP_ATTACHED_HW()),
            Map.entry("XDP_ATTACHED_MULTI", (long) libbpf_h.XDP_ATTACHED_MULTI()),
            Map.entry("BTF_KIND_VAR", (long) libbpf_h.BTF_KIND_VAR()),
            Map.entry("BTF_KIND_DATASEC", (long) libbpf_h.BTF_KIND_DATASEC()),
            Map.entry("LIBBPF_WARN", (long) libbpf_h.LIBBPF_WARN()),
            Map.entry("LIBBPF_INFO", (long) libbpf_h.LIBBPF_INFO()),
            Map.entry("LIBBPF_DEBUG", (long) libbpf_h.LIBBPF_DEBUG()),
            Map.entry("BPF_OBJ_NAME_LEN", (long) libbpf_h.BPF_OBJ_NAME_LEN()),
            Map.entry("BPF_PROG_TYPE_XDP", (long) libbpf_h.BPF_PROG_TYPE_XDP()),
            Map.entry("BPF_PROG_TYPE_SCHED_CLS", (long) libbpf_h.BPF_PROG_TYPE_SCHED_CLS()),
            Map.entry("BPF_MAP_TYPE_ARRAY", (long) libbpf_h.BPF_MAP_TYPE_ARRAY()),
            Map.entry("TC_H_CLSACT", Integer.toUnsignedLong(libc_h.TC_H_CLSACT())),
            Map.entry("TC_H_MIN_INGRESS", (long) libc_h.TC_H_MIN_INGRESS()),
            Map.entry("TC_H_MIN_EGRESS", (long) libc_h.TC_H_MIN_EGRESS()),
            Map.entry("AF_NETLINK", (long) libc_h.AF_NETLINK()),
            Map.entry("SOCK_RAW", (long) libc_h.SOCK_RAW()),
            Map.entry("SOCK_CLOEXEC", (long) libc_h.SOCK_CLOEXEC()),
            Map.entry("NETLINK_ROUTE", (long) libc_h.NETLINK_ROUTE()),
            Map.entry("RTM_GETTFILTER", (long) libc_h.RTM_GETTFILTER()),
            Map.entry("RTM_NEWTFILTER", (long) libc_h.RTM_NEWTFILTER()),
            Map.entry("NLM_F_REQUEST", (long) libc_h.NLM_F_REQUEST()),
            Map.entry("NLM_F_DUMP", (long) libc_h.NLM_F_DUMP()),
            Map.entry("NLMSG_ERROR", (long) libc_h.NLMSG_ERROR()),
            Map.entry("NLMSG_DONE", (long) libc_h.NLMSG_DONE()),
            Map.entry("O_RDONLY", (long) libc_h.O_RDONLY()),
            Map.entry("O_CLOEXEC", (long) libc_h.O_CLOEXEC()),
            Map.entry("CLONE_NEWNET", (long) libc_h.CLONE_NEWNET()),
            Map.entry("IF_NAMESIZE", (long) libc_h.IF_NAMESIZE()),
            Map.entry("POLLIN", (long) libc_events_h.POLLIN()),
            Map.entry("EFD_CLOEXEC", (long) libc_events_h.EFD_CLOEXEC()),
            Map.entry("RTMGRP_LINK", (long) libc_events_h.RTMGRP_LINK()));

    record CStruct(long size, Map<String, Long> fields) {
    }

    static final Map<String, CStruct> C_STRUCTS = new LinkedHashMap<>();
    static final Map<String, Long> C_CONSTANTS = new HashMap<>();

    @BeforeAll
    static void compileAndRunProbe(@TempDir Path tmp) throws IOException {
        boolean haveGcc = Cmd.exec("sh", "-c", "command -v gcc").ok();
        if (!haveGcc) {
            String why = "gcc is not installed: the struct layouts cannot be checked against the C headers";
            if (PrivilegedExtension.required()) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        Path source = Path.of(System.getenv().getOrDefault("BLIXT_SOURCE_DIR", "."), "src/test/c/layout_probe.c");
        assertThat(source).exists();
        Path exe = tmp.resolve("layout_probe");
        Cmd.run("gcc", "-Wall", "-Werror", "-o", exe.toString(), source.toString());
        for (String line : Cmd.run(exe.toString()).lines().toList()) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "S" -> C_STRUCTS.put(f[1], new CStruct(Long.parseLong(f[2]), new LinkedHashMap<>()));
                case "F" -> C_STRUCTS.get(f[1]).fields().put(f[2], Long.parseLong(f[3]));
                case "C" -> C_CONSTANTS.put(f[1], Long.parseLong(f[2]));
                default -> throw new AssertionError("unexpected probe output: " + line);
            }
        }
        assertThat(Files.exists(exe)).isTrue();
    }

    /** Every named leaf field of a layout, as "a.b" (anonymous "$anon" groups add no prefix) with its offset. */
    static Map<String, Long> javaFields(GroupLayout root) {
        Map<String, Long> out = new LinkedHashMap<>();
        collect(root, root, new ArrayList<>(), "", out);
        return out;
    }

    private static void collect(GroupLayout root, GroupLayout group, List<PathElement> path, String prefix,
                                Map<String, Long> out) {
        for (MemoryLayout m : group.memberLayouts()) {
            if (m instanceof PaddingLayout || m.name().isEmpty()) {
                continue;
            }
            String name = m.name().get();
            List<PathElement> p = new ArrayList<>(path);
            p.add(PathElement.groupElement(name));
            if (m instanceof GroupLayout g) {
                collect(root, g, p, name.startsWith("$anon") ? prefix : prefix + name + ".", out);
            } else {
                out.put(prefix + name, root.byteOffset(p.toArray(PathElement[]::new)));
            }
        }
    }

    @Test
    void everyJavaStructHasTheSizeAndFieldOffsetsOfTheCHeaders() {
        assertThat(C_STRUCTS.keySet()).containsExactlyInAnyOrderElementsOf(STRUCTS.keySet());
        for (var e : STRUCTS.entrySet()) {
            String name = e.getKey();
            CStruct c = C_STRUCTS.get(name);
            Map<String, Long> java = javaFields(e.getValue());
            assertThat(java).as("fields of struct %s (Java layout vs C offsetof)", name).isEqualTo(c.fields());
            if (PREFIX_ONLY.contains(name)) {
                assertThat(e.getValue().byteSize()).as("sizeof prefix of struct %s", name).isLessThanOrEqualTo(c.size());
            } else {
                assertThat(e.getValue().byteSize()).as("sizeof(struct %s)", name).isEqualTo(c.size());
            }
        }
    }

    @Test
    void structClassesAgreeWithTheirLayouts() {
        assertThat(bpf_tc_opts.sizeof()).isEqualTo(bpf_tc_opts.layout().byteSize());
        assertThat(bpf_tc_opts.priority$offset()).isEqualTo(C_STRUCTS.get("bpf_tc_opts").fields().get("priority"));
        assertThat(bpf_test_run_opts.duration$offset()).isEqualTo(C_STRUCTS.get("bpf_test_run_opts").fields().get("duration"));
        assertThat(bpf_object_open_opts.kernel_log_level$offset())
                .isEqualTo(C_STRUCTS.get("bpf_object_open_opts").fields().get("kernel_log_level"));
        assertThat(bpf_link_info.xdp$offset() + bpf_link_info.xdp.ifindex$offset())
                .isEqualTo(C_STRUCTS.get("bpf_link_info").fields().get("xdp.ifindex"));
    }

    @Test
    void hardCodedConstantsEqualTheCHeaders() {
        assertThat(C_CONSTANTS).isEqualTo(CONSTANTS);
    }
}
