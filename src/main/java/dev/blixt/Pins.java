package dev.blixt;

import dev.blixt.error.DataplaneException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A data plane's pin directory: {@code maps/} and {@code links/} under a path on bpffs. */
final class Pins {
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());

    private Pins() {}

    /**
     * Creates maps/ and links/ under a pin path that must be on bpffs.
     *
     * @return the outermost directory this call created (the pin path or one of its ancestors), or null
     *     when the pin path existed: what a failed open removes again ({@link #removeQuietly})
     */
    static @Nullable Path createDirectories(Path pin) {
        requireBpffs(pin); // before creating anything: a refused pin path leaves nothing behind
        Path created = null;
        for (Path p = pin.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) created = p;
        try {
            Files.createDirectories(pin.resolve("maps"));
            Files.createDirectories(pin.resolve("links"));
            return created;
        } catch (IOException e) {
            throw new DataplaneException("cannot create the pin directory " + pin + " (" + e.getMessage()
                    + "): it must be on a bpffs mount such as /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf)", e);
        }
    }

    /**
     * Refuses a pin path that is not on bpffs, judged by its nearest existing ancestor, so that an open
     * that would fail at pinning creates no directory first.
     */
    static void requireBpffs(Path pin) {
        Path existing = pin.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return;
        String type;
        try {
            type = Files.getFileStore(existing).type();
        } catch (IOException e) {
            return; // cannot tell: let pinning report the problem
        }
        if (!"bpf".equals(type)) {
            throw new DataplaneException("the pin path " + pin + " is not on a bpffs mount (" + existing + " is on "
                    + type + "): choose a path under a bpffs mount such as /sys/fs/bpf/<name>, mounting it first if"
                    + " needed (mount -t bpf bpf /sys/fs/bpf); nothing was created");
        }
    }

    /**
     * Removes what a failed open pinned under a pin path, and the directories it created: from the pin path up
     * to {@code created} (null: the pin path existed before, keep it).
     */
    static void removeQuietly(Path pin, @Nullable Path created) {
        try {
            removeMapsAndLinks(pin);
            if (created == null) return;
            Path stop = created.toAbsolutePath().normalize().getParent();
            for (Path p = pin.toAbsolutePath().normalize(); p != null && !p.equals(stop); p = p.getParent()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove what the failed open pinned under " + pin + ": "
                    + e.getMessage());
        }
    }

    /** Removes the pinned maps and links and the pin directory. */
    static void remove(Path pin) {
        removeMapsAndLinks(pin);
        try {
            Files.deleteIfExists(pin);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove " + pin + ": " + e.getMessage());
        }
    }

    private static void removeMapsAndLinks(Path pin) {
        for (String sub : List.of("maps", "links")) {
            Path dir = pin.resolve(sub);
            if (!Files.isDirectory(dir)) continue;
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("removing pins under " + dir, e);
            }
        }
    }
}
