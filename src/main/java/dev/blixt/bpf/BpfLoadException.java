package dev.blixt.bpf;

import java.io.Serial;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Loading a BPF object failed: a map could not be created or the verifier rejected a program.
 * {@link #verifierLog()} holds the tail of the kernel's log, where the verifier says which instruction
 * it rejected and why.
 */
public class BpfLoadException extends BpfException {
    @Serial private static final long serialVersionUID = 1L;

    /** How many lines of the verifier log are kept. */
    public static final int LOG_TAIL_LINES = 40;

    /** The last lines of the kernel's verifier log. */
    private final String verifierLog;

    /**
     * Creates the exception.
     *
     * @param operation what was attempted, for instance {@code "loading BPF object 'blixt'"}
     * @param errno the error number
     * @param hint what the caller should do, or {@code null} for the generic hint of the errno
     * @param verifierLog the kernel's log; only its last {@value #LOG_TAIL_LINES} lines are kept
     */
    public BpfLoadException(String operation, int errno, @Nullable String hint, String verifierLog) {
        super(operation, errno, hint);
        this.verifierLog = tail(verifierLog, LOG_TAIL_LINES);
    }

    /**
     * The last lines of the kernel's verifier log, empty if the kernel wrote none.
     *
     * @return the log tail
     */
    public String verifierLog() {
        return verifierLog;
    }

    static String tail(String log, int lines) {
        List<String> all = log.strip().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
