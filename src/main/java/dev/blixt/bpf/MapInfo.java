package dev.blixt.bpf;

import java.util.Objects;

/**
 * The description of a map of a {@link BpfObject} (available before load) or of an opened map.
 *
 * @param name the map's name
 * @param type the map type
 * @param typeName libbpf's name of the type, for instance {@code "lru_hash"}
 * @param keySize the key size in bytes
 * @param valueSize the value size in bytes (per CPU for per-CPU maps)
 * @param maxEntries the capacity
 */
public record MapInfo(String name, MapType type, String typeName, int keySize, int valueSize, int maxEntries) {
    /**
     * Validates the description.
     *
     * @param name the map's name
     * @param type the map type
     * @param typeName libbpf's name of the type
     * @param keySize the key size, at least 0
     * @param valueSize the value size, at least 0
     * @param maxEntries the capacity, at least 0
     * @throws IllegalArgumentException if a size is negative
     */
    public MapInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(typeName, "typeName");
        if (keySize < 0 || valueSize < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("map '" + name + "': negative size (key " + keySize + ", value "
                    + valueSize + ", max entries " + maxEntries + ")");
        }
    }
}
