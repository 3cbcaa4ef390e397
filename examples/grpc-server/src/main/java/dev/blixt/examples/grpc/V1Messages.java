package dev.blixt.examples.grpc;

import dev.blixt.Backend;
import dev.blixt.GlobalStats;
import dev.blixt.Protocol;
import dev.blixt.Route;
import dev.blixt.TrafficStats;
import dev.blixt.Vip;
import dev.blixt.examples.grpc.proto.v1.Counters;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Conversions between the {@code blixt.v1} messages and the library's types. */
public final class V1Messages {
    private V1Messages() {}

    /**
     * A VIP from its message.
     *
     * @param m the message
     * @param what the field path, for error messages (e.g. "route.vip")
     * @return the VIP
     * @throws IllegalArgumentException naming the field and the value that is wrong
     */
    public static Vip vip(dev.blixt.examples.grpc.proto.v1.Vip m, String what) {
        InetAddress address = address(m.getAddress(), what + ".address");
        int port = port(m.getPort(), what + ".port");
        Protocol protocol = switch (m.getProtocol()) {
            case PROTOCOL_TCP -> Protocol.TCP;
            case PROTOCOL_UDP -> Protocol.UDP;
            default -> throw new IllegalArgumentException(what + ".protocol must be PROTOCOL_TCP or PROTOCOL_UDP, got "
                    + m.getProtocolValue());
        };
        return Vip.of(address, port, protocol);
    }

    /**
     * A backend from its message (weight 1 when absent).
     *
     * @param m the message
     * @param what the field path, for error messages (e.g. "route.backends[2]")
     * @return the backend
     * @throws IllegalArgumentException naming the field and the value that is wrong
     */
    public static Backend backend(dev.blixt.examples.grpc.proto.v1.Backend m, String what) {
        InetAddress address = address(m.getAddress(), what + ".address");
        int port = port(m.getPort(), what + ".port");
        int weight = 1;
        if (m.hasWeight()) {
            long w = Integer.toUnsignedLong(m.getWeight());
            if (w > Backend.MAX_WEIGHT) {
                throw new IllegalArgumentException(what + ".weight " + w + " is out of range 0.." + Backend.MAX_WEIGHT);
            }
            weight = (int) w;
        }
        return new Backend(address, port, weight);
    }

    /**
     * Backends from their messages.
     *
     * @param ms the messages
     * @param what the repeated field's path
     * @return the backends, in order
     */
    public static List<Backend> backends(List<dev.blixt.examples.grpc.proto.v1.Backend> ms, String what) {
        List<Backend> out = new ArrayList<>(ms.size());
        for (int i = 0; i < ms.size(); i++) out.add(backend(ms.get(i), what + "[" + i + "]"));
        return out;
    }

    private static InetAddress address(String text, String what) {
        if (text.isBlank()) throw new IllegalArgumentException("missing " + what);
        return Addresses.parse(text, what);
    }

    private static int port(int wire, String what) {
        long port = Integer.toUnsignedLong(wire);
        if (port > 65535) throw new IllegalArgumentException(what + " " + port + " is out of range 0..65535");
        return (int) port;
    }

    /**
     * The message of a VIP.
     *
     * @param vip the VIP
     * @return its message
     */
    public static dev.blixt.examples.grpc.proto.v1.Vip toMessage(Vip vip) {
        return dev.blixt.examples.grpc.proto.v1.Vip.newBuilder()
                .setAddress(Addresses.text(vip.address()))
                .setPort(vip.port())
                .setProtocol(vip.protocol() == Protocol.TCP ? dev.blixt.examples.grpc.proto.v1.Protocol.PROTOCOL_TCP
                        : dev.blixt.examples.grpc.proto.v1.Protocol.PROTOCOL_UDP)
                .build();
    }

    /**
     * The message of a backend (its weight always set).
     *
     * @param backend the backend
     * @return its message
     */
    public static dev.blixt.examples.grpc.proto.v1.Backend toMessage(Backend backend) {
        return dev.blixt.examples.grpc.proto.v1.Backend.newBuilder()
                .setAddress(Addresses.text(backend.address()))
                .setPort(backend.port())
                .setWeight(backend.weight())
                .build();
    }

    /**
     * The message of a route.
     *
     * @param route the route
     * @return its message
     */
    public static dev.blixt.examples.grpc.proto.v1.Route toMessage(Route route) {
        var b = dev.blixt.examples.grpc.proto.v1.Route.newBuilder().setVip(toMessage(route.vip()));
        for (Backend be : route.backends()) b.addBackends(toMessage(be));
        return b.build();
    }

    /**
     * The message of a set of counters.
     *
     * @param s the counters
     * @return their message
     */
    public static Counters toMessage(TrafficStats s) {
        return Counters.newBuilder()
                .setPackets(s.packets())
                .setBytes(s.bytes())
                .setNewFlows(s.newFlows())
                .setReplyPackets(s.replyPackets())
                .setReplyBytes(s.replyBytes())
                .setIcmpErrors(s.icmpErrors())
                .build();
    }

    /**
     * The message of the global counters.
     *
     * @param g the counters
     * @return their message
     */
    public static dev.blixt.examples.grpc.proto.v1.GlobalStats toMessage(GlobalStats g) {
        return dev.blixt.examples.grpc.proto.v1.GlobalStats.newBuilder()
                .setPackets(g.packets())
                .setPassed(g.passed())
                .setTransmitted(g.transmitted())
                .setRedirected(g.redirected())
                .setToKernel(g.toKernel())
                .setFlowHits(g.flowHits())
                .setFlowMisses(g.flowMisses())
                .setFlowReselects(g.flowReselects())
                .setFlowInsertFailures(g.flowInsertFailures())
                .setReplies(g.replies())
                .setUntrackedReplies(g.untrackedReplies())
                .setDroppedNoBackend(g.droppedNoBackend())
                .setDroppedTruncated(g.droppedTruncated())
                .setDroppedMalformed(g.droppedMalformed())
                .setDroppedFragments(g.droppedFragments())
                .setPassedFragments(g.passedFragments())
                .setIcmpEchoReplies(g.icmpEchoReplies())
                .setIcmpToBackend(g.icmpToBackend())
                .setIcmpToClient(g.icmpToClient())
                .setTtlExceeded(g.ttlExceeded())
                .setPassedUnparsed(g.passedUnparsed())
                .setDroppedUnsupported(g.droppedUnsupported())
                .setDropped(g.dropped())
                .build();
    }
}
