package dev.blixt;

/**
 * How the data plane forwards a VIP's packets to its backends; chosen per route with {@link
 * Dataplane.RouteBuilder#mode(ForwardingMode)} and reported by {@link Route#mode()}.
 *
 * <p>A flow keeps the mode it started in: changing a VIP's mode is an atomic update like any other,
 * new flows use the new mode, and established flows (their flow-table entries) finish in the old one.
 * See {@code docs/operations.md} ("Forwarding modes") for what each mode asks of the network and of the
 * backends.
 */
public enum ForwardingMode {
    /**
     * Destination NAT (the default): the destination is rewritten to the backend's address and port,
     * the backend sees the client's address, and its replies must come back through the load balancer
     * (its gateway), which rewrites them back to the VIP.
     */
    NAT,
    /**
     * Direct server return over IP-in-IP: the client's packet, unchanged, inside an outer IPv4 header
     * (IPIP) or IPv6 header (IPv4-in-IPv6, ip6ip6) whose destination is the backend and whose source is
     * taken from {@link DataplaneConfig.Builder#encapsulationSources(String...)}. The backend holds the VIP
     * on a local interface, decapsulates (a tunnel device, or {@link Decapsulator}) and replies to the
     * client directly: replies never pass the load balancer. A backend's port must be 0 or the VIP's
     * (the packet is not rewritten); an IPv4 VIP may have IPv6 backends, not the other way round.
     */
    DSR_IPIP,
    /**
     * Direct server return over UDP (GUE, variant 1): as {@link #DSR_IPIP}, inside an outer IP and UDP
     * header to {@link DataplaneConfig.Builder#guePort(int)} (6080 by default), the UDP source port
     * taken from the flow so that backends spread flows over their receive queues. Backends
     * decapsulate with the kernel's {@code fou} in GUE mode or with {@link Decapsulator}.
     */
    DSR_GUE,
    /**
     * Full NAT: the source is rewritten to one of {@link DataplaneConfig.Builder#fullNatAddresses(String...)}
     * and a port of {@link DataplaneConfig.Builder#fullNatPorts(int, int)} chosen for the flow, the
     * destination to the backend; the backend answers that address, and its replies are translated back
     * to VIP -> client. For backends that cannot route back through the load balancer (another subnet,
     * another cloud): they need a route to the full-NAT address only, none to any client, and they see
     * the load balancer's address instead of the client's. An address and port carry one flow to a
     * given backend port at a time; when every one a new flow may use is taken it is dropped and
     * counted ({@link GlobalStats#fullNatExhausted()}). A backend must be of the VIP's family.
     */
    FULL_NAT;

    /** The data path's code for the mode ({@code BLIXT_MODE_*}). */
    int code() {
        return switch (this) {
            case NAT -> 0;
            case DSR_IPIP -> 1;
            case DSR_GUE -> 2;
            case FULL_NAT -> 3;
        };
    }

    /** The mode of a data path code; NAT for an unknown one. */
    static ForwardingMode of(int code) {
        return switch (code) {
            case 1 -> DSR_IPIP;
            case 2 -> DSR_GUE;
            case 3 -> FULL_NAT;
            default -> NAT;
        };
    }

    /** Whether packets go to the backend encapsulated and unchanged. */
    boolean isDsr() {
        return this == DSR_IPIP || this == DSR_GUE;
    }
}
