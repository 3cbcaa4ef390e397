package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.RoutePlanner.Put;
import dev.blixt.internal.datapath.VipInfo;
import dev.blixt.internal.datapath.VipKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forwarding modes in the planner, without a kernel: the mode is written with the VIP's entry (so a
 * change of mode is one atomic flip, undone with the rest of a failed batch), a route without a mode
 * keeps the VIP's, and the rules of DSR routes are checked before anything is written.
 */
class ForwardingModePlanTest {
    static final Vip WEB = Vip.tcp("203.0.113.10", 80);
    static final Vip WEB6 = Vip.tcp("2001:db8:f::10", 80);

    private static RouteState state(boolean v4, boolean v6) {
        return RouteState.empty(new RouteState.Sizing(8, 64, 251, 0x5eed, v4, v6, v4, v6));
    }

    private static RoutePlan plan(RouteState s, Vip vip, ForwardingMode mode, Backend... backends) {
        return RoutePlanner.plan(s, List.of(new Put(vip, List.of(backends), mode)));
    }

    private static int modeWritten(FakeMaps m, Vip vip) {
        return m.vips.get(new VipKey(vip.address(), vip.port(), vip.protocol().number())).mode();
    }

    @Test
    void theModeIsWrittenWithTheVipEntryAndKeptByARouteWithoutOne() {
        FakeMaps maps = new FakeMaps(251);
        RoutePlan p = plan(state(true, true), WEB, ForwardingMode.DSR_IPIP, Backend.of("198.18.1.2", 80));
        RouteWriter.write(p, maps);
        assertThat(modeWritten(maps, WEB)).isEqualTo(VipInfo.MODE_DSR_IPIP);
        assertThat(p.changed().getFirst().mode()).isEqualTo(ForwardingMode.DSR_IPIP);

        RoutePlan keep = RoutePlanner.plan(p.after(), List.of(new Put(WEB, List.of(Backend.of("198.18.1.3", 0)))));
        RouteWriter.write(keep, maps);
        assertThat(keep.changed().getFirst().mode()).isEqualTo(ForwardingMode.DSR_IPIP);
        assertThat(modeWritten(maps, WEB)).isEqualTo(VipInfo.MODE_DSR_IPIP);

        RoutePlan gue = plan(keep.after(), WEB, ForwardingMode.DSR_GUE, Backend.of("198.18.1.3", 0));
        long vipWrites = gue.steps().stream().filter(s -> s.write() instanceof RoutePlan.PutVip).count();
        assertThat(vipWrites).as("a change of mode alone is one VIP-entry write").isEqualTo(1);
        RouteWriter.write(gue, maps);
        assertThat(modeWritten(maps, WEB)).isEqualTo(VipInfo.MODE_DSR_GUE);
        assertThat(gue.after().routes().getFirst()).isEqualTo(
                new Route(WEB, List.of(Backend.of("198.18.1.3", 0)), ForwardingMode.DSR_GUE));
    }

