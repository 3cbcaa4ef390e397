package dev.blixt.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;
import dev.blixt.testing.TestPins;

/** Attaching to a veth pair inside namespaces the test creates; checked with bpf_xdp_query, ip and tc. */
@Privileged
class AttachTest {

    TestNetns net;
    BpfObject obj;

    @BeforeEach
    void setUp() {
        net = TestNetns.create();
        obj = TestObjects.load();
    }

    @AfterEach
    void tearDown() {
        try {
            obj.close();
        } finally {
            net.close();
        }
    }

    private String linkA() {
        return TestNetns.ip(net.nsA(), "link", "show", net.vethA());
    }

    private String tcFilters(String direction) {
        return TestNetns.tc(net.nsA(), "filter", "show", "dev", net.vethA(), direction);
    }

    private String qdiscs() {
        return TestNetns.tc(net.nsA(), "qdisc", "show", "dev", net.vethA());
    }

    @Test
    void xdpNativeAttachesThroughALinkAndDetachesOnClose() {
        BpfProgram prog = obj.program("xdp_count");
        XdpAttachment a = NetNamespace.callIn(net.nsA(), () -> prog.attachXdp(net.vethA(), XdpMode.NATIVE));
        try {
            assertThat(a.isLink()).isTrue();
            assertThat(a.interfaceName()).isEqualTo(net.vethA());
            assertThat(a.ifindex()).isPositive();
            assertThat(a.mode()).isEqualTo(XdpMode.NATIVE); // read back with bpf_xdp_query, from outside the namespace
            assertThat(a.isAttached()).isTrue();
            assertThat(linkA()).contains(" xdp ").doesNotContain("xdpgeneric").contains("name xdp_count");
        } finally {
            a.close(); // from the test thread, outside the namespace: the attachment goes back there
        }
        assertThat(linkA()).doesNotContain("xdp");
        a.close(); // idempotent
        assertThatThrownBy(a::mode).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void xdpGenericAttachesAndDetaches() {
        BpfProgram prog = obj.program("xdp_swap");
        try (XdpAttachment a = NetNamespace.callIn(net.nsA(), () -> prog.attachXdp(net.vethA(), XdpMode.GENERIC))) {
            assertThat(a.mode()).isEqualTo(XdpMode.GENERIC);
            assertThat(linkA()).contains("xdpgeneric").contains("name xdp_swap");
        }
        assertThat(linkA()).doesNotContain("xdp");
    }

    @Test
    void xdpAutoPrefersNativeOnVeth() {
        BpfProgram prog = obj.program("xdp_count");
        try (XdpAttachment a = NetNamespace.callIn(net.nsA(), () -> prog.attachXdp(net.vethA(), XdpMode.AUTO))) {
            assertThat(a.mode()).isEqualTo(XdpMode.NATIVE);
        }
    }

    @Test
    void asecondXdpProgramIsRefusedWithAnExplanation() {
        try (XdpAttachment first = NetNamespace.callIn(net.nsA(),
                () -> obj.program("xdp_count").attachXdp(net.vethA(), XdpMode.NATIVE))) {
            assertThatThrownBy(() -> NetNamespace.callIn(net.nsA(),
                    () -> obj.program("xdp_swap").attachXdp(net.vethA(), XdpMode.GENERIC)))
                    .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isIn("EBUSY", "EEXIST"))
                    .hasMessageContaining(net.vethA()).hasMessageContaining("already attached")
                    .hasMessageContaining("program id " + first.programId()).hasMessageContaining("attach with tc")
                    .hasMessageContaining("in native mode")
                    .hasMessageContaining("native and generic XDP cannot be active at once")
                    .hasMessageNotContaining("xdp off");
            assertThat(first.mode()).isEqualTo(XdpMode.NATIVE);
        }
    }

