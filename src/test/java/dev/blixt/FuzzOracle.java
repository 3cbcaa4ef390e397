package dev.blixt;

import dev.blixt.bpf.TcAction;
import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.packet.ChecksumError;
import dev.blixt.packet.MalformedPacketException;
import dev.blixt.packet.Packet;
import dev.blixt.packet.ParsedPacket;
import java.net.InetAddress;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fuzzer's checks of one test run, independent of the data path's code: the raw frame read
 * here byte by byte, the packets parsed by {@link Packet#parse} (full checksum recomputation), the
 * routes as the fuzzer configured them, and the backend the Java Maglev table predicts
 * ({@link RouteEngine#backendFor}). A run fails when
 * <ul>
 * <li>its verdict is outside the program's set (XDP: PASS, DROP, TX, REDIRECT; tc: UNSPEC, SHOT, REDIRECT);
 * <li>the output's length differs, a byte after the IP datagram changed, a non-IP or a dropped frame changed;
 * <li>an IP frame whose header is cut, bad, or whose IP length exceeds the frame was not dropped, or a
 *     well-formed frame (one {@code Packet.parse} accepts) was dropped though it is no fragment for a VIP address;
 * <li>a checksum that verified in the input does not in the output, or the output no longer parses;
 * <li>a changed frame is not one of: a forward to a VIP (to the backend {@code backendFor} names, only
 *     destination address, port and checksums changed), a reply of a flow forwarded before (source
 *     becomes that flow's VIP), an echo answer from a VIP address, an ICMP error about a forwarded
 *     flow (to its client, quote translated back to the VIP) or about one of its replies (to its backend).
 * </ul>
 */
final class FuzzOracle {
    /** What a run turned out to be. */
    enum Outcome { DROPPED, UNCHANGED, FORWARD, REPLY, ECHO, ICMP_TO_CLIENT, ICMP_TO_BACKEND, CHANGED_UNPARSED, PARSER_FAILED }

    /** A translation the data path made: client:cport -> vip:vport went to backend:bport. */
    record Forward(int proto, InetAddress client, int cport, InetAddress vip, int vport, InetAddress backend, int bport) {}

    private final RouteEngine engine;
    private final List<DatapathFuzzer.FuzzRoute> routes;
    /** The backend the kernel's flow entry names now, for the one case the model cannot know: eviction. */
    private final java.util.function.Function<dev.blixt.internal.datapath.FlowKey, Optional<InetAddress>> flowTable;
    /** Flows seen forwarded, by what a reply names (proto, client, backend) and by what a reply's quote names (proto, client, VIP). */
    private final Map<List<Object>, Forward> byBackend = new java.util.HashMap<>();
    private final Map<List<Object>, Forward> byVip = new java.util.HashMap<>();
    final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);

    FuzzOracle(RouteEngine engine, List<DatapathFuzzer.FuzzRoute> routes,
            java.util.function.Function<dev.blixt.internal.datapath.FlowKey, Optional<InetAddress>> flowTable) {
        this.engine = engine;
        this.routes = routes;
        this.flowTable = flowTable;
    }

    /** Checks one run; returns why it is wrong, or null. */
    String check(byte[] in, TestRun run, boolean tc) {
        int v = run.verdict();
        boolean drop;
        if (tc) {
            if (v != TcAction.UNSPEC && v != TcAction.SHOT && v != TcAction.REDIRECT) {
                return "tc verdict " + v + " is not UNSPEC, SHOT or REDIRECT";
            }
            drop = v == TcAction.SHOT;
        } else {
            if (v < XdpAction.DROP.code() || v > XdpAction.REDIRECT.code()) {
                return "XDP verdict " + v + " is not PASS, DROP, TX or REDIRECT";
            }
            drop = v == XdpAction.DROP.code();
        }
        byte[] out = run.output();
        if (out.length != in.length) {
            return "output of " + out.length + " bytes for an input of " + in.length;
        }
        String raw = rawChecks(in, out, drop);
        if (raw != null) {
            return raw;
        }
        ParsedPacket pin = parse(in);
        if (drop) {
            if (pin != null && pin.ipVersion() != 0 && !(pin.isFragment() && isVipAddress(pin.dst()))) {
                return "dropped a well-formed frame that is no fragment for a VIP address: " + pin;
            }
            return count(Outcome.DROPPED);
        }
        if (java.util.Arrays.equals(in, out)) {
            return count(Outcome.UNCHANGED);
        }
        if (pin == null || pin.ipVersion() == 0) {
            // Packet.parse refuses the input (say a UDP length beyond the datagram) while the data path
            // translated it: the endpoints are read from the bytes (the flow it creates must be known).
            return unparsed(in, out);
        }
        ParsedPacket pout;
        try {
            pout = Packet.parse(out);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return "the input parses, the output does not: " + e.getMessage();
        }
        Set<String> bad = new HashSet<>();
        for (ChecksumError e : pin.checksumErrors()) bad.add(e.kind() + "@" + e.depth());
        for (ChecksumError e : pout.checksumErrors()) {
            if (!bad.contains(e.kind() + "@" + e.depth())) {
                return "checksum broken that was good in the input: " + e;
            }
        }
        return explain(pin, pout, in, out, tc ? v == TcAction.REDIRECT : v == XdpAction.TX.code());
    }

    private String count(Outcome o) {
        outcomes.merge(o, 1L, Long::sum);
        return null;
    }

    /**
     * Inputs on which {@code Packet.parse} itself fails with an exception other than
     * MalformedPacketException (a bug of the Java parser, not of the data path): the first few, in hex.
     */
    final List<String> parserFailures = new java.util.ArrayList<>();

    private ParsedPacket parse(byte[] frame) {
        try {
            return Packet.parse(frame);
        } catch (MalformedPacketException e) {
            return null;
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            if (parserFailures.size() < 3) {
                parserFailures.add(e + ": " + java.util.HexFormat.of().formatHex(frame));
            }
            outcomes.merge(Outcome.PARSER_FAILED, 1L, Long::sum);
            return null;
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    /** Checks that need nothing but the bytes: what must be dropped, what must not change. */
    private static String rawChecks(byte[] in, byte[] out, boolean drop) {
        int type = u16(in, 12);
        boolean vlan = type == 0x8100 || type == 0x88a8;
        if (vlan && in.length < 18) {
            return drop ? null : "a frame cut inside its VLAN tag was not dropped";
        }
        int l3 = vlan ? 18 : 14;
        type = vlan ? u16(in, 16) : type;
        int end;
        if (type == 0x0800) {
            if (in.length < l3 + 20 || (in[l3] & 0xf0) != 0x40 || (in[l3] & 0x0f) < 5 || u16(in, l3 + 2) < (in[l3] & 0x0f) * 4) {
                return drop ? null : "an IPv4 header that is cut or bad was not dropped";
            }
            end = l3 + u16(in, l3 + 2);
        } else if (type == 0x86dd) {
            if (in.length < l3 + 40 || (in[l3] & 0xf0) != 0x60) {
                return drop ? null : "an IPv6 header that is cut or bad was not dropped";
            }
            end = l3 + 40 + u16(in, l3 + 4);
        } else {
            return java.util.Arrays.equals(in, out) ? null : "a non-IP frame was changed";
        }
        if (end > in.length) {
            return drop ? null : "an IP length of " + (end - l3) + " beyond the frame (" + (in.length - l3)
                    + " bytes from the IP header) was not dropped";
        }
        for (int i = end; i < in.length; i++) {
            if (in[i] != out[i]) {
                return "byte " + i + " after the datagram (which ends at " + end + ") was written";
            }
        }
        if (drop && !java.util.Arrays.equals(in, out)) {
            return "a dropped frame was changed";
        }
        return null;
    }

    // ---------------------------------------------------------------- what a change must be

    /** The TCP/UDP endpoints of a frame, read from its bytes. */
    record Ends(int proto, InetAddress src, int sport, InetAddress dst, int dport) {}

    private static Ends ends(byte[] b) {
        int l3 = FuzzFrames.l3Offset(b);
        if (l3 < 0 || l3 + 20 > b.length) {
            return null;
        }
        boolean v4 = (b[l3] & 0xf0) == 0x40;
        if (!v4 && l3 + 40 > b.length) {
            return null;
        }
        int proto = v4 ? b[l3 + 9] & 0xff : b[l3 + 6] & 0xff;
        int l4 = v4 ? l3 + (b[l3] & 0x0f) * 4 : l3 + 40;
        for (int i = 0; !v4 && i < 4 && (proto == 0 || proto == 43 || proto == 60) && l4 + 2 <= b.length; i++) {
            proto = b[l4] & 0xff;
            l4 += ((b[l4 + 1] & 0xff) + 1) * 8;
        }
        if (proto != Packet.TCP && proto != Packet.UDP || l4 + 4 > b.length) {
            return null;
        }
        int len = v4 ? 4 : 16;
        int at = v4 ? l3 + 12 : l3 + 8;
        try {
            return new Ends(proto, InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, at, at + len)), u16(b, l4),
                    InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, at + len, at + 2 * len)), u16(b, l4 + 2));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A changed frame that Packet.parse refuses: a TCP/UDP forward or reply, checked on its bytes. */
    private String unparsed(byte[] in, byte[] out) {
        Ends a = ends(in);
        Ends b = ends(out);
        if (a == null || b == null || a.proto() != b.proto()) {
            return count(Outcome.CHANGED_UNPARSED);
        }
        boolean dst = !a.dst().equals(b.dst()) || a.dport() != b.dport();
        boolean src = !a.src().equals(b.src()) || a.sport() != b.sport();
        if (dst && src) {
            return "both endpoints rewritten: " + a + " -> " + b;
        }
        String why = dst ? forward(a, b, false, false) : src ? reply(a, b, false) : count(Outcome.CHANGED_UNPARSED);
        return why;
    }

    private boolean isVipAddress(InetAddress a) {
        return routes.stream().anyMatch(r -> r.vip().address().equals(a));
    }

    private Optional<Vip> vipOf(int proto, InetAddress addr, int port) {
        Optional<Vip> exact = routes.stream().map(DatapathFuzzer.FuzzRoute::vip)
                .filter(v -> v.protocol().number() == proto && v.address().equals(addr) && v.port() == port).findFirst();
        return exact.isPresent() ? exact : routes.stream().map(DatapathFuzzer.FuzzRoute::vip)
                .filter(v -> v.protocol().number() == proto && v.address().equals(addr) && v.port() == 0).findFirst();
    }

    /**
     * What the data path's stateless replies do with a packet of backend:bport to client:cport that no
     * forwarded flow explains: translate it to the one VIP that endpoint serves, when exactly one backend
     * key of the endpoint exists (its exact port, or port 0 when some backend keeps the VIP's port) and it
     * names exactly one VIP, and the flow client:cport -> that VIP has no entry (naming another backend).
     */
    private Optional<Forward> stateless(int proto, InetAddress client, int cport, InetAddress backend, int bport) {
        List<Vip> exact = vipsOfKey(proto, backend, bport);
        boolean port0Keys = routes.stream().anyMatch(r -> r.backends().stream().anyMatch(b -> keyPort(r.vip(), b) == 0));
        List<Vip> any = bport != 0 && port0Keys ? vipsOfKey(proto, backend, 0) : List.of();
        if ((exact.isEmpty() ? 0 : 1) + (any.isEmpty() ? 0 : 1) != 1) {
            return Optional.empty();
        }
        List<Vip> key = exact.isEmpty() ? any : exact;
        if (key.size() != 1) {
            return Optional.empty();
        }
        Vip vip = key.get(0);
        int vport = vip.port() != 0 ? vip.port() : bport;
        if (byVip.containsKey(List.of(proto, client, cport, vip.address(), vport))) {
            // The model says the flow has an entry naming another backend. Only an LRU eviction (the
            // table is small next to the flows a run creates) allows a stateless match then: the entry
            // must be gone now (an ICMP error) or re-created for this backend (a reply).
            Optional<InetAddress> now = flowTable.apply(new dev.blixt.internal.datapath.FlowKey(client, vip.address(),
                    cport, vport, proto));
            if (now.isPresent() && !now.get().equals(backend)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Forward(proto, client, cport, vip.address(), vport, backend, bport));
    }

    private List<Vip> vipsOfKey(int proto, InetAddress addr, int port) {
        return routes.stream().filter(r -> r.vip().protocol().number() == proto)
                .filter(r -> r.backends().stream().anyMatch(b -> b.address().equals(addr) && keyPort(r.vip(), b) == port))
                .map(DatapathFuzzer.FuzzRoute::vip).toList();
    }

    /** The port a backend's replies come from, as the data path's reply index keys it (0: the VIP's port, any). */
    private static int keyPort(Vip vip, Backend b) {
        return b.port() != 0 ? b.port() : vip.port();
    }

    private boolean isBackendOf(Vip vip, InetAddress addr, int port, int vport) {
        return routes.stream().filter(r -> r.vip().equals(vip)).flatMap(r -> r.backends().stream())
                .anyMatch(b -> b.address().equals(addr) && (b.port() != 0 ? b.port() : vport) == port);
    }

    /** Offsets of an address field: source or destination, IPv4 or IPv6. */
    private static void address(BitSet allowed, ParsedPacket p, boolean source) {
        int l3 = p.l3Offset();
        if (p.ipVersion() == 4) {
            allowed.set(l3 + (source ? 12 : 16), l3 + (source ? 16 : 20));
        } else {
            allowed.set(l3 + (source ? 8 : 24), l3 + (source ? 24 : 40));
        }
    }

    /** The port field and the transport checksum of a TCP/UDP header, the IPv4 header checksum. */
    private static void portAndChecksums(BitSet allowed, ParsedPacket p, boolean source) {
        int l4 = p.l4Offset();
        allowed.set(l4 + (source ? 0 : 2), l4 + (source ? 2 : 4));
        int check = p.protocol() == Packet.TCP ? l4 + 16 : l4 + 6;
        allowed.set(check, check + 2);
        if (p.ipVersion() == 4) {
            allowed.set(p.l3Offset() + 10, p.l3Offset() + 12);
        }
    }

    private static String onlyAt(byte[] in, byte[] out, BitSet allowed, String what) {
        for (int i = 0; i < in.length; i++) {
            if (in[i] != out[i] && !allowed.get(i)) {
                return what + ": byte " + i + " changed, which " + what + " does not touch";
            }
        }
        return null;
    }

    private static boolean hasPorts(ParsedPacket p) {
        return (p.protocol() == Packet.TCP || p.protocol() == Packet.UDP) && !p.isFragment();
    }

    private static boolean quotesPorts(ParsedPacket q) {
        return (q.protocol() == Packet.TCP || q.protocol() == Packet.UDP) && q.fragmentOffset() == 0;
    }

    private String explain(ParsedPacket pin, ParsedPacket pout, byte[] in, byte[] out, boolean answered) {
        boolean v4 = pin.ipVersion() == 4;
        if (hasPorts(pin)) {
            boolean dst = !pin.dst().equals(pout.dst()) || pin.dstPort() != pout.dstPort();
            boolean src = !pin.src().equals(pout.src()) || pin.srcPort() != pout.srcPort();
            if (dst && src) {
                return "both endpoints rewritten: " + pin + " -> " + pout;
            }
            BitSet allowed = new BitSet();
            address(allowed, pin, !dst);
            portAndChecksums(allowed, pin, !dst);
            String only = onlyAt(in, out, allowed, dst ? "a forward" : "a reply");
            if (only != null) {
                return only;
            }
            int flags = pin.protocol() == Packet.TCP && pin.l4Offset() + 14 <= in.length ? in[pin.l4Offset() + 13] : 0;
            boolean rst = (flags & 0x04) != 0;
            boolean syn = (flags & 0x12) == 0x02; // SYN without ACK: selects afresh
            return dst ? forward(ends(pin), ends(pout), syn, rst) : reply(ends(pin), ends(pout), rst);
        }
        if (pin.protocol() == (v4 ? Packet.ICMP : Packet.ICMPV6)) {
            if (answered && pin.icmpType() == (v4 ? 8 : 128)) {
                return echo(pin, pout, in, out);
            }
            // A quoted first fragment holds its ports (a later one does not): it is translated as a whole packet.
            if (pin.inner().isPresent() && quotesPorts(pin.inner().get())) {
                return icmpError(pin, pout, in, out);
            }
        }
        return "changed, but not a translation: " + pin + " -> " + pout;
    }

    private static Ends ends(ParsedPacket p) {
        return new Ends(p.protocol(), p.src(), p.srcPort(), p.dst(), p.dstPort());
    }

    private String forward(Ends pin, Ends pout, boolean syn, boolean rst) {
        int proto = pin.proto();
        Optional<Vip> vip = vipOf(proto, pin.dst(), pin.dport());
        if (vip.isEmpty()) {
            return "rewrote the destination of a packet to no VIP: " + pin + " -> " + pout;
        }
        if (!isBackendOf(vip.get(), pout.dst(), pout.dport(), pin.dport())) {
            return "forwarded to " + pout.dst() + ":" + pout.dport() + ", no backend of " + vip.get();
        }
        // A flow that a stateless reply re-created keeps its backend (the routes never change here, so every
        // other flow is on the backend the ring gives); a SYN selects afresh.
        Forward known = syn ? null : byVip.get(List.of(proto, pin.src(), pin.sport(), pin.dst(), pin.dport()));
        if (known != null && !known.backend().equals(pout.dst())
                && engine.backendFor(vip.get(), pin.src(), pin.sport(), pin.dport()).map(Backend::address)
                        .equals(Optional.of(pout.dst()))
                && flowTable.apply(new dev.blixt.internal.datapath.FlowKey(pin.src(), pin.dst(), pin.sport(), pin.dport(),
                        proto)).map(pout.dst()::equals).orElse(true)) {
            known = null; // its entry was evicted: the ring selected again (the entry now says so, or a RST made none)
        }
        if (known != null) {
            if (!known.backend().equals(pout.dst())) {
                return "forwarded to " + pout.dst() + ", the flow is on " + known.backend() + ": " + pin;
            }
        } else {
            Optional<Backend> want = engine.backendFor(vip.get(), pin.src(), pin.sport(), pin.dport());
            if (want.isEmpty() || !want.get().address().equals(pout.dst())) {
                return "forwarded to " + pout.dst() + ", backendFor says " + want.map(Backend::address) + ": " + pin;
            }
        }
        Forward f = new Forward(proto, pin.src(), pin.sport(), pin.dst(), pin.dport(), pout.dst(), pout.dport());
        if (!rst) { // a RST creates no flow entry
            byBackend.put(List.of(proto, f.client(), f.cport(), f.backend(), f.bport()), f);
            byVip.put(List.of(proto, f.client(), f.cport(), f.vip(), f.vport()), f);
        }
        return count(Outcome.FORWARD);
    }

    private String reply(Ends pin, Ends pout, boolean rst) {
        Optional<Forward> f = Optional.ofNullable(
                byBackend.get(List.of(pin.proto(), pin.dst(), pin.dport(), pin.src(), pin.sport())));
        if (f.isEmpty()) {
            f = stateless(pin.proto(), pin.dst(), pin.dport(), pin.src(), pin.sport());
            if (f.isEmpty()) {
                return "translated a reply of no flow forwarded before: " + pin + " -> " + pout;
            }
            if (!rst) { // the data path re-creates the flow (not for a RST)
                byBackend.put(List.of(pin.proto(), f.get().client(), f.get().cport(), f.get().backend(), f.get().bport()), f.get());
                byVip.put(List.of(pin.proto(), f.get().client(), f.get().cport(), f.get().vip(), f.get().vport()), f.get());
            }
        }
        if (!pout.src().equals(f.get().vip()) || pout.sport() != f.get().vport()) {
            return "a reply leaves from " + pout.src() + ":" + pout.sport() + ", not from its VIP " + f.get();
        }
        return count(Outcome.REPLY);
    }

    private String echo(ParsedPacket pin, ParsedPacket pout, byte[] in, byte[] out) {
        if (!isVipAddress(pin.dst()) || !pout.src().equals(pin.dst()) || !pout.dst().equals(pin.src())) {
            return "an echo answer that is not from the VIP address it was sent to: " + pin + " -> " + pout;
        }
        BitSet allowed = new BitSet();
        allowed.set(0, 12);
        address(allowed, pin, true);
        address(allowed, pin, false);
        int l3 = pin.l3Offset();
        int l4 = pin.l4Offset();
        if (pin.ipVersion() == 4) {
            allowed.set(l3 + 8);
            allowed.set(l3 + 10, l3 + 12);
        } else {
            allowed.set(l3 + 7);
        }
        allowed.set(l4);
        allowed.set(l4 + 2, l4 + 4);
        String only = onlyAt(in, out, allowed, "an echo answer");
        return only != null ? only : count(Outcome.ECHO);
    }

    private String icmpError(ParsedPacket pin, ParsedPacket pout, byte[] in, byte[] out) {
        ParsedPacket qin = pin.inner().orElseThrow();
        ParsedPacket qout = pout.inner().orElseThrow();
        boolean toBackend = !qin.src().equals(qout.src()) || qin.srcPort() != qout.srcPort();
        boolean toClient = !qin.dst().equals(qout.dst()) || qin.dstPort() != qout.dstPort();
        if (toBackend == toClient) {
            return "an ICMP error changed without one endpoint of its quote translated: " + pin + " -> " + pout;
        }
        int proto = qin.protocol();
        BitSet allowed = new BitSet();
        address(allowed, qin, toBackend);
        int l4 = qin.l4Offset();
        allowed.set(l4 + (toBackend ? 0 : 2), l4 + (toBackend ? 2 : 4));
        int check = proto == Packet.TCP ? l4 + 16 : l4 + 6;
        allowed.set(check, check + 2);
        if (qin.ipVersion() == 4) {
            allowed.set(qin.l3Offset() + 10, qin.l3Offset() + 12);
            allowed.set(pin.l3Offset() + 10, pin.l3Offset() + 12);
        }
        allowed.set(pin.l4Offset() + 2, pin.l4Offset() + 4);
        address(allowed, pin, !toBackend);
        String only = onlyAt(in, out, allowed, toBackend ? "an ICMP error to a backend" : "an ICMP error to a client");
        if (only != null) {
            return only;
        }
        if (toBackend) {
            // The quote is a reply VIP -> client: the flow is client -> VIP.
            Optional<Forward> f = Optional.ofNullable(
                    byVip.get(List.of(proto, qin.dst(), qin.dstPort(), qin.src(), qin.srcPort())));
            if (f.isEmpty()) {
                return "steered an ICMP error about no flow forwarded before to a backend: " + pin;
            }
            if (!pin.dst().equals(qin.src()) || !pout.dst().equals(f.get().backend())
                    || !qout.src().equals(f.get().backend()) || qout.srcPort() != f.get().bport()) {
                return "an ICMP error about a reply went elsewhere than the flow's backend " + f.get() + ": " + pout;
            }
            return count(Outcome.ICMP_TO_BACKEND);
        }
        Optional<Forward> f = Optional.ofNullable(
                byBackend.get(List.of(proto, qin.src(), qin.srcPort(), qin.dst(), qin.dstPort())))
                .or(() -> stateless(proto, qin.src(), qin.srcPort(), qin.dst(), qin.dstPort()));
        if (f.isEmpty()) {
            return "translated an ICMP error about no flow forwarded before: " + pin;
        }
        InetAddress src = pin.src().equals(qin.dst()) ? f.get().vip() : pin.src();
        if (!qout.dst().equals(f.get().vip()) || qout.dstPort() != f.get().vport() || !pout.src().equals(src)
                || !pout.dst().equals(pin.dst())) {
            return "an ICMP error about a forwarded packet is not translated back to " + f.get() + ": " + pout;
        }
        return count(Outcome.ICMP_TO_CLIENT);
    }
}
