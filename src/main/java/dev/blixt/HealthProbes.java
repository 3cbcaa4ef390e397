package dev.blixt;

import dev.blixt.internal.netns.NetNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Probes the trackers of a {@link HealthMonitor}: one scheduler thread (a platform thread in the data plane's network
 * namespace, started with the first check) opens each probe's socket — a socket stays in the namespace it was created
 * in, so it is created by a thread that is in the right one: the scheduler, or for a check with its own namespace
 * that namespace's single opener thread — and hands it to a virtual thread that does the blocking part (connect,
 * TLS, request, reply) and reports the result. So the threads are one scheduler, one per other namespace, and
 * virtual threads (on the JDK's carrier pool) for the probes in flight.
 */
final class HealthProbes implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());

    private final ScheduledThreadPoolExecutor scheduler;
    private final BiConsumer<HealthMonitor.Tracker, @Nullable String> results;
    private final Map<String, ExecutorService> openers = new ConcurrentHashMap<>();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Set<NetworkChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param threads makes the scheduler thread (in the data plane's network namespace)
     * @param results told of each probe's result: null for a success, else why it failed
     */
    HealthProbes(ThreadFactory threads, BiConsumer<HealthMonitor.Tracker, @Nullable String> results) {
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads);
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.results = results;
    }

    /** Probes {@code t} every interval until it is no longer active; the first probe within one interval (spread). */
    void start(HealthMonitor.Tracker t) {
        if (t.target == null) return;
        long interval = t.check.interval().toNanos();
        schedule(t, ThreadLocalRandom.current().nextLong(Math.min(interval, TimeUnit.SECONDS.toNanos(1))));
    }

    private void schedule(HealthMonitor.Tracker t, long delayNanos) {
        if (closed || !t.active) return;
        try {
            scheduler.schedule(() -> launch(t), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** On the scheduler thread: opens the socket (in the right namespace) and starts the probe. */
    private void launch(HealthMonitor.Tracker t) {
        if (closed || !t.active) return;
        long started = System.nanoTime();
        Runnable opening = () -> {
            NetworkChannel ch;
            try {
                ch = openChannel(t);
            } catch (IOException | RuntimeException e) {
                finish(t, started, "cannot open a socket: " + e);
                return;
            }
            open.add(ch);
            if (closed) {
                open.remove(ch);
                closeQuietly(ch);
                return;
            }
            Thread probe = Thread.ofVirtual().name("blixt-probe").unstarted(() -> {
                String error;
                try {
                    error = probe(t, ch);
                } catch (IOException | RuntimeException | GeneralSecurityException e) {
                    error = describe(e, t);
                } finally {
                    open.remove(ch);
                    closeQuietly(ch);
                    running.remove(Thread.currentThread());
                }
                finish(t, started, error);
            });
            running.add(probe);
            probe.start();
        };
        String ns = t.check.namespace().orElse(null);
        if (ns == null) {
            opening.run();
        } else {
            try {
                openers.computeIfAbsent(ns, n -> Executors.newSingleThreadExecutor(NetNamespace.threadFactoryAt(n)))
                        .execute(opening);
            } catch (RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    private void finish(HealthMonitor.Tracker t, long started, @Nullable String error) {
        if (closed) return;
        try {
            results.accept(t, error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "recording a probe of " + t + " failed", e);
        }
        long next = started + t.check.interval().toNanos() - System.nanoTime();
        schedule(t, Math.max(0, next));
    }

    private static NetworkChannel openChannel(HealthMonitor.Tracker t) throws IOException {
        InetSocketAddress target = java.util.Objects.requireNonNull(t.target);
        StandardProtocolFamily family = target.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        return t.check.kind() == HealthCheck.Kind.UDP ? DatagramChannel.open(family) : SocketChannel.open(family);
    }

    /** Runs one probe on a socket opened for it; null when healthy, else why not. */
    static @Nullable String probe(HealthMonitor.Tracker t, NetworkChannel ch) throws IOException, GeneralSecurityException {
        HealthCheck c = t.check;
        InetSocketAddress target = java.util.Objects.requireNonNull(t.target);
        long deadline = System.nanoTime() + c.timeout().toNanos();
        return switch (c.kind()) {
            case TCP -> {
                ((SocketChannel) ch).socket().connect(target, millis(deadline));
                yield null;
            }
            case HTTP, HTTPS -> http(c, target, ((SocketChannel) ch).socket(), deadline);
            case UDP -> udp(c, target, (DatagramChannel) ch, deadline);
        };
    }

    private static int millis(long deadline) throws SocketTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) throw new SocketTimeoutException("timed out");
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static @Nullable String http(HealthCheck c, InetSocketAddress target, Socket plain, long deadline)
            throws IOException, GeneralSecurityException {
        plain.connect(target, millis(deadline));
        String host = c.host().orElse(null);
        String literal = target.getAddress().getHostAddress();
        Socket s = plain;
        if (c.kind() == HealthCheck.Kind.HTTPS) {
            SSLContext ctx = c.sslContext() != null ? c.sslContext() : SSLContext.getDefault();
            SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host != null ? host : literal,
                    target.getPort(), true);
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (host != null) p.setServerNames(List.of(new SNIHostName(host)));
            ssl.setSSLParameters(p);
            ssl.setSoTimeout(millis(deadline));
            ssl.startHandshake();
            s = ssl;
        }
        String hostHeader = host != null ? host
                : target.getAddress() instanceof Inet4Address ? literal : "[" + literal + "]";
        if (target.getPort() != (c.kind() == HealthCheck.Kind.HTTPS ? 443 : 80)) hostHeader += ":" + target.getPort();
        String request = "GET " + c.path() + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nUser-Agent: blixt-health-check\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        while (line.length() < 256) {
            s.setSoTimeout(millis(deadline));
            int b = in.read();
            if (b < 0) return "connection closed before the status line";
            if (b == '\n') break;
            if (b != '\r') line.append((char) b);
        }
        String status = line.toString();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            return "not an HTTP status line: '" + (status.length() > 80 ? status.substring(0, 80) : status) + "'";
        }
        int code = Integer.parseInt(parts[1]);
        if (code < c.statusLo() || code > c.statusHi()) {
            return "HTTP status " + code + " (expected " + c.statusLo() + ".." + c.statusHi() + ")";
        }
        return null;
    }

    private static @Nullable String udp(HealthCheck c, InetSocketAddress target, DatagramChannel ch, long deadline)
            throws IOException {
        try {
            ch.connect(target);
            ch.write(ByteBuffer.wrap(c.payload()));
            DatagramSocket s = ch.socket();
            s.setSoTimeout(millis(deadline));
            s.receive(new DatagramPacket(new byte[512], 512));
            return null;
        } catch (PortUnreachableException e) {
            return "ICMP port unreachable";
        } catch (SocketTimeoutException e) {
            return c.expectsReply() ? "no reply within " + c.timeout().toMillis() + " ms" : null;
        }
    }

    private static String describe(Exception e, HealthMonitor.Tracker t) {
        if (e instanceof SocketTimeoutException) return "timed out after " + t.check.timeout().toMillis() + " ms";
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Stops probing: the scheduler and opener threads end, probes in flight have their sockets closed and are joined. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        openers.values().forEach(ExecutorService::shutdownNow);
        for (NetworkChannel ch : open) closeQuietly(ch);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            for (ExecutorService e : openers.values()) e.awaitTermination(5, TimeUnit.SECONDS);
            for (Thread t : running) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
                    LOG.log(System.Logger.Level.WARNING, "a health probe did not end within 5 s of close");
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(NetworkChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** Live probe threads (tests). */
    int inFlight() {
        return running.size();
    }
}
