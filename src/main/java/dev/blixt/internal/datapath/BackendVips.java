package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Value of the {@code backend_vips} map: the (VIP id, backend id) pairs a backend serves.
 *
 * @param refs at most {@link Layouts#MAX_VIPS_PER_BACKEND} pairs
 */
public record BackendVips(List<Ref> refs) {
    /**
     * One VIP a backend serves, and the backend's id under that VIP.
     *
     * @param vipId the VIP id
     * @param backendId the backend id
     */
    public record Ref(int vipId, int backendId) {}

    /** Validates and copies the list. */
    public BackendVips {
        if (refs.size() > Layouts.MAX_VIPS_PER_BACKEND) {
            throw new IllegalArgumentException("a backend serves at most " + Layouts.MAX_VIPS_PER_BACKEND
                    + " VIPs, got " + refs.size());
        }
        refs = List.copyOf(refs);
    }

    /** Writes this value in the layout of {@link Layouts#BACKEND_VIPS}. */
    public void encode(MemorySegment dst) {
        dst.fill((byte) 0);
        dst.set(JAVA_INT, 0, refs.size());
        for (int i = 0; i < refs.size(); i++) {
            dst.set(JAVA_INT, 8 + 8L * i, refs.get(i).vipId());
            dst.set(JAVA_INT, 12 + 8L * i, refs.get(i).backendId());
        }
    }

    /** Reads a value in the layout of {@link Layouts#BACKEND_VIPS}. */
    public static BackendVips decode(MemorySegment src) {
        int n = Math.min(src.get(JAVA_INT, 0), Layouts.MAX_VIPS_PER_BACKEND);
        List<Ref> refs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) refs.add(new Ref(src.get(JAVA_INT, 8 + 8L * i), src.get(JAVA_INT, 12 + 8L * i)));
        return new BackendVips(refs);
    }
}
