package dev.blixt.maglev;

import java.util.Objects;

/**
 * One node (backend) of a Maglev table.
 *
 * @param id the value the table stores in the node's slots; at least 1, because 0 marks an empty slot in
 *     the data path
 * @param key the node's canonical identity, which alone decides its preferred slots, for example
 *     {@code "198.18.1.2:8080"}; every load balancer node must use the same key for the same backend
 * @param weight the node's relative weight; 0 keeps the node known but gives it no slots (draining)
 */
public record MaglevNode(int id, String key, int weight) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if {@code id < 1}, {@code key} is empty or {@code weight < 0}
     * @throws NullPointerException if {@code key} is null
     */
    public MaglevNode {
        Objects.requireNonNull(key, "key");
        if (id < 1) {
            throw new IllegalArgumentException("node id must be at least 1 (0 marks an empty slot), got " + id);
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("node key must not be empty (node id " + id + ")");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("node weight must be at least 0, got " + weight + " for node "
                    + id + " (" + key + ")");
        }
    }
}
