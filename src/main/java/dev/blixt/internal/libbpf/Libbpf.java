package dev.blixt.internal.libbpf;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.blixt.error.DataplaneException;

/**
 * Process-wide libbpf runtime: loading and version check, the print callback that routes libbpf's
 * messages to {@link System.Logger} (logger {@code dev.blixt.bpf.libbpf}), error strings, and a
 * per-thread capture of libbpf's warnings so that exceptions can quote them.
 */
public final class Libbpf {

    private Libbpf() {
    }

    private static final Logger LOG = System.getLogger("dev.blixt.bpf.libbpf");
    private static final int FORMAT_BUFFER = 4096;
    private static final int CAPTURE_LIMIT = 64;

    private static final ThreadLocal<Deque<String>> CAPTURE = new ThreadLocal<>();

    /** Installs the print callback once, after the version check. */
    private static final class Init {
        static final String VERSION;

        static {
            VERSION = libbpf_h.requireLibbpf();
            MemorySegment fn = libbpf_print_fn_t.allocate(Libbpf::print, Arena.global());
            libbpf_h.libbpf_set_print(fn);
        }
    }

    /**
     * Makes sure libbpf 1.0+ is loaded and its messages are routed to {@link System.Logger}.
     *
     * @return the libbpf version, {@code "major.minor"}
     * @throws DataplaneException if libbpf is missing or too old, naming the package to install
     */
    public static String init() {
        libbpf_h.requireLibbpf(); // throws a clear exception before the holder class could fail to initialise
        return Init.VERSION;
    }

    // Runs inside an upcall: must never throw.
    private static int print(int level, MemorySegment fmt, MemorySegment ap) {
        try {
            Level jlevel = level == libbpf_h.LIBBPF_WARN() ? Level.WARNING
                    : level == libbpf_h.LIBBPF_INFO() ? Level.INFO : Level.DEBUG;
            Deque<String> capture = CAPTURE.get();
            boolean wanted = LOG.isLoggable(jlevel) || (capture != null && level != libbpf_h.LIBBPF_DEBUG());
            if (!wanted) {
                return 0;
            }
            String message;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(FORMAT_BUFFER);
                int n = libc_h.vsnprintf(buf, FORMAT_BUFFER, fmt, ap);
                message = buf.getString(0).stripTrailing();
                if (n >= FORMAT_BUFFER) {
                    message += " [truncated]";
                }
            }
            if (capture != null && level != libbpf_h.LIBBPF_DEBUG()) {
                if (capture.size() == CAPTURE_LIMIT) {
                    capture.removeFirst();
                }
                capture.addLast(message);
            }
            // Warnings that are being captured end up in an exception message: log them at DEBUG only.
            Level effective = capture != null && jlevel == Level.WARNING ? Level.DEBUG : jlevel;
            if (LOG.isLoggable(effective)) {
                LOG.log(effective, message);
            }
            return message.length();
        } catch (Throwable t) {
            return 0;
        }
    }

    /** Collects libbpf's warning and info lines printed by the current thread while open. */
    public static final class Capture implements AutoCloseable {
        private final Deque<String> previous;
        private final Deque<String> lines = new ArrayDeque<>();

        private Capture() {
            previous = CAPTURE.get();
            CAPTURE.set(lines);
        }

        /**
         * The lines captured so far, oldest first (at most 64).
         *
         * @return the lines
         */
        public List<String> lines() {
            return new ArrayList<>(lines);
        }

        /**
         * The last {@code n} captured lines joined with "; ", without libbpf's "libbpf: " prefix.
         *
         * @param n how many lines
         * @return the summary, empty if nothing was captured
         */
        public String tail(int n) {
            List<String> all = lines().stream().map(l -> l.startsWith("libbpf: ") ? l.substring(8) : l).toList();
            return String.join("; ", all.subList(Math.max(0, all.size() - n), all.size()));
        }

        @Override
        public void close() {
            if (previous == null) {
                CAPTURE.remove();
            } else {
                previous.addAll(lines);
                CAPTURE.set(previous);
            }
        }
    }

    /**
     * Starts capturing libbpf's messages on the current thread.
     *
     * @return the capture; close it on the same thread
     */
    public static Capture capture() {
        return new Capture();
    }

    /**
     * libbpf's description of an error code ({@code libbpf_strerror}).
     *
     * @param errno a positive or negative errno or libbpf error code
     * @return the description
     */
    public static String strerror(int errno) {
        if (!libbpf_h.isAvailable()) {
            return Errno.name(errno);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            libbpf_h.libbpf_strerror(Math.abs(errno), buf, 256);
            return buf.getString(0);
        }
    }

    /**
     * The number of possible CPUs, the number of values per key of a per-CPU map.
     *
     * @return the count
     * @throws DataplaneException if libbpf cannot tell
     */
    public static int possibleCpus() {
        init();
        int n = libbpf_h.libbpf_num_possible_cpus();
        if (n <= 0) {
            throw new DataplaneException("libbpf_num_possible_cpus failed: " + Errno.name(n) + " (" + strerror(n) + ")");
        }
        return n;
    }
}
