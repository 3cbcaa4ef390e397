package dev.blixt.examples.grpc;

import dev.blixt.Backend;
import dev.blixt.CapacityException;
import dev.blixt.error.DataplaneException;
import dev.blixt.Protocol;
import dev.blixt.Route;
import dev.blixt.Vip;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The route mutations of both gRPC services, serialized by one lock so that a Blixt update, which
 * changes a TCP and a UDP VIP, is never interleaved with another change of the same VIPs.
 *
 * <p>Blixt's data plane did not tell TCP from UDP: a Blixt VIP is a pair of VIPs here, one per
 * protocol, with the same backends. {@link #applyPair} changes both or neither and {@link
 * #removePair} removes both, each in one transaction of the data plane.
 */
public final class RouteControl {
    private final Balancer balancer;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Controls a balancer.
     *
     * @param balancer the data plane
     */
    public RouteControl(Balancer balancer) {
        this.balancer = Objects.requireNonNull(balancer, "balancer");
    }

    /**
     * The balancer, for reads (reads need no lock).
     *
     * @return the balancer
     */
    public Balancer balancer() {
        return balancer;
    }

    /**
     * Sets the backends of the TCP and the UDP VIP on one address and port, in one transaction of
     * the data plane: both change or neither does, so the pair can never end split.
     *
     * @param address the VIP address
     * @param port the VIP port
     * @param backends the backends of both VIPs
     * @return the TCP route as applied
     * @throws IllegalArgumentException if the backend set is invalid (nothing changed)
     * @throws CapacityException if the pair does not fit (nothing changed)
     * @throws DataplaneException if the kernel refused an update (nothing changed)
     */
    public Route applyPair(InetAddress address, int port, List<Backend> backends) {
        Vip tcp = Vip.of(address, port, Protocol.TCP);
        Vip udp = Vip.of(address, port, Protocol.UDP);
        lock.lock();
        try {
            checkPairCapacity(tcp, udp, backends, balancer.route(tcp).isPresent(), balancer.route(udp).isPresent());
            List<Route> after = balancer.update(tx -> {
                tx.route(tcp).to(backends);
                tx.route(udp).to(backends);
            });
            return after.stream().filter(r -> r.vip().equals(tcp)).findFirst().orElseThrow();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses a pair that cannot fit with a message in this server's terms (its flags, TCP and
     * UDP); the data plane's planner remains the authority and refuses the rest itself.
     */
    private void checkPairCapacity(Vip tcp, Vip udp, List<Backend> backends, boolean tcpExists, boolean udpExists) {
        List<Route> routes = balancer.routes();
        int newVips = (tcpExists ? 0 : 1) + (udpExists ? 0 : 1);
        int freeVips = balancer.maxVips() - routes.size();
        if (newVips > freeVips) {
            throw new CapacityException("cannot add vip " + Addresses.text(tcp.address(), tcp.port()) + ": it needs "
                    + newVips + " more VIPs (one for TCP, one for UDP) but " + Math.max(freeVips, 0) + " of "
                    + balancer.maxVips() + " are free (--max-vips, DataplaneConfig.maxVips)");
        }
        int others = 0;
        for (Route r : routes) {
            if (!r.vip().equals(tcp) && !r.vip().equals(udp)) others += r.backends().size();
        }
        int needed = 2 * backends.size();
        int free = balancer.maxBackends() - others;
        if (needed > free) {
            throw new CapacityException("cannot set " + backends.size() + " backends on vip "
                    + Addresses.text(tcp.address(), tcp.port()) + ": that takes " + needed
                    + " backend entries (TCP and UDP) but " + Math.max(free, 0) + " of " + balancer.maxBackends()
                    + " are free (--max-backends, DataplaneConfig.maxBackends)");
        }
    }

    /**
     * Removes the TCP and the UDP VIP on one address and port.
     *
     * @param address the VIP address
     * @param port the VIP port
     * @return whether either existed
     */
    public boolean removePair(InetAddress address, int port) {
        Vip tcp = Vip.of(address, port, Protocol.TCP);
        Vip udp = Vip.of(address, port, Protocol.UDP);
        lock.lock();
        try {
            boolean existed = balancer.route(tcp).isPresent() || balancer.route(udp).isPresent();
            balancer.update(tx -> tx.remove(tcp).remove(udp));
            return existed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces one VIP's backend set.
     *
     * @param vip the VIP
     * @param backends its backends
     * @return the route as applied
     * @throws IllegalArgumentException if the backend set is invalid (nothing changed)
     * @throws CapacityException if it does not fit (nothing changed)
     */
    public Route apply(Vip vip, List<Backend> backends) {
        lock.lock();
        try {
            return balancer.apply(vip, backends);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes one VIP.
     *
     * @param vip the VIP
     * @return whether it existed
     */
    public boolean remove(Vip vip) {
        lock.lock();
        try {
            return balancer.remove(vip);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drains one backend of a VIP.
     *
     * @param vip the VIP
     * @param backend the backend (address and port)
     * @return the route as applied
     * @throws IllegalArgumentException if the VIP has no route or the backend is not part of it
     */
    public Route drain(Vip vip, Backend backend) {
        lock.lock();
        try {
            return balancer.drain(vip, backend);
        } finally {
            lock.unlock();
        }
    }
}
