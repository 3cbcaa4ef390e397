package dev.blixt.sandbox;

import dev.blixt.error.DataplaneException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs system commands (ip, ethtool) with a time limit and turns failures into clear exceptions. */
final class Commands {
    /** The longest any one command may take. */
    static final long TIMEOUT_SECONDS = 30;

    private Commands() {}

    /** The outcome of a command. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs a command and returns its outcome, whatever the exit code. */
    static Result exec(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new DataplaneException("cannot run '" + command.getFirst() + "' (" + e.getMessage() + ")"
                    + hint(command.getFirst()), e);
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()),
                r -> Thread.ofVirtual().start(r));
        try {
            String out = read(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DataplaneException("command timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), out, err.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DataplaneException("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DataplaneException("cannot read the output of " + String.join(" ", command), e);
        }
    }

    /** Runs a command and fails with its error output unless it succeeds; returns its standard output. */
    static String run(List<String> command) {
        Result r = exec(command);
        if (!r.ok()) {
            throw new DataplaneException("command failed (exit " + r.exitCode() + "): " + String.join(" ", command)
                    + ": " + (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip());
        }
        return r.stdout();
    }

    static String run(String... command) {
        return run(List.of(command));
    }

    /** Fails with what to install unless {@code program} is an executable on the PATH (or in /sbin, /usr/sbin). */
    static void require(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program))) return;
        }
        throw new DataplaneException("'" + program + "' was not found" + hint(program));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String hint(String program) {
        return switch (program) {
            case "ip" -> ": install iproute2 (apt-get install iproute2)";
            case "ethtool" -> ": install ethtool (apt-get install ethtool)";
            default -> ": is it installed and on the PATH?";
        };
    }
}