    /** Generic XDP over generic XDP is refused because one program per mode is attached, not because of mixing. */
    @Test
    void aSecondGenericXdpProgramIsRefusedWithoutBlamingMixedModes() {
        try (XdpAttachment first = NetNamespace.callIn(net.nsA(),
                () -> obj.program("xdp_count").attachXdp(net.vethA(), XdpMode.GENERIC))) {
            assertThatThrownBy(() -> NetNamespace.callIn(net.nsA(),
                    () -> obj.program("xdp_swap").attachXdp(net.vethA(), XdpMode.GENERIC)))
                    .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isIn("EBUSY", "EEXIST"))
                    .hasMessageContaining("program id " + first.programId() + ", see bpftool")
                    .hasMessageContaining("already attached to " + net.vethA() + " in generic mode")
                    .hasMessageContaining("one XDP program per interface and mode")
                    .hasMessageNotContaining("native and generic").hasMessageNotContaining("mixed");
            assertThat(first.mode()).isEqualTo(XdpMode.GENERIC);
        }
    }

    @Test
    void closingTheObjectDetachesItsAttachments() {
        XdpAttachment a = NetNamespace.callIn(net.nsA(), () -> obj.program("xdp_count").attachXdp(net.vethA(), XdpMode.NATIVE));
        TcAttachment t = NetNamespace.callIn(net.nsA(), () -> obj.program("tc_swap").attachTc(net.vethA(), TcDirection.INGRESS));
        assertThat(linkA()).contains("xdp");
        obj.close();
        assertThat(linkA()).doesNotContain("xdp");
        assertThat(tcFilters("ingress")).isEmpty();
        assertThatThrownBy(a::isAttached).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(t::isAttached).isInstanceOf(IllegalStateException.class);
        a.close();
        t.close();
    }

    @Test
    void pinnedAndReleasedXdpLinksStayAttachedAndCanBeReadopted() {
        try (TestPins pins = TestPins.create()) {
            Path pin = pins.resolve("xdp_link");
            XdpAttachment a = NetNamespace.callIn(net.nsA(), () -> obj.program("xdp_count").attachXdp(net.vethA(), XdpMode.GENERIC));
            assertThatThrownBy(a::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("pin");
            a.pin(pin);
            assertThat(a.pinPath()).contains(pin);
            a.release();
            obj.close();
            assertThat(linkA()).contains("xdpgeneric").contains("name xdp_count");

            try (BpfObject next = TestObjects.load()) {
                XdpAttachment adopted = NetNamespace.callIn(net.nsA(), () -> XdpAttachment.openPinned(pin));
                assertThat(adopted.isLink()).isTrue();
                assertThat(adopted.interfaceName()).isEqualTo(net.vethA());
                assertThat(adopted.mode()).isEqualTo(XdpMode.GENERIC);
                adopted.replaceProgram(next.program("xdp_swap"));
                assertThat(linkA()).contains("name xdp_swap");
                adopted.close();
                assertThat(linkA()).doesNotContain("xdp");
            }
        }
    }

    @Test
    void tcIngressAndEgressAttachDirectActionAndCleanUpTheHookTheyCreated() {
        BpfProgram prog = obj.program("tc_swap");
        assertThat(qdiscs()).doesNotContain("clsact");
        TcAttachment in = NetNamespace.callIn(net.nsA(), () -> prog.attachTc(net.vethA(), TcDirection.INGRESS));
        TcAttachment out = NetNamespace.callIn(net.nsA(), () -> prog.attachTc(net.vethA(), TcDirection.EGRESS));
        assertThat(in.createdHook()).isTrue();
        assertThat(out.createdHook()).isFalse();
        assertThat(in.handle()).isEqualTo(TcAttachment.DEFAULT_HANDLE);
        assertThat(in.priority()).isEqualTo(TcAttachment.DEFAULT_PRIORITY);
        assertThat(in.direction()).isEqualTo(TcDirection.INGRESS);
        assertThat(in.isAttached()).isTrue();
        assertThat(tcFilters("ingress")).contains("tc_swap").contains("direct-action");
        assertThat(tcFilters("egress")).contains("tc_swap").contains("direct-action");
        assertThat(qdiscs()).contains("clsact");

        in.close();
        assertThat(tcFilters("ingress")).isEmpty();
        assertThat(tcFilters("egress")).contains("tc_swap");
        assertThat(qdiscs()).contains("clsact"); // the egress filter still uses it
        out.close();
        assertThat(tcFilters("egress")).isEmpty();
        assertThat(qdiscs()).doesNotContain("clsact"); // created by us, now unused
        in.close();
    }

    @Test
    void tcReattachReplacesOurOwnFilterOnly() {
        BpfProgram prog = obj.program("tc_swap");
        TcAttachment first = NetNamespace.callIn(net.nsA(), () -> prog.attachTc(net.vethA(), TcDirection.INGRESS));
        try (BpfObject other = TestObjects.load()) {
            TcAttachment second = NetNamespace.callIn(net.nsA(),
                    () -> other.program("tc_swap").attachTc(net.vethA(), TcDirection.INGRESS));
            assertThat(first.isAttached()).isFalse(); // replaced in place (same handle and priority)
            assertThat(second.isAttached()).isTrue();
            first.close(); // must not remove the filter that now runs the other program
            assertThat(second.isAttached()).isTrue();
            assertThat(tcFilters("ingress")).contains("tc_swap");
            second.close();
        }
        assertThat(tcFilters("ingress")).isEmpty();
    }

    @Test
    void aForeignClsactFilterSurvivesOurDetach() {
        TestNetns.tc(net.nsA(), "qdisc", "add", "dev", net.vethA(), "clsact");
        TestNetns.tc(net.nsA(), "filter", "add", "dev", net.vethA(), "ingress", "prio", "7", "protocol", "all",
                "u32", "match", "u32", "0", "0");
        TcAttachment a = NetNamespace.callIn(net.nsA(), () -> obj.program("tc_swap").attachTc(net.vethA(), TcDirection.INGRESS));
        assertThat(a.createdHook()).isFalse();
        assertThat(tcFilters("ingress")).contains("pref 7 u32").contains("tc_swap");
        a.close();
        assertThat(tcFilters("ingress")).contains("pref 7 u32").doesNotContain("tc_swap");
        assertThat(qdiscs()).contains("clsact");
    }

    @Test
    void releasedTcFiltersStayAttached() {
        TcAttachment a = NetNamespace.callIn(net.nsA(), () -> obj.program("tc_swap").attachTc(net.vethA(), TcDirection.EGRESS));
        a.release();
        obj.close();
        assertThat(tcFilters("egress")).contains("tc_swap");
        a.close(); // released: nothing to do
        assertThat(tcFilters("egress")).contains("tc_swap");
    }

    @Test
    void attachingToAMissingInterfaceNamesIt() {
        assertThatThrownBy(() -> NetNamespace.callIn(net.nsA(), () -> obj.program("xdp_count").attachXdp("nope0", XdpMode.AUTO)))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isEqualTo("ENODEV"))
                .hasMessageContaining("nope0");
        assertThatThrownBy(() -> NetNamespace.callIn(net.nsA(), () -> obj.program("tc_swap").attachTc("nope0", TcDirection.INGRESS)))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isEqualTo("ENODEV"))
                .hasMessageContaining("nope0");
        // veth-a exists only inside the namespace
        assertThatThrownBy(() -> obj.program("xdp_count").attachXdp(net.vethA(), XdpMode.AUTO))
                .isInstanceOf(BpfException.class).hasMessageContaining(net.vethA());
    }

    @Test
    void programsAttachOnlyWhereTheirTypeFits() {
        assertThatThrownBy(() -> NetNamespace.callIn(net.nsA(), () -> obj.program("tc_swap").attachXdp(net.vethA(), XdpMode.AUTO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SCHED_CLS").hasMessageContaining("XDP");
        assertThatThrownBy(() -> NetNamespace.callIn(net.nsA(), () -> obj.program("xdp_swap").attachTc(net.vethA(), TcDirection.INGRESS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SCHED_CLS");
        assertThatThrownBy(() -> obj.program("tc_swap").attachTc(1, TcDirection.INGRESS, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handle");
        assertThatThrownBy(() -> obj.program("tc_swap").attachTc(1, TcDirection.INGRESS, 1, 70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    }
}
