package dev.blixt.e2e;

import dev.blixt.Backend;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.sandbox.Host;
import dev.blixt.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Real servers in every backend namespace of a sandbox: a TCP echo server on {@link #TCP_PORT} that
 * first sends its identity line ({@code backend-<i>\n}) and then echoes every byte until the client
 * half-closes, and a UDP server on {@link #UDP_PORT} that answers each datagram with
 * {@code backend-<i>|<payload>}. Both listen on the IPv6 wildcard (dual stack), so they serve IPv4
 * and IPv6.
 */
final class Fleet implements AutoCloseable {
    static final int TCP_PORT = 8080;
    static final int UDP_PORT = 5353;

    private final @Nullable Sandbox sandbox;
    private final List<ServerSocket> tcp = new ArrayList<>();
    private final List<DatagramChannel> udp = new ArrayList<>();
    private final List<Socket> open = new ArrayList<>();
    /** Connections accepted per identity. */
    final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    /** The peer addresses each backend accepted connections from (what the backend sees as the client). */
    final Map<String, java.util.Set<InetAddress>> peers = new ConcurrentHashMap<>();

    private Fleet(@Nullable Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    static Fleet start(Sandbox sandbox) {
        Fleet f = new Fleet(sandbox);
        try {
            for (Host b : sandbox.backends()) f.serve(b.role(), b.namespace(), null);
            return f;
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /**
     * The same servers in network namespaces the caller built itself: identity {@code backend-<i>} in
     * {@code namespaces.get(i)}. {@link #backend} and {@link #identity} need a sandbox and are not
     * available on such a fleet.
     */
    static Fleet startIn(List<String> namespaces) {
        return startIn(namespaces, null);
    }

    /**
     * As {@link #startIn(List)}, the UDP servers bound to {@code udpAddress} (a VIP the backends hold, for
     * direct server return: a UDP socket on the wildcard address would answer from the address of the
     * interface its route leaves by, not from the VIP the client sent to).
     */
    static Fleet startIn(List<String> namespaces, @Nullable InetAddress udpAddress) {
        Fleet f = new Fleet(null);
        try {
            for (int i = 0; i < namespaces.size(); i++) f.serve("backend-" + i, namespaces.get(i), udpAddress);
            return f;
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private Sandbox sandbox() {
        if (sandbox == null) throw new IllegalStateException("this fleet runs in namespaces of the caller, not a sandbox");
        return sandbox;
    }

    private final List<String> namespaces = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();

    private void serve(String id, String namespace, @Nullable InetAddress udpAddress) {
        accepted.put(id, new AtomicInteger());
        namespaces.add(namespace);
        ids.add(id);
        ServerSocket server = listener(namespace);
        tcp.add(server);
        DatagramChannel dgram = NetNamespace.callIn(namespace, () -> DatagramChannel.open().bind(
                udpAddress == null ? new InetSocketAddress(UDP_PORT) : new InetSocketAddress(udpAddress, UDP_PORT)));
        udp.add(dgram);
        // The sockets belong to the backend's namespace; serving them from virtual threads is fine.
        Thread.ofVirtual().name("tcp-" + id).start(() -> acceptLoop(server, id));
        Thread.ofVirtual().name("udp-" + id).start(() -> udpLoop(dgram, id));
    }

    private static ServerSocket listener(String namespace) {
        return NetNamespace.callIn(namespace, () -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(TCP_PORT), 4096);
            return s;
        });
    }

    /** Closes backend {@code i}'s TCP listener: new connections are refused, accepted ones go on. */
    void stopListening(int i) {
        closeQuietly(tcp.get(i));
    }

    /** Opens backend {@code i}'s TCP listener again after {@link #stopListening}. */
    void listenAgain(int i) {
        ServerSocket server = listener(namespaces.get(i));
        tcp.set(i, server);
        String id = ids.get(i);
        Thread.ofVirtual().name("tcp-" + id).start(() -> acceptLoop(server, id));
    }

    private void acceptLoop(ServerSocket server, String id) {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.get(id).incrementAndGet();
            peers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(s.getInetAddress());
            synchronized (open) {
                open.add(s);
            }
            Thread.ofVirtual().start(() -> echo(s, id));
        }
    }

    private void echo(Socket s, String id) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(60_000);
            out.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[16 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
        } catch (IOException e) {
            // the client went away (reset, timeout): nothing to do on the server side
        } finally {
            synchronized (open) {
                open.remove(s);
            }
        }
    }

    private static void udpLoop(DatagramChannel ch, String id) {
        byte[] prefix = (id + "|").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer in = ByteBuffer.allocate(65536);
        ByteBuffer out = ByteBuffer.allocate(65536 + prefix.length);
        while (ch.isOpen()) {
            try {
                in.clear();
                SocketAddress from = ch.receive(in);
                in.flip();
                out.clear();
                out.put(prefix).put(in).flip();
                ch.send(out, from);
            } catch (IOException e) {
                if (!ch.isOpen()) return;
            }
        }
    }

    /** The backend serving on backend host {@code i}, for IPv4 or IPv6 VIPs. */
    Backend backend(int i, boolean ipv6, int port) {
        Host h = sandbox().backend(i);
        InetAddress a = ipv6 ? h.ipv6() : h.ipv4();
        return Backend.of(a, port);
    }

    Backend tcpBackend(int i) {
        return backend(i, false, TCP_PORT);
    }

    /** The identity ({@code backend-<i>}) of the backend host owning {@code b}'s address. */
    String identity(Backend b) {
        for (Host h : sandbox().backends()) {
            if (h.ipv4().equals(b.address()) || h.ipv6().equals(b.address())) return h.role();
        }
        throw new IllegalArgumentException("not a sandbox backend: " + b);
    }

    @Override
    public void close() {
        for (ServerSocket s : tcp) closeQuietly(s);
        for (DatagramChannel c : udp) closeQuietly(c);
        List<Socket> copy;
        synchronized (open) {
            copy = List.copyOf(open);
        }
        for (Socket s : copy) closeQuietly(s);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
