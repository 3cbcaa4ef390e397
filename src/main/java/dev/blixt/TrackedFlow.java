package dev.blixt;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A flow the kernel's flow table tracks for a VIP: a client's 5-tuple and the backend its packets go to,
 * as {@link Dataplane#flows(Vip)} read it.
 *
 * <p>Only flows that still forward to their backend are reported: an entry whose backend was removed from
 * the route (its next packet re-selects on the ring), or a UDP entry idle past the UDP idle timeout, is
 * not a tracked flow.
 *
 * @param vip the VIP the flow was sent to
 * @param client the client's address and port (the packets' source)
 * @param destinationPort the packets' destination port: the VIP's port, or for a port-0 VIP the port the
 *     client chose
 * @param backend the backend it goes to, as the route holds it now (its weight is the current one: a
 *     drained backend's flows show weight 0)
 * @param mode the forwarding mode the flow started in (a flow keeps it when the VIP's mode changes)
 * @param idle UDP: about how long since its last datagram (the data path refreshes the time at most every
 *     sixteenth of the UDP idle timeout, so this may be that much too long); TCP: empty (the table does not
 *     record TCP activity)
 * @param translatedSource {@link ForwardingMode#FULL_NAT}: the full-NAT address and port the data path chose
 *     for the flow, which its packets to the backend carry as their source; other modes: empty
 */
public record TrackedFlow(Vip vip, InetSocketAddress client, int destinationPort, Backend backend, ForwardingMode mode,
        Optional<Duration> idle, Optional<InetSocketAddress> translatedSource) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the destination port is out of range, the client's family differs
     *     from the VIP's, or the idle time is negative
     */
    public TrackedFlow {
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(translatedSource, "translatedSource");
        Addresses.checkPort(destinationPort, "destination");
        if (client.getAddress() == null) throw new IllegalArgumentException("unresolved client address " + client);
        if (client.getAddress() instanceof java.net.Inet4Address != vip.address() instanceof java.net.Inet4Address) {
            throw new IllegalArgumentException("client " + client + " is not of the family of " + vip);
        }
        if (idle.isPresent() && idle.get().isNegative()) {
            throw new IllegalArgumentException("negative idle time " + idle.get());
        }
    }

    /** {@return the flow's protocol, the VIP's} */
    public Protocol protocol() {
        return vip.protocol();
    }

    /** {@return the client's side of the flow as {@link Dataplane#backendFor} takes it} */
    public Flow flow() {
        return new Flow(client.getAddress(), client.getPort(), destinationPort);
    }
}
