package dev.blixt.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A unique directory on bpffs, {@code /sys/fs/bpf/blixt-test-<pid>-<counter>}, removed with everything
 * pinned in it on close. Mounts bpffs at /sys/fs/bpf when it is missing (root only).
 */
public final class TestPins implements AutoCloseable {

    /** The prefix of every pin directory the tests create. */
    public static final String PREFIX = "blixt-test-";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path dir;

    private TestPins(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates the directory.
     *
     * @return the pin directory; close it
     */
    public static TestPins create() {
        ensureBpffs();
        TestNetns.cleanLeftovers();
        Path dir = Path.of("/sys/fs/bpf", PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e, e);
        }
        return new TestPins(dir);
    }

    /** Mounts bpffs at /sys/fs/bpf if nothing of type bpf is mounted there. */
    public static synchronized void ensureBpffs() {
        try {
            boolean mounted = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .map(l -> l.split(" "))
                    .anyMatch(f -> f.length > 2 && f[1].equals("/sys/fs/bpf") && f[2].equals("bpf"));
            if (!mounted) {
                Cmd.run("mount", "-t", "bpf", "bpf", "/sys/fs/bpf");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/mounts", e);
        }
    }

    /**
     * The directory.
     *
     * @return the path
     */
    public Path dir() {
        return dir;
    }

    /**
     * A path inside the directory.
     *
     * @param name the file name
     * @return the path
     */
    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Unpins everything inside and removes the directory. */
    @Override
    public void close() {
        TestNetns.deleteTree(dir);
    }
}
