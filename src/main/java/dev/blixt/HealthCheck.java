package dev.blixt;

import dev.blixt.internal.netns.NetNamespace;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * An active health check of a VIP's backends: how each backend is probed, how often, and what the data plane does
 * when one fails. Attach one to a routed VIP with {@link Dataplane#healthCheck(Vip, HealthCheck)}.
 *
 * {@snippet class=dev.blixt.Snippets region=healthCheck}
 *
 * <p>Immutable: every {@code with}-style method ({@link #interval}, {@link #fall}, ...) returns a copy. The kinds:
 * <ul>
 *   <li>{@link #tcp()}: healthy when a TCP connection to the backend is established within the timeout;</li>
 *   <li>{@link #http(String)} and {@link #https(String)}: an HTTP/1.1 {@code GET}, healthy when the status is in
 *       {@link #expectStatus(int, int)} (200..399 by default). HTTPS verifies the backend's certificate with the
 *       JDK's default trust store and the {@link #host(String) host name} (the backend's address when none is
 *       given); pass an {@link SSLContext} to {@link #https(String, SSLContext)} to trust something else. There is
 *       no "trust all" switch;</li>
 *   <li>{@link #udp(byte[])}: sends the payload in a datagram; healthy when a reply arrives within the timeout, or
 *       with {@link #expectReply(boolean) expectReply(false)} healthy unless an ICMP port unreachable comes back.</li>
 * </ul>
 *
 * <p>A backend starts {@link HealthState#UNKNOWN}, which counts as healthy; {@link #fall(int) fall} consecutive
 * failures make it {@link HealthState#UNHEALTHY}, {@link #rise(int) rise} consecutive successes make it {@link
 * HealthState#HEALTHY} again. Probes of one backend never overlap: the next one starts an interval after the previous
 * one started, or when it ends if it took longer.
 *
 * <p>Probes are sent from the data plane's network namespace ({@link DataplaneConfig#networkNamespace()}), or from
 * the one {@link #namespace(String)} names, to the backend's address and port (or {@link #port(int)}).
 */
public final class HealthCheck {
    /** What the data plane does with a backend that becomes {@link HealthState#UNHEALTHY}. */
    public enum Action {
        /** Weight 0: its established flows finish, it gets no new ones. The default. */
        DRAIN,
        /** Left out of the route: its flows move to the other backends. */
        REMOVE
    }

    /** The kind of probe. */
    enum Kind { TCP, HTTP, HTTPS, UDP }

    /** The shortest interval accepted. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    /** The largest rise or fall threshold accepted. */
    static final int MAX_THRESHOLD = 100;
    /** The largest UDP payload accepted. */
    static final int MAX_PAYLOAD = 65_507;

    private final Kind kind;
    private final Duration interval;
    private final Duration timeout;
    private final int rise;
    private final int fall;
    private final int port;
    private final @Nullable String namespace;
    private final Action action;
    private final boolean allowAllDown;
    private final String path;
    private final @Nullable String host;
    private final int statusLo;
    private final int statusHi;
    private final @Nullable SSLContext ssl;
    private final byte[] payload;
    private final boolean expectReply;

    private HealthCheck(Kind kind, Duration interval, Duration timeout, int rise, int fall, int port,
            @Nullable String namespace, Action action, boolean allowAllDown, String path, @Nullable String host,
            int statusLo, int statusHi, @Nullable SSLContext ssl, byte[] payload, boolean expectReply) {
        this.kind = kind;
        this.interval = interval;
        this.timeout = timeout;
        this.rise = rise;
        this.fall = fall;
        this.port = port;
        this.namespace = namespace;
        this.action = action;
        this.allowAllDown = allowAllDown;
        this.path = path;
        this.host = host;
        this.statusLo = statusLo;
        this.statusHi = statusHi;
        this.ssl = ssl;
        this.payload = payload;
        this.expectReply = expectReply;
    }

    private static HealthCheck of(Kind kind, String path, @Nullable SSLContext ssl, byte[] payload) {
        return new HealthCheck(kind, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3, 0, null, Action.DRAIN, false,
                path, null, 200, 399, ssl, payload, true);
    }

    private HealthCheck copy(Duration interval, Duration timeout, int rise, int fall, int port, @Nullable String namespace,
            Action action, boolean allowAllDown, @Nullable String host, int statusLo, int statusHi, boolean expectReply) {
        return new HealthCheck(kind, interval, timeout, rise, fall, port, namespace, action, allowAllDown, path, host,
                statusLo, statusHi, ssl, payload, expectReply);
    }

    /**
     * A TCP connect check: healthy when the connection is established within the timeout (it is closed at once).
     * Defaults: every 2 s, timeout 1 s, rise 2, fall 3, {@link Action#DRAIN}, the backend's port.
     *
     * @return the check
     */
    public static HealthCheck tcp() {
        return of(Kind.TCP, "", null, new byte[0]);
    }

    /**
     * An HTTP check: {@code GET path HTTP/1.1} with {@code Connection: close}; healthy when the response's status is
     * in {@link #expectStatus(int, int)} (200..399 unless set) within the timeout. Other defaults as {@link #tcp()}.
     *
     * @param path the request path, starting with {@code /} (a query is allowed), no spaces or control characters
     * @return the check
     * @throws IllegalArgumentException if the path is not such a path
     */
    public static HealthCheck http(String path) {
        return of(Kind.HTTP, checkPath(path), null, new byte[0]);
    }

    /**
     * An HTTPS check: as {@link #http(String)} over TLS, verifying the backend's certificate against the JDK's
     * default trust store ({@code SSLContext.getDefault()}) and the {@link #host(String) host name}.
     *
     * @param path the request path, starting with {@code /}
     * @return the check
     * @throws IllegalArgumentException if the path is not such a path
     */
    public static HealthCheck https(String path) {
        return of(Kind.HTTPS, checkPath(path), null, new byte[0]);
    }

    /**
     * An HTTPS check with the given TLS context (its trust managers decide which certificates are accepted; the host
     * name is verified too, unless the context's trust manager is an {@code X509ExtendedTrustManager} that decides
     * otherwise).
     *
     * @param path the request path, starting with {@code /}
     * @param context the TLS context
     * @return the check
     * @throws IllegalArgumentException if the path is not such a path
     */
    public static HealthCheck https(String path, SSLContext context) {
        return of(Kind.HTTPS, checkPath(path), Objects.requireNonNull(context, "context"), new byte[0]);
    }

    /**
     * A UDP check: sends {@code payload} in one datagram from a connected socket; healthy when any reply arrives
     * within the timeout (see {@link #expectReply(boolean)} for services that do not answer).
     *
     * @param payload the datagram's content (copied), at most 65507 bytes; may be empty
     * @return the check
     * @throws IllegalArgumentException if the payload is too large
     */
    public static HealthCheck udp(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("UDP health check payload must be at most " + MAX_PAYLOAD + " bytes, got "
                    + payload.length);
        }
        return of(Kind.UDP, "", null, payload.clone());
    }

    private static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.length() > 2048 || path.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("HTTP health check path must start with '/', be at most 2048 characters"
                    + " and contain no spaces, control or non-ASCII characters, got '" + path + "'");
        }
        return path;
    }

    /**
     * How often each backend is probed.
     *
     * @param interval at least 10 ms
     * @return a copy with the interval
     * @throws IllegalArgumentException if the interval is shorter than 10 ms
     */
    public HealthCheck interval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("health check interval must be at least 10 ms, got " + interval);
        }
        return copy(interval, timeout, rise, fall, port, namespace, action, allowAllDown, host, statusLo, statusHi,
                expectReply);
    }

    /**
     * How long one probe may take (connect, TLS handshake, response or reply) before it counts as failed.
     *
     * @param timeout at least 1 ms
     * @return a copy with the timeout
     * @throws IllegalArgumentException if the timeout is shorter than 1 ms
     */
    public HealthCheck timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("health check timeout must be 1 ms..1 h, got " + timeout);
        }
        return copy(interval, timeout, rise, fall, port, namespace, action, allowAllDown, host, statusLo, statusHi,
                expectReply);
    }

    /**
     * How many consecutive successes make an unhealthy (or unknown) backend healthy.
     *
     * @param rise 1..100
     * @return a copy with the threshold
     * @throws IllegalArgumentException if out of range
     */
    public HealthCheck rise(int rise) {
        return copy(interval, timeout, threshold(rise, "rise"), fall, port, namespace, action, allowAllDown, host,
                statusLo, statusHi, expectReply);
    }

    /**
     * How many consecutive failures make a healthy (or unknown) backend unhealthy.
     *
     * @param fall 1..100
     * @return a copy with the threshold
     * @throws IllegalArgumentException if out of range
     */
    public HealthCheck fall(int fall) {
        return copy(interval, timeout, rise, threshold(fall, "fall"), port, namespace, action, allowAllDown, host,
                statusLo, statusHi, expectReply);
    }

    private static int threshold(int n, String what) {
        if (n < 1 || n > MAX_THRESHOLD) {
            throw new IllegalArgumentException("health check " + what + " threshold must be 1.." + MAX_THRESHOLD
                    + ", got " + n);
        }
        return n;
    }

    /**
     * The port to probe instead of the backend's (a separate health port).
     *
     * @param port 1..65535, or 0 for the backend's port (the VIP's when the backend's is 0)
     * @return a copy with the port
     * @throws IllegalArgumentException if out of range
     */
    public HealthCheck port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("health check port must be 0..65535, got " + port);
        }
        return copy(interval, timeout, rise, fall, port, namespace, action, allowAllDown, host, statusLo, statusHi,
                expectReply);
    }

    /**
     * The network namespace probes are sent from, instead of the data plane's.
     *
     * @param nameOrPath a name as {@code ip netns add} makes it, or an absolute path to a namespace file
     * @return a copy with the namespace
     * @throws IllegalArgumentException if the name is not a plain file name or the path is relative
     */
    public HealthCheck namespace(String nameOrPath) {
        return copy(interval, timeout, rise, fall, port, NetNamespace.checkSetting(nameOrPath), action, allowAllDown,
                host, statusLo, statusHi, expectReply);
    }

    /**
     * What happens to a backend that becomes unhealthy: {@link Action#DRAIN} (the default) or {@link Action#REMOVE}.
     *
     * @param action the action
     * @return a copy with the action
     */
    public HealthCheck onFailure(Action action) {
        return copy(interval, timeout, rise, fall, port, namespace, Objects.requireNonNull(action, "action"),
                allowAllDown, host, statusLo, statusHi, expectReply);
    }

    /**
     * Whether the VIP may be left with no backend taking new flows when all of them are unhealthy. By default
     * ({@code false}) the backends that were serving when the last of them fell keep serving (the failure is
     * reported: a {@link HealthEvent} and {@link BackendHealth#keptServing()}), since sending new flows to possibly
     * dead backends beats dropping them all for sure.
     *
     * @param allow true to drain (or remove) every unhealthy backend even if none is left
     * @return a copy with the setting
     */
    public HealthCheck allowAllDown(boolean allow) {
        return copy(interval, timeout, rise, fall, port, namespace, action, allow, host, statusLo, statusHi,
                expectReply);
    }

    /**
     * The HTTP statuses that count as healthy (HTTP and HTTPS checks only).
     *
     * @param lo the lowest, 100..599
     * @param hi the highest, lo..599
     * @return a copy with the range
     * @throws IllegalArgumentException if the range is not within 100..599 or {@code lo > hi}
     * @throws IllegalStateException if this is not an HTTP or HTTPS check
     */
    public HealthCheck expectStatus(int lo, int hi) {
        if (kind != Kind.HTTP && kind != Kind.HTTPS) {
            throw new IllegalStateException("expectStatus applies to HTTP and HTTPS checks, not to a " + kind + " check");
        }
        if (lo < 100 || hi > 599 || lo > hi) {
            throw new IllegalArgumentException("expected HTTP status range must be within 100..599 with lo <= hi, got "
                    + lo + ".." + hi);
        }
        return copy(interval, timeout, rise, fall, port, namespace, action, allowAllDown, host, lo, hi, expectReply);
    }

    /**
     * The host name sent in the HTTP {@code Host} header and, for HTTPS, as SNI and verified against the certificate
     * (HTTP and HTTPS checks only). Without it the backend's address literal is used.
     *
     * @param host a host name (no port, no spaces)
     * @return a copy with the host
     * @throws IllegalArgumentException if the host is empty or has spaces, control characters or a colon
     * @throws IllegalStateException if this is not an HTTP or HTTPS check
     */
    public HealthCheck host(String host) {
        Objects.requireNonNull(host, "host");
        if (kind != Kind.HTTP && kind != Kind.HTTPS) {
            throw new IllegalStateException("host applies to HTTP and HTTPS checks, not to a " + kind + " check");
        }
        if (host.isEmpty() || host.length() > 253 || host.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == ':')) {
            throw new IllegalArgumentException("health check host must be a host name without port, spaces or control"
                    + " characters, got '" + host + "'");
        }
        return copy(interval, timeout, rise, fall, port, namespace, action, allowAllDown, host, statusLo, statusHi,
                expectReply);
    }

    /**
     * Whether a UDP check needs a reply (the default). With {@code false} a backend is healthy unless an ICMP port
     * unreachable answers the datagram within the timeout (for services that never reply to the probe; a backend
     * that is down silently still counts as healthy then).
     *
     * @param expect false to accept silence
     * @return a copy with the setting
     * @throws IllegalStateException if this is not a UDP check
     */
    public HealthCheck expectReply(boolean expect) {
        if (kind != Kind.UDP) {
            throw new IllegalStateException("expectReply applies to UDP checks, not to a " + kind + " check");
        }
        return copy(interval, timeout, rise, fall, port, namespace, action, allowAllDown, host, statusLo, statusHi,
                expect);
    }

    Kind kind() {
        return kind;
    }

    /**
     * How often each backend is probed.
     *
     * @return the interval
     */
    public Duration interval() {
        return interval;
    }

    /**
     * How long one probe may take.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Consecutive successes that make a backend healthy.
     *
     * @return the rise threshold
     */
    public int rise() {
        return rise;
    }

    /**
     * Consecutive failures that make a backend unhealthy.
     *
     * @return the fall threshold
     */
    public int fall() {
        return fall;
    }

    /**
     * The port probed, 0 for the backend's.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The network namespace probes are sent from; empty for the data plane's.
     *
     * @return the namespace name or path
     */
    public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
    }

    /**
     * What happens to an unhealthy backend.
     *
     * @return the action
     */
    public Action onFailure() {
        return action;
    }

    /**
     * Whether every backend of the VIP may be taken out of service.
     *
     * @return the setting
     */
    public boolean allowAllDown() {
        return allowAllDown;
    }

    String path() {
        return path;
    }

    Optional<String> host() {
        return Optional.ofNullable(host);
    }

    int statusLo() {
        return statusLo;
    }

    int statusHi() {
        return statusHi;
    }

    @Nullable SSLContext sslContext() {
        return ssl;
    }

    byte[] payload() {
        return payload.clone();
    }

    boolean expectsReply() {
        return expectReply;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HealthCheck h && kind == h.kind && interval.equals(h.interval) && timeout.equals(h.timeout)
                && rise == h.rise && fall == h.fall && port == h.port && Objects.equals(namespace, h.namespace)
                && action == h.action && allowAllDown == h.allowAllDown && path.equals(h.path)
                && Objects.equals(host, h.host) && statusLo == h.statusLo && statusHi == h.statusHi && ssl == h.ssl
                && Arrays.equals(payload, h.payload) && expectReply == h.expectReply;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, interval, timeout, rise, fall, port, namespace, action, path, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case TCP -> "tcp";
            case HTTP, HTTPS -> kind.name().toLowerCase(java.util.Locale.ROOT) + " GET " + path + " expecting "
                    + statusLo + ".." + statusHi + (host == null ? "" : " host " + host);
            case UDP -> "udp " + payload.length + " bytes" + (expectReply ? "" : " (no reply expected)");
        };
        return "HealthCheck[" + what + ", every " + interval.toMillis() + " ms, timeout " + timeout.toMillis()
                + " ms, rise " + rise + ", fall " + fall + (port == 0 ? "" : ", port " + port)
                + (namespace == null ? "" : ", namespace " + namespace) + ", " + action
                + (allowAllDown ? ", all may be down" : "") + "]";
    }
}
