package dev.blixt.examples.grpc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Network namespaces for the privileged tests: named {@code bgrpc-<pid>-<n>-<role>}, deleted on
 * close (and, when a test JVM died, by the next run). Code runs inside one on a fresh platform
 * thread that calls {@code setns(2)}; sockets opened there belong to that namespace.
 */
@SuppressWarnings("restricted")
final class Netns implements AutoCloseable {
    private static final String PREFIX = "bgrpc-";
    private static final Pattern OWNED = Pattern.compile(PREFIX + "(\\d+)-.*");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SETNS = LINKER.downcallHandle(LINKER.defaultLookup().find("setns").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final String prefix;
    private final List<String> names = new ArrayList<>();

    private Netns(String prefix) {
        this.prefix = prefix;
    }

    /** A set of namespaces sharing one unique prefix. */
    static Netns create() {
        cleanLeftovers();
        return new Netns(PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
    }

    /** Adds namespace {@code <prefix>-<role>} with loopback up; returns its name. */
    String add(String role) {
        String name = prefix + "-" + role;
        run("ip", "netns", "add", name);
        names.add(name);
        run("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /** Joins two namespaces with a veth pair, both ends up. */
    static void veth(String nsA, String ifA, String nsB, String ifB) {
        run("ip", "-n", nsA, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", nsB);
        run("ip", "-n", nsA, "link", "set", ifA, "up");
        run("ip", "-n", nsB, "link", "set", ifB, "up");
    }

    /** {@code ip -n ns ARGS}. */
    static String ip(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** Runs {@code task} inside {@code ns} on a new platform thread and returns its result. */
    static <T> T call(String ns, Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name("netns-" + ns).start(() -> {
            try {
                enter(ns);
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        } finally {
            t.join(1000);
        }
    }

    private static void enter(String ns) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment path = arena.allocateFrom("/var/run/netns/" + ns, StandardCharsets.UTF_8);
            int fd = (int) OPEN.invokeExact(state, path, O_RDONLY_CLOEXEC, 0);
            if (fd < 0) throw new IllegalStateException("open /var/run/netns/" + ns + ": errno " + (int) ERRNO.get(state, 0L));
            try {
                int rc = (int) SETNS.invokeExact(state, fd, CLONE_NEWNET);
                if (rc != 0) throw new IllegalStateException("setns " + ns + ": errno " + (int) ERRNO.get(state, 0L));
            } finally {
                int closed = (int) CLOSE.invokeExact(fd);
                assert closed == 0 || closed == -1;
            }
        }
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.strip());
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    /** Deletes the namespaces (and so their veths). */
    @Override
    public void close() {
        for (String n : names.reversed()) {
            try {
                run("ip", "netns", "del", n);
            } catch (IllegalStateException e) {
                System.err.println("warning: " + e.getMessage());
            }
        }
        names.clear();
    }

    /** Deletes namespaces left by test JVMs that no longer run. */
    static void cleanLeftovers() {
        Path dir = Path.of("/var/run/netns");
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher m = OWNED.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    try {
                        run("ip", "netns", "del", p.getFileName().toString());
                    } catch (IllegalStateException ignored) {
                        // another run may be removing it
                    }
                }
            }
        } catch (IOException ignored) {
            // nothing to clean
        }
    }
}
