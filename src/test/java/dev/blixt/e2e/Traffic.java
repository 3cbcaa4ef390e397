package dev.blixt.e2e;

import dev.blixt.sandbox.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Clients in the sandbox's client namespace: short TCP exchanges, UDP flows, long-lived streams. */
final class Traffic {
    private Traffic() {}

    /** Every client-side wait is bounded by this. */
    static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    /**
     * One short TCP connection: payload sent, half-closed, identity line and echo read back.
     *
     * @param localPort the client's source port
     * @param backend the identity line the server sent, or null if none arrived
     * @param intact whether the echo equals the payload byte for byte
     * @param sent payload bytes sent
     * @param error the exception, if the exchange failed
     */
    record Exchange(int localPort, @Nullable String backend, boolean intact, int sent, @Nullable String error) {
        boolean ok() {
            return error == null && intact && backend != null;
        }
    }

    /** Runs {@code count} short connections to {@code vip} from {@code threads} client threads. */
    static List<Exchange> connections(Sandbox sb, InetSocketAddress vip, int count, int threads,
            IntFunction<byte[]> payload) {
        return connections(sb.client().threadFactory(), vip, count, threads, payload);
    }

    /** Runs {@code count} short connections to {@code vip} from {@code threads} threads made by {@code client}. */
    static List<Exchange> connections(ThreadFactory client, InetSocketAddress vip, int count, int threads,
            IntFunction<byte[]> payload) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, client);
        try {
            List<Future<Exchange>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] p = payload.apply(i);
                futures.add(pool.submit(() -> exchange(vip, p)));
            }
            List<Exchange> out = new ArrayList<>(count);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + count / 20);
            for (Future<Exchange> f : futures) {
                long left = deadline - System.nanoTime();
                out.add(f.get(Math.max(left, 1), TimeUnit.NANOSECONDS));
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError("client connections did not finish: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    static Exchange exchange(InetSocketAddress vip, byte[] payload) {
        int port = -1;
        try (Socket s = new Socket()) {
            s.connect(vip, (int) IO_TIMEOUT.toMillis());
            port = s.getLocalPort();
            s.setSoTimeout((int) IO_TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(payload);
            out.flush();
            s.shutdownOutput();
            byte[] all = s.getInputStream().readAllBytes();
            int nl = indexOf(all, (byte) '\n');
            if (nl < 0) return new Exchange(port, null, false, payload.length, "no identity line in " + all.length + " bytes");
            String id = new String(all, 0, nl, StandardCharsets.US_ASCII);
            boolean intact = Arrays.equals(all, nl + 1, all.length, payload, 0, payload.length);
            return new Exchange(port, id, intact, payload.length, null);
        } catch (IOException e) {
            return new Exchange(port, null, false, payload.length, e.toString());
        }
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length && i < 64; i++) if (a[i] == b) return i;
        return -1;
    }

    /** Connections per backend identity (failed exchanges under "failed"). */
    static Map<String, Long> byBackend(List<Exchange> exchanges) {
        return exchanges.stream().collect(Collectors.groupingBy(
                e -> e.ok() ? Objects.requireNonNull(e.backend()) : "failed", TreeMap::new, Collectors.counting()));
    }

    /**
     * One UDP flow: datagrams from one client port, each answered before the next is sent
     * (a lost datagram is sent again, at most 3 more times).
     *
     * @param localPort the client's source port
     * @param backends the identity in each reply, in order
     * @param sources the source address of each reply
     * @param sent datagrams sent, retries included
     * @param sentBytes their payload bytes
     * @param received replies received (late duplicates included)
     * @param error what went wrong, if a datagram was never answered
     */
    record UdpFlow(int localPort, List<String> backends, List<InetSocketAddress> sources, int sent, long sentBytes,
            int received, @Nullable String error) {}

    static List<UdpFlow> udpFlows(Sandbox sb, InetSocketAddress vip, int flows, int datagrams, int threads) {
        return udpFlows(sb.client().threadFactory(), vip, flows, datagrams, threads);
    }

    /** {@code flows} UDP flows of {@code datagrams} each, from {@code threads} threads made by {@code client}. */
    static List<UdpFlow> udpFlows(ThreadFactory client, InetSocketAddress vip, int flows, int datagrams, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, client);
        try {
            List<Future<UdpFlow>> futures = new ArrayList<>();
            for (int f = 0; f < flows; f++) {
                int flow = f;
                futures.add(pool.submit(() -> udpFlow(vip, flow, datagrams)));
            }
            List<UdpFlow> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + flows * datagrams / 100);
            for (Future<UdpFlow> f : futures) {
                out.add(f.get(Math.max(deadline - System.nanoTime(), 1), TimeUnit.NANOSECONDS));
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError("UDP flows did not finish: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    static UdpFlow udpFlow(InetSocketAddress vip, int flow, int datagrams) throws IOException {
        List<String> backends = new ArrayList<>();
        List<InetSocketAddress> sources = new ArrayList<>();
        int sent = 0;
        long sentBytes = 0;
        int received = 0;
        try (DatagramSocket s = new DatagramSocket(0)) {
            s.setSoTimeout(500);
            byte[] buf = new byte[2048];
            for (int d = 0; d < datagrams; d++) {
                String tag = "flow-" + flow + "-dgram-" + d;
                byte[] payload = (tag + "|" + "u".repeat((flow * 7 + d * 13) % 300)).getBytes(StandardCharsets.US_ASCII);
                boolean answered = false;
                for (int attempt = 0; attempt < 4 && !answered; attempt++) {
                    s.send(new DatagramPacket(payload, payload.length, vip));
                    sent++;
                    sentBytes += payload.length;
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                    while (!answered && System.nanoTime() < until) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        try {
                            s.receive(p);
                        } catch (SocketTimeoutException e) {
                            break;
                        }
                        received++;
                        String reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                        int bar = reply.indexOf('|');
                        if (bar > 0 && reply.startsWith(tag + "|", bar + 1)) {
                            answered = true;
                            backends.add(reply.substring(0, bar));
                            sources.add((InetSocketAddress) p.getSocketAddress());
                        }
                    }
                }
                if (!answered) {
                    return new UdpFlow(s.getLocalPort(), backends, sources, sent, sentBytes, received,
                            "datagram " + d + " never answered");
                }
            }
            return new UdpFlow(s.getLocalPort(), backends, sources, sent, sentBytes, received, null);
        }
    }

    /**
     * A long-lived TCP connection streaming a known byte pattern that the server echoes; the
     * reader checks every byte. Create it with {@link #open}, then {@link #start}, then
     * {@link #finish}.
     */
    static final class Stream {
        private final Socket socket;
        final String backend;
        final int localPort;
        private final int seed;
        private volatile boolean stop;
        private volatile long sent;
        private volatile long received;
        private volatile @Nullable String error;
        private volatile boolean mismatch;
        private @Nullable Thread writer;
        private @Nullable Thread reader;

        private Stream(Socket socket, String backend, int seed) {
            this.socket = socket;
            this.backend = backend;
            this.localPort = socket.getLocalPort();
            this.seed = seed;
        }

        /** Connects from the client namespace and reads the identity line. */
        static Stream open(Sandbox sb, InetSocketAddress vip, int seed) {
            return sb.client().call(() -> {
                Socket s = new Socket();
                try {
                    s.connect(vip, (int) IO_TIMEOUT.toMillis());
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream line = new ByteArrayOutputStream();
                    for (int b; (b = in.read()) != '\n'; ) {
                        if (b < 0 || line.size() > 64) throw new IOException("no identity line");
                        line.write(b);
                    }
                    return new Stream(s, line.toString(StandardCharsets.US_ASCII), seed);
                } catch (IOException | RuntimeException e) {
                    s.close();
                    throw e;
                }
            });
        }

        private byte at(long offset) {
            return (byte) ((offset * 31) ^ (offset >>> 8) ^ seed);
        }

        /** Starts writing {@code chunk} bytes every {@code period} and reading the echo. */
        Stream start(int chunk, Duration period) {
            writer = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[chunk];
                try {
                    OutputStream out = socket.getOutputStream();
                    long limit = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                    while (!stop && System.nanoTime() < limit) {
                        long base = sent;
                        for (int i = 0; i < chunk; i++) buf[i] = at(base + i);
                        out.write(buf);
                        sent = base + chunk;
                        Thread.sleep(period);
                    }
                    socket.shutdownOutput();
                } catch (IOException | InterruptedException e) {
                    fail("write: " + e);
                }
            });
            reader = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[16 * 1024];
                try {
                    InputStream in = socket.getInputStream();
                    for (int n; (n = in.read(buf)) > 0; ) {
                        long base = received;
                        for (int i = 0; i < n; i++) {
                            if (buf[i] != at(base + i)) {
                                mismatch = true;
                                fail("byte " + (base + i) + " differs");
                                return;
                            }
                        }
                        received = base + n;
                    }
                } catch (IOException e) {
                    fail("read: " + e);
                }
            });
            return this;
        }

        private void fail(String why) {
            if (error == null) error = why;
        }

        /** Bytes echoed back so far. */
        long received() {
            return received;
        }

        /**
         * Stops writing, half-closes, waits (bounded) for the rest of the echo and the server's close.
         *
         * @return the outcome
         */
        Outcome finish(Duration timeout) {
            stop = true;
            try {
                if (writer != null) writer.join(timeout);
                if (reader != null && !reader.join(timeout)) fail("echo not complete after " + timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            return new Outcome(backend, localPort, sent, received, error, mismatch);
        }
    }

    /**
     * How a stream ended.
     *
     * @param backend the backend identity it was served by
     * @param localPort the client port
     * @param sent bytes written
     * @param received bytes echoed back and verified
     * @param error the first failure (a reset, a timeout), or null
     * @param corrupted whether an echoed byte differed from what was sent
     */
    record Outcome(String backend, int localPort, long sent, long received, @Nullable String error, boolean corrupted) {
        boolean clean() {
            return error == null && !corrupted && sent == received && sent > 0;
        }
    }
}
