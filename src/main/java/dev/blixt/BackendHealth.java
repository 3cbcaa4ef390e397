package dev.blixt;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of one backend of a VIP, as its check sees it ({@link VipHealth#backends()}).
 *
 * @param state the state
 * @param successes consecutive successful probes (0 after a failure)
 * @param failures consecutive failed probes (0 after a success)
 * @param lastError why the last failed probe failed; empty before the first failure
 * @param since when the backend entered its state
 * @param keptServing true when the backend is unhealthy but still takes new flows, because every backend of the
 *     VIP is down and the check does not {@linkplain HealthCheck#allowAllDown(boolean) allow all down}
 */
public record BackendHealth(HealthState state, int successes, int failures, Optional<String> lastError, Instant since,
        boolean keptServing) {
    /**
     * Validates.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a count is negative
     */
    public BackendHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(since, "since");
        if (successes < 0 || failures < 0) {
            throw new IllegalArgumentException("probe counts cannot be negative: " + successes + ", " + failures);
        }
    }
}
