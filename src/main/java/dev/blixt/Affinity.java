package dev.blixt;

/**
 * Which part of a new flow picks its backend on a VIP's Maglev ring; chosen per route with {@link
 * Dataplane.RouteBuilder#affinity(Affinity)} and reported by {@link RoutePolicy#affinity()}.
 *
 * <p>Affinity is a property of the hash, not state: while the VIP's backend set is unchanged, every
 * node with the same routes and {@link DataplaneConfig.Builder#hashSeed(int) hash seed} sends one client
 * to one backend, and nothing is stored per client. When the set changes, the clients whose ring slots
 * moved (about 1/N of them for one of N backends) go to their new backend with their next new flow;
 * established flows stay where they are.
 */
public enum Affinity {
    /** The default: the full 5-tuple (client address and port, VIP address and port, protocol) picks the backend. */
    NONE,
    /**
     * Client-IP affinity: the client's port is left out of the hash, so that every flow of one client
     * address (any source port) reaches the same backend, as Kubernetes' {@code sessionAffinity:
     * ClientIP} and Katran's source-IP hashing do. Clients behind one NAT address all land on one
     * backend: spread is by client address.
     */
    CLIENT_IP;

    /** The VIP flag bits ({@code BLIXT_VIP_F_*}) of this affinity. */
    int vipFlags() {
        return this == CLIENT_IP ? dev.blixt.internal.datapath.VipInfo.F_HASH_NO_SRC_PORT : 0;
    }
}
