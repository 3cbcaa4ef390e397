package dev.blixt;

/** What the health check of a VIP knows of one of its backends ({@link Dataplane#health(Vip)}). */
public enum HealthState {
    /** Not yet probed enough to tell: counts as healthy (a new backend serves until its first fall threshold). */
    UNKNOWN,
    /** The last {@link HealthCheck#rise()} probes (at least) succeeded. */
    HEALTHY,
    /** The last {@link HealthCheck#fall()} probes (at least) failed: drained or removed, per the check's action. */
    UNHEALTHY
}
