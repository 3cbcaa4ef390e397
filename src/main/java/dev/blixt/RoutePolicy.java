package dev.blixt;

import java.util.Objects;

/**
 * A route's traffic policy: how its new flows pick a backend and which clients may open them. Part of
 * every {@link Route}; set with {@link Dataplane.RouteBuilder#affinity(Affinity)} and {@link
 * Dataplane.RouteBuilder#sourceRanges(SourceRanges)} (each kept when a later update does not name it).
 *
 * @param affinity what the hash that picks a new flow's backend covers
 * @param sources which clients may open flows
 */
public record RoutePolicy(Affinity affinity, SourceRanges sources) {
    /** The policy of a route that sets none: {@link Affinity#NONE}, {@link SourceRanges#ANY}. */
    public static final RoutePolicy DEFAULT = new RoutePolicy(Affinity.NONE, SourceRanges.ANY);

    /**
     * Validates.
     *
     * @throws NullPointerException if an argument is null
     */
    public RoutePolicy {
        Objects.requireNonNull(affinity, "affinity");
        Objects.requireNonNull(sources, "sources");
    }

    /**
     * This policy with another affinity.
     *
     * @param affinity the affinity
     * @return the new policy
     */
    public RoutePolicy withAffinity(Affinity affinity) {
        return new RoutePolicy(affinity, sources);
    }

    /**
     * This policy with other source ranges.
     *
     * @param sources the ranges
     * @return the new policy
     */
    public RoutePolicy withSources(SourceRanges sources) {
        return new RoutePolicy(affinity, sources);
    }
}
