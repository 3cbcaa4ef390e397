package dev.blixt;

import dev.blixt.bpf.XdpAction;
import dev.blixt.packet.Packet;
import dev.blixt.packet.ParsedPacket;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What the data plane did with one frame run through {@link Dataplane#simulate(byte[])}.
 *
 * @param verdict what the program did: {@code TX} or {@code REDIRECT} when the data plane forwarded the
 *     frame, {@code PASS} when it left it to the kernel (not for a VIP, or rewritten but without a
 *     resolved next hop in the calling thread's network namespace), {@code DROP} when it dropped it
 * @param output the frame as the program left it
 * @param vip the VIP the frame was sent to, if it matched one
 * @param backend the backend the frame was rewritten to (NAT) or sent to inside an outer header (DSR), if any
 */
public record Simulation(Simulation.Verdict verdict, byte[] output, Optional<Vip> vip, Optional<Backend> backend) {

    /** What the program did with the frame. */
    public enum Verdict {
        /** A stage failed (a bug or a verifier-visible impossibility): the frame was dropped. */
        ABORTED,
        /** Dropped (malformed, a fragment for a VIP, a VIP without a backend with weight above 0). */
        DROP,
        /** Left to the kernel: not for a VIP, or rewritten without a next hop the program could use. */
        PASS,
        /** Forwarded out of the interface it came in on. */
        TX,
        /** Forwarded out of another interface. */
        REDIRECT;

        static Verdict of(XdpAction a) {
            return switch (a) {
                case ABORTED -> ABORTED;
                case DROP -> DROP;
                case PASS -> PASS;
                case TX -> TX;
                case REDIRECT -> REDIRECT;
            };
        }
    }

    /**
     * Copies the output.
     *
     * @throws NullPointerException if an argument is null
     */
    public Simulation {
        Objects.requireNonNull(verdict, "verdict");
        output = output.clone();
    }

    /**
     * The output frame (a copy).
     *
     * @return the frame bytes
     */
    @Override
    public byte[] output() {
        return output.clone();
    }

    /**
     * Whether the frame was rewritten towards a backend.
     *
     * @return true when a backend was selected
     */
    public boolean forwarded() {
        return backend.isPresent();
    }

    static Simulation of(XdpAction action, byte[] input, byte[] output, RouteEngine engine) {
        Verdict verdict = Verdict.of(action);
        Optional<Vip> vip = Optional.empty();
        Optional<Backend> backend = Optional.empty();
        try {
            ParsedPacket in = Packet.parse(input);
            if (in.protocol() == Protocol.TCP.number() || in.protocol() == Protocol.UDP.number()) {
                Protocol p = in.protocol() == Protocol.TCP.number() ? Protocol.TCP : Protocol.UDP;
                for (Vip candidate : new Vip[] {new Vip(in.dst(), in.dstPort(), p), new Vip(in.dst(), 0, p)}) {
                    Optional<Route> route = engine.route(candidate);
                    if (route.isEmpty()) continue;
                    vip = Optional.of(candidate);
                    if (verdict != Verdict.DROP && verdict != Verdict.ABORTED) {
                        ParsedPacket out = Packet.parse(output);
                        // DSR: the outer header goes to the backend, the packet inside is unchanged.
                        boolean dsr = route.get().mode().isDsr() && (out.protocol() == Packet.IPIP
                                || out.protocol() == Packet.IPV6_IN_IP || out.protocol() == Protocol.UDP.number());
                        backend = route.get().backends().stream()
                                .filter(b -> b.address().equals(out.dst()) && (dsr
                                        || (b.port() == 0 ? in.dstPort() : b.port()) == out.dstPort()))
                                .findFirst();
                    }
                    break;
                }
            }
        } catch (IllegalStateException | IllegalArgumentException e) { // MalformedPacketException is one
            // Not a TCP/UDP frame we can read, or to an address no VIP can have: no VIP, no backend.
        }
        return new Simulation(verdict, output, vip, backend);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Simulation s && verdict == s.verdict && Arrays.equals(output, s.output)
                && vip.equals(s.vip) && backend.equals(s.backend);
    }

    @Override
    public int hashCode() {
        return Objects.hash(verdict, Arrays.hashCode(output), vip, backend);
    }

    @Override
    public String toString() {
        return "Simulation[" + verdict + ", vip=" + vip.map(Vip::toString).orElse("-") + ", backend="
                + backend.map(Backend::toString).orElse("-") + ", " + output.length + " bytes]";
    }
}
