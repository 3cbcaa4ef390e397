package dev.blixt;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A client's flow towards a VIP, for predicting its backend with
 * {@link Dataplane#backendFor(Vip, Flow)}.
 *
 * @param client the client address (same family as the VIP)
 * @param clientPort the client's source port, 0..65535
 * @param destinationPort the destination port the client uses; 0 means the VIP's port
 */
public record Flow(InetAddress client, int clientPort, int destinationPort) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a port is out of range
     */
    public Flow {
        Objects.requireNonNull(client, "client");
        Addresses.checkPort(clientPort, "client");
        Addresses.checkPort(destinationPort, "destination");
    }

    /**
     * A flow from a client address and port to the VIP's own port.
     *
     * @param client an IPv4 or IPv6 literal
     * @param clientPort the source port
     * @return the flow
     * @throws IllegalArgumentException if the address is not a literal or the port is out of range
     */
    public static Flow of(String client, int clientPort) {
        return new Flow(Addresses.parse(client, "client address"), clientPort, 0);
    }
}
