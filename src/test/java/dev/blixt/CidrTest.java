package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Cidr} parsing and matching, {@link SourceRanges} semantics and how they are written ({@code SourcePlan}). */
class CidrTest {
    @Test
    void prefixesParseNormaliseAndPrint() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse("198.51.100.7")).hasToString("198.51.100.7/32");
        assertThat(Cidr.parse("2001:db8::1")).hasToString("2001:db8::1/128");
        assertThat(Cidr.parse("2001:db8:0:0:1::/80")).hasToString("2001:db8:0:0:1::/80");
        assertThat(Cidr.parse("::/0")).hasToString("::/0");
        assertThat(Cidr.parse("2001:db8::ff:0:0:1/128")).hasToString("2001:db8::ff:0:0:1/128");
        assertThat(Cidr.parse("fe80::/10").isIpv6()).isTrue();
    }

    @Test
    void badPrefixesAreRefusedWithTheExpectedForm() {
        for (String bad : List.of("10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "example.com/8", "2001:db8::/129", "")) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("10.0.0.0/8");
    }

    @Test
    void containsAndCoversFollowThePrefixBits() {
        Cidr c = Cidr.parse("198.51.100.128/25");
        assertThat(c.contains(InetAddress.ofLiteral("198.51.100.200"))).isTrue();
        assertThat(c.contains(InetAddress.ofLiteral("198.51.100.127"))).isFalse();
        assertThat(c.contains(InetAddress.ofLiteral("2001:db8::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.ofLiteral("1.2.3.4"))).isTrue();
        assertThat(Cidr.parse("198.51.100.0/24").covers(c)).isTrue();
        assertThat(c.covers(Cidr.parse("198.51.100.0/24"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/33").contains(InetAddress.ofLiteral("2001:db8:8000::1"))).isFalse();
    }

    @Test
    void denyWinsAndAnEmptyAllowListAllowsTheRest() {
        SourceRanges r = SourceRanges.allowOnly("10.0.0.0/8").deny("10.9.0.0/16");
        assertThat(r.permits(InetAddress.ofLiteral("10.1.1.1"))).isTrue();
        assertThat(r.permits(InetAddress.ofLiteral("10.9.1.1"))).isFalse();
        assertThat(r.permits(InetAddress.ofLiteral("11.1.1.1"))).isFalse();
        SourceRanges d = SourceRanges.denyOnly("10.0.0.0/8").allow("10.1.0.0/16");
        assertThat(d.permits(InetAddress.ofLiteral("10.1.0.1"))).as("deny wins over a longer allow").isFalse();
        assertThat(SourceRanges.denyOnly("10.0.0.0/8").permits(InetAddress.ofLiteral("11.0.0.1"))).isTrue();
        assertThat(SourceRanges.ANY.isAny()).isTrue();
        assertThat(SourceRanges.allowOnly("10.0.0.0/8", "10.0.0.0/8").allow()).hasSize(1);
    }

    @Test
    void anAllowedPrefixInsideADeniedOneIsNotWrittenSoLongestMatchKeepsDenyWins() {
        SourceRanges r = SourceRanges.allowOnly("10.1.0.0/16", "192.0.2.0/24", "10.0.0.0/7").deny("10.0.0.0/8");
        List<SourcePlan.Entry> e = SourcePlan.compile(r);
        assertThat(e).containsExactly(new SourcePlan.Entry(Cidr.parse("10.0.0.0/8"), true),
                new SourcePlan.Entry(Cidr.parse("192.0.2.0/24"), false),
                new SourcePlan.Entry(Cidr.parse("10.0.0.0/7"), false));
        // Longest match over the written entries agrees with permits() for every address around them.
        for (String a : List.of("10.1.2.3", "10.0.0.1", "11.0.0.1", "192.0.2.9", "12.0.0.1")) {
            InetAddress x = InetAddress.ofLiteral(a);
            SourcePlan.Entry best = null;
            for (SourcePlan.Entry en : e) {
                if (en.cidr().contains(x) && (best == null || en.cidr().prefixLength() > best.cidr().prefixLength())) best = en;
            }
            boolean lpm = best != null ? !best.deny() : r.allow().isEmpty();
            assertThat(lpm).as(a).isEqualTo(r.permits(x));
        }
    }
}
