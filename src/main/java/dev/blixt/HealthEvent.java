package dev.blixt;

import java.time.Instant;
import java.util.Objects;

/**
 * A backend's health state changed ({@link Dataplane#onHealthChange}).
 *
 * @param vip the VIP whose check probed it
 * @param endpoint the backend's address and port
 * @param from the state before
 * @param to the state now
 * @param reason why: the probe's last error, or what was done about it (for example that the backend was kept
 *     serving because every backend of the VIP is down)
 * @param time when the change was decided
 */
public record HealthEvent(Vip vip, Endpoint endpoint, HealthState from, HealthState to, String reason, Instant time) {
    /**
     * Validates.
     *
     * @throws NullPointerException if an argument is null
     */
    public HealthEvent {
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(time, "time");
    }
}
