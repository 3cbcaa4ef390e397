package dev.blixt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a system command for tests, with a timeout, and returns its output. */
public final class Cmd {

    private Cmd() {
    }

    /** The result of a command. */
    public record Result(int exitCode, String stdout, String stderr) {
        /**
         * Whether the command succeeded.
         *
         * @return exit code 0
         */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs a command; never throws for a non-zero exit.
     *
     * @param command the command and its arguments
     * @return exit code and output
     */
    public static Result exec(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // Small outputs only: read after exit would risk a full pipe, so read concurrently.
            var out = p.getInputStream();
            var err = p.getErrorStream();
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    stderr.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // best effort
                }
            });
            stdout.append(new String(out.readAllBytes(), StandardCharsets.UTF_8));
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("command timed out: " + String.join(" ", command));
            }
            t.join();
            return new Result(p.exitValue(), stdout.toString(), stderr.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    /**
     * Runs a command and fails if it does.
     *
     * @param command the command and its arguments
     * @return its standard output
     */
    public static String run(String... command) {
        Result r = exec(command);
        if (!r.ok()) {
            throw new IllegalStateException("command failed (exit " + r.exitCode() + "): " + String.join(" ", command)
                    + "\n" + r.stderr() + r.stdout());
        }
        return r.stdout();
    }

    /**
     * Runs a command given as a list.
     *
     * @param command the command and its arguments
     * @return its standard output
     */
    public static String run(List<String> command) {
        return run(command.toArray(String[]::new));
    }
}
