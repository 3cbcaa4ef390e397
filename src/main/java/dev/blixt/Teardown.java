package dev.blixt;

import dev.blixt.error.DataplaneException;
import dev.blixt.internal.attach.Hooks;
import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.Rtnetlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Removes a pinned data plane without opening it ({@link Dataplane#destroy(Path)}): every attachment found
 * through its pins, then the pins. Nothing is loaded or adopted, so it works on pins that cannot be adopted
 * (other map sizes, an older layout, inconsistent contents).
 */
final class Teardown {
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());

    private Teardown() {}

    /**
     * What an error message says about removing a pinned data plane: the call, and honestly what it does.
     *
     * @param pin the pin path, or null when the message does not know it
     */
    static String advice(@Nullable Path pin) {
        return "Dataplane.destroy(" + (pin == null ? "pinPath" : "Path.of(\"" + pin + "\")") + ") removes it: it"
                + " detaches the data plane from every interface it serves (its VIPs are no longer balanced until a data"
                + " plane is opened and routed again) and deletes the pins";
    }

    /**
     * Detaches every attachment of the data plane pinned at {@code pin} and removes the pins.
     *
     * @return false when there was nothing at {@code pin}
     */
    static boolean destroy(Path pin) {
        if (!Files.exists(pin)) return false;
        Path maps = pin.resolve("maps");
        Path links = pin.resolve("links");
        if (!Files.isDirectory(pin) || !Files.isDirectory(maps) && !Files.isDirectory(links)) {
            throw new DataplaneException(pin + " is not a data plane's pin directory (it has neither maps/ nor links/):"
                    + " nothing was removed");
        }
        PinLock lock;
        try {
            lock = PinLock.acquire(pin);
        } catch (DataplaneException e) {
            List<String> owners = PinLock.owners(pin);
            throw new DataplaneException("cannot destroy the data plane pinned at " + pin + ": it is open ("
                    + (owners.isEmpty() ? e.getMessage() : "held by " + String.join(", ", owners)) + "). Call destroy()"
                    + " on that data plane, or close() it and call Dataplane.destroy again; nothing was removed", e);
        }
        try {
            Set<Integer> mapIds = new HashSet<>();
            for (Path m : list(maps)) {
                int id = Hooks.pinnedMapId(m);
                if (id != 0) mapIds.add(id);
            }
            for (Path l : list(links)) {
                int ret = Hooks.detachPinnedLink(l);
                if (ret != 0 && -ret != Errno.ENOENT) {
                    LOG.log(System.Logger.Level.WARNING, "could not detach the link pinned at {0}: {1}", l,
                            Errno.name(-ret));
                } else {
                    LOG.log(System.Logger.Level.INFO, "detached the link pinned at {0}", l);
                }
            }
            // Attachments that no pin holds (legacy tc filters, XDP through netlink): ours when the program uses
            // the pinned maps. Looked for in the calling thread's network namespace.
            if (!mapIds.isEmpty()) {
                for (Rtnetlink.Link link : Rtnetlink.links()) Attacher.removeAll(link.ifindex(), link.name(), mapIds);
            }
            Pins.remove(pin);
            LOG.log(System.Logger.Level.INFO, "destroyed the data plane pinned at {0}", pin);
            return true;
        } finally {
            lock.close();
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new DataplaneException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
