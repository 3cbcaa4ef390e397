package dev.blixt;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Which clients may open flows to a VIP: lists of allowed and denied source prefixes, IPv4 and IPv6,
 * checked in the kernel before a flow is created; set per route with {@link
 * Dataplane.RouteBuilder#sourceRanges(SourceRanges)}.
 *
 * {@snippet class=dev.blixt.Snippets region=sources}
 *
 * <p>A client is refused when its address is in a {@link #deny()} prefix (deny wins over allow), or
 * when {@link #allow()} is not empty and its address is in none of its prefixes; otherwise it is
 * allowed. {@link #ANY} (both lists empty) allows everyone and costs nothing per packet. The client's
 * address is compared with prefixes of its own family only: an IPv4 VIP's clients are IPv4 clients.
 *
 * <p>A refused packet is dropped at XDP or tc and counted ({@link TrafficStats#refused()} per VIP,
 * {@link GlobalStats#droppedSourceDenied()} and {@link GlobalStats#droppedSourceNotAllowed()} by reason);
 * no flow state is created for it. The check runs when a packet needs a backend selected (a new flow,
 * or one whose backend went away); when a route's ranges change, the flows of clients the new ranges
 * refuse are removed from the flow table in the same update, so their next packet is refused too.
 *
 * <p>The lists of a VIP change atomically: the new list is written beside the old one and the VIP
 * switches to it with one map update, so a packet sees the old list or the new one, never a part.
 *
 * @param allow the allowed prefixes; empty: every source not denied
 * @param deny the denied prefixes
 */
public record SourceRanges(List<Cidr> allow, List<Cidr> deny) {
    /** Everyone allowed: no check. */
    public static final SourceRanges ANY = new SourceRanges(List.of(), List.of());

    /**
     * Copies the lists, dropping repeated prefixes.
     *
     * @throws NullPointerException if a list or an element is null
     */
    public SourceRanges {
        allow = List.copyOf(new LinkedHashSet<>(allow));
        deny = List.copyOf(new LinkedHashSet<>(deny));
    }

    /**
     * Only these sources (and not those {@link #deny(String...) denied} later).
     *
     * @param cidrs prefixes as {@link Cidr#parse} reads them
     * @return ranges that allow only {@code cidrs}
     * @throws IllegalArgumentException if a prefix cannot be parsed
     */
    public static SourceRanges allowOnly(String... cidrs) {
        return ANY.allow(cidrs);
    }

    /**
     * Everyone except these sources.
     *
     * @param cidrs prefixes as {@link Cidr#parse} reads them
     * @return ranges that deny {@code cidrs}
     * @throws IllegalArgumentException if a prefix cannot be parsed
     */
    public static SourceRanges denyOnly(String... cidrs) {
        return ANY.deny(cidrs);
    }

    /**
     * These ranges with more allowed prefixes.
     *
     * @param cidrs prefixes as {@link Cidr#parse} reads them
     * @return the new ranges
     * @throws IllegalArgumentException if a prefix cannot be parsed
     */
    public SourceRanges allow(String... cidrs) {
        return new SourceRanges(concat(allow, parse(cidrs)), deny);
    }

    /**
     * These ranges with more denied prefixes.
     *
     * @param cidrs prefixes as {@link Cidr#parse} reads them
     * @return the new ranges
     * @throws IllegalArgumentException if a prefix cannot be parsed
     */
    public SourceRanges deny(String... cidrs) {
        return new SourceRanges(allow, concat(deny, parse(cidrs)));
    }

    /** {@return whether everyone is allowed (both lists empty)} */
    public boolean isAny() {
        return allow.isEmpty() && deny.isEmpty();
    }

    /**
     * Whether a client address may open flows, by the rule above.
     *
     * @param client the client's address
     * @return true if allowed
     */
    public boolean permits(InetAddress client) {
        for (Cidr d : deny) {
            if (d.contains(client)) return false;
        }
        if (allow.isEmpty()) return true;
        for (Cidr a : allow) {
            if (a.contains(client)) return true;
        }
        return false;
    }

    /** The prefixes of one family (both lists), counting what the kernel holds for it. */
    int count(boolean ipv6) {
        int n = 0;
        for (Cidr c : allow) n += c.isIpv6() == ipv6 ? 1 : 0;
        for (Cidr c : deny) n += c.isIpv6() == ipv6 ? 1 : 0;
        return n;
    }

    private static List<Cidr> parse(String... cidrs) {
        return Arrays.stream(cidrs).map(c -> Cidr.parse(Objects.requireNonNull(c, "cidr"))).toList();
    }

    private static List<Cidr> concat(List<Cidr> a, List<Cidr> b) {
        List<Cidr> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