    @Test
    void fullNatNeedsAnAddressOfTheBackendsFamilyAndKeepsFamiliesApart() {
        RouteState only4 = RouteState.empty(new RouteState.Sizing(8, 64, 251, 0x5eed, false, false, true, false));
        FakeMaps maps = new FakeMaps(251);
        RoutePlan p = plan(only4, WEB, ForwardingMode.FULL_NAT, Backend.of("198.18.1.2", 8080));
        RouteWriter.write(p, maps);
        assertThat(modeWritten(maps, WEB)).isEqualTo(VipInfo.MODE_FULL_NAT);
        assertThatThrownBy(() -> plan(only4, WEB6, ForwardingMode.FULL_NAT, Backend.of("2001:db8:b::2", 8080)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fullNatAddresses")
                .hasMessageContaining("IPv6");
        assertThatThrownBy(() -> plan(state(true, true), WEB, ForwardingMode.FULL_NAT, Backend.of("2001:db8:b::2", 80)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address family");
    }

    @Test
    void aNewVipWithoutAModeIsNat() {
        RoutePlan p = RoutePlanner.plan(state(false, false), List.of(new Put(WEB, List.of(Backend.of("198.18.1.2", 8080)))));
        assertThat(p.changed().getFirst().mode()).isEqualTo(ForwardingMode.NAT);
    }

    @Test
    void aFailedBatchRestoresTheOldMode() {
        FakeMaps maps = new FakeMaps(251);
        RoutePlan nat = plan(state(true, true), WEB, ForwardingMode.NAT, Backend.of("198.18.1.2", 80));
        RouteWriter.write(nat, maps);
        RoutePlan dsr = RoutePlanner.plan(nat.after(), List.of(
                new Put(WEB, List.of(Backend.of("198.18.1.2", 80)), ForwardingMode.DSR_IPIP),
                new Put(Vip.tcp("203.0.113.11", 80), List.of(Backend.of("198.18.1.9", 80)))));
        // Fail the last commit write (the second VIP's creation), after the first VIP flipped to DSR.
        int lastCommit = -1;
        for (int i = 0; i < dsr.steps().size(); i++) {
            if (dsr.steps().get(i).phase() == RoutePlan.Phase.COMMIT) lastCommit = i;
        }
        assertThat(dsr.steps().get(lastCommit).write()).isInstanceOf(RoutePlan.PutVip.class);
        maps.failAt = maps.writes + lastCommit + 1;
        assertThatThrownBy(() -> RouteWriter.write(dsr, maps)).isInstanceOf(RouteWriter.Undone.class);
        assertThat(modeWritten(maps, WEB)).isEqualTo(VipInfo.MODE_NAT);
    }

    @Test
    void dsrRoutesAreCheckedBeforeAnythingIsWritten() {
        RouteState both = state(true, true);
        assertThatThrownBy(() -> plan(both, WEB, ForwardingMode.DSR_IPIP, Backend.of("198.18.1.2", 8080)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sends the packet unchanged, so a backend's port must be the VIP's (80) or 0");
        assertThatThrownBy(() -> plan(both, WEB6, ForwardingMode.DSR_GUE, Backend.of("198.18.1.2", 80)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not IPv6 in IPv4");
        assertThatThrownBy(() -> plan(state(false, true), WEB, ForwardingMode.DSR_IPIP, Backend.of("198.18.1.2", 80)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs an IPv4 source for the outer header")
                .hasMessageContaining("encapsulationSources");
        assertThatThrownBy(() -> plan(both, WEB, ForwardingMode.NAT, Backend.of("2001:db8:b::2", 80)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not of the address family");
        // DSR may carry IPv4 in IPv6: an IPv4 VIP with an IPv6 backend.
        RoutePlan mixed = plan(state(false, true), WEB, ForwardingMode.DSR_IPIP, Backend.of("2001:db8:b::2", 0));
        assertThat(mixed.changed().getFirst().backends()).hasSize(1);
    }

    @Test
    void encapsulationSettingsAreCheckedWhenTheyAreMade() {
        DataplaneConfig c = DataplaneConfig.builder().encapsulationSources("10.255.3.4/16", "fd00:ffff::1/96")
                .guePort(7000).build();
        assertThat(c.encapsulationSources()).as("host bits cleared").containsExactly("10.255.0.0/16", "fd00:ffff:0:0:0:0:0:0/96");
        assertThat(c.guePort()).isEqualTo(7000);
        assertThat(DataplaneConfig.defaults().encapsulationSources()).isEmpty();
        assertThat(DataplaneConfig.defaults().guePort()).isEqualTo(Decapsulator.DEFAULT_GUE_PORT).isEqualTo(6080);
        assertThatThrownBy(() -> DataplaneConfig.builder().encapsulationSources("lb.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP prefix such as 10.255.0.0/16");
        assertThatThrownBy(() -> DataplaneConfig.builder().encapsulationSources("10.0.0.0/40"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 1..32");
        assertThatThrownBy(() -> DataplaneConfig.builder().encapsulationSources("10.0.0.0/8", "10.1.0.0/16"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two encapsulation sources of one family");
        assertThatThrownBy(() -> DataplaneConfig.builder().encapsulationSources("127.0.0.0/8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a unicast prefix");
        assertThatThrownBy(() -> DataplaneConfig.builder().guePort(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guePort must be 1..65535");
    }
}
