package dev.blixt.internal.netns;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.blixt.error.DataplaneException;

/**
 * Runs code inside a named network namespace (one created by {@code ip netns add NAME}, bound at
 * {@code /var/run/netns/NAME}).
 *
 * <p>A namespace belongs to a thread, so the code always runs on a dedicated <em>platform</em> thread
 * that first calls {@code setns(fd, CLONE_NEWNET)}: never on a virtual thread, whose carrier could change.
 * Sockets, interface lookups and attachments made there belong to that namespace.
 *
 * <pre>{@code
 * int ifindex = NetNamespace.callIn("lb", () -> ...);      // one-off
 * try (NetNamespace.Bound lb = NetNamespace.enter("lb")) { // many calls on one thread
 *     lb.call(() -> ...);
 * }
 * }</pre>
 */
public final class NetNamespace {

    private static final Logger LOG = System.getLogger(NetNamespace.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private NetNamespace() {
    }

    /**
     * Checks a {@code networkNamespace} setting: a plain name (as {@code ip netns add} makes it), or an
     * absolute path to a namespace file.
     *
     * @param nameOrPath the setting
     * @return the setting
     * @throws IllegalArgumentException if the name is not a plain file name or the path is relative
     */
    public static String checkSetting(String nameOrPath) {
        java.util.Objects.requireNonNull(nameOrPath, "nameOrPath");
        if (!nameOrPath.contains("/")) {
            path(nameOrPath); // checks the name
        } else if (!nameOrPath.startsWith("/")) {
            throw new IllegalArgumentException("networkNamespace: a path must be absolute, got '" + nameOrPath + "'");
        }
        return nameOrPath;
    }

    /**
     * The bind-mount path of a named namespace.
     *
     * @param name the namespace name
     * @return {@code /var/run/netns/NAME}
     * @throws IllegalArgumentException if the name is not a plain file name
     */
    public static Path path(String name) {
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid network namespace name: '" + name + "'");
        }
        return Path.of("/var/run/netns", name);
    }

    /**
     * Runs {@code task} on a new platform thread inside namespace {@code nsName} and waits for it.
     *
     * @param <T> the result type
     * @param nsName the namespace name
     * @param task the work
     * @return its result
     * @throws DataplaneException if the namespace does not exist or cannot be entered; a checked exception
     *     thrown by the task is wrapped in one (unchecked ones pass through)
     */
    public static <T> T callIn(String nsName, Callable<T> task) {
        String path = path(nsName).toString();
        return callOnThread(nsName, () -> enterPath(path), task);
    }

    /**
     * Runs {@code task} on a new platform thread inside the namespace bound at {@code path} (a file
     * under /run/netns, or /proc/PID/ns/net) and waits for it.
     *
     * @param <T> the result type
     * @param path the namespace file
     * @param task the work
     * @return its result
     * @throws DataplaneException if the namespace does not exist or cannot be entered
     */
    public static <T> T callInPath(Path path, Callable<T> task) {
        String p = path.toString();
        return callOnThread(path.getFileName() == null ? p : path.getFileName().toString(), () -> enterPath(p), task);
    }

    /**
     * Moves the calling platform thread into namespace {@code nsName} for good (for threads made to
     * work there, such as a thread factory's).
     *
     * @param nsName the namespace name
     * @throws IllegalStateException on a virtual thread, whose carrier could change
     * @throws DataplaneException if the namespace does not exist or cannot be entered
     */
    public static void enterCurrentThread(String nsName) {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("a virtual thread cannot enter a network namespace");
        }
        enterPath(path(nsName).toString());
    }

    private static void enterPath(String path) {
        int fd = NetnsRef.open(path);
        try {
            NetnsRef.enter(fd, path);
        } finally {
            NetnsRef.closeFd(fd);
        }
    }

    /**
     * Runs {@code task} on a new platform thread inside namespace {@code nsName} and waits for it.
     *
     * @param nsName the namespace name
     * @param task the work
     * @throws DataplaneException if the namespace does not exist or cannot be entered
     */
    public static void runIn(String nsName, Runnable task) {
        callIn(nsName, () -> {
            task.run();
            return null;
        });
    }

    static <T> T callOnThread(String what, Runnable enter, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().daemon().name("netns-" + what + "-" + THREADS.incrementAndGet()).unstarted(() -> {
            try {
                enter.run();
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataplaneException("interrupted while waiting for work in network namespace " + what, e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause(), what);
        }
    }

    private static RuntimeException rethrow(Throwable cause, String what) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new DataplaneException("in network namespace " + what + ": " + cause, cause);
    }

    /**
     * A factory of daemon platform threads that enter namespace {@code nsName} before running their
     * task, for executors. A thread that cannot enter it does not run its task (the failure goes to its
     * uncaught-exception handler).
     *
     * @param nsName the namespace name
     * @return the thread factory
     * @throws IllegalArgumentException if the name is not a plain file name
     */
    public static java.util.concurrent.ThreadFactory threadFactory(String nsName) {
        String path = path(nsName).toString();
        return task -> Thread.ofPlatform().daemon().name("netns-" + nsName + "-" + THREADS.incrementAndGet()).unstarted(() -> {
            int fd = NetnsRef.open(path);
            try {
                NetnsRef.enter(fd, path);
            } finally {
                NetnsRef.closeFd(fd);
            }
            task.run();
        });
    }

    /**
     * As {@link #threadFactory(String)}, for a namespace named by a setting ({@link #checkSetting}): a name or an
     * absolute path to a namespace file.
     *
     * @param nameOrPath the namespace name or path
     * @return the thread factory
     * @throws IllegalArgumentException if the setting is invalid
     */
    public static java.util.concurrent.ThreadFactory threadFactoryAt(String nameOrPath) {
        checkSetting(nameOrPath);
        if (!nameOrPath.startsWith("/")) return threadFactory(nameOrPath);
        return task -> Thread.ofPlatform().daemon().name("netns-" + nameOrPath + "-" + THREADS.incrementAndGet())
                .unstarted(() -> {
                    int fd = NetnsRef.open(nameOrPath);
                    try {
                        NetnsRef.enter(fd, nameOrPath);
                    } finally {
                        NetnsRef.closeFd(fd);
                    }
                    task.run();
                });
    }

    /**
     * Starts a long-lived platform thread inside namespace {@code nsName}; everything submitted to the
     * returned executor runs on that one thread, in submission order.
     *
     * @param nsName the namespace name
     * @return the executor; close it to stop the thread
     * @throws DataplaneException if the namespace does not exist or cannot be entered
     */
    public static Bound enter(String nsName) {
        return new Bound(nsName, path(nsName).toString());
    }

    /** An executor bound to one platform thread inside a network namespace. */
    public static final class Bound implements Executor, AutoCloseable {
        private static final Runnable STOP = () -> { };

        private final String name;
        private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Thread thread;

        private Bound(String name, String path) {
            this.name = name;
            CompletableFuture<@Nullable Void> entered = new CompletableFuture<>();
            thread = Thread.ofPlatform().daemon().name("netns-" + name + "-" + THREADS.incrementAndGet()).unstarted(() -> {
                try {
                    int fd = NetnsRef.open(path);
                    try {
                        NetnsRef.enter(fd, path);
                    } finally {
                        NetnsRef.closeFd(fd);
                    }
                } catch (Throwable e) {
                    entered.completeExceptionally(e);
                    return;
                }
                entered.complete(null);
                loop();
            });
            thread.start();
            try {
                entered.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataplaneException("interrupted while entering network namespace " + name, e);
            } catch (ExecutionException e) {
                throw rethrow(e.getCause(), name);
            }
        }

        private void loop() {
            while (true) {
                Runnable r;
                try {
                    r = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (r == STOP) {
                    return;
                }
                try {
                    r.run();
                } catch (Throwable e) {
                    LOG.log(Level.WARNING, "task in network namespace " + name + " failed", e);
                }
            }
        }

        /**
         * The namespace name.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * Queues {@code command} to run on the namespace's thread; failures are logged.
         *
         * @param command the work
         * @throws IllegalStateException if closed
         */
        @Override
        public void execute(Runnable command) {
            if (closed.get()) {
                throw new IllegalStateException("executor for network namespace " + name + " is closed");
            }
            queue.add(command);
        }

        /**
         * Runs {@code task} on the namespace's thread and waits for its result.
         *
         * @param <T> the result type
         * @param task the work
         * @return its result
         * @throws IllegalStateException if closed
         * @throws DataplaneException wrapping a checked exception of the task (unchecked ones pass through)
         */
        public <T> T call(Callable<T> task) {
            if (Thread.currentThread() == thread) {
                try {
                    return task.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw rethrow(e, name);
                }
            }
            FutureTask<T> f = new FutureTask<>(task);
            execute(f);
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataplaneException("interrupted while waiting for work in network namespace " + name, e);
            } catch (ExecutionException e) {
                throw rethrow(e.getCause(), name);
            }
        }

        /**
         * Runs {@code task} on the namespace's thread and waits for it.
         *
         * @param task the work
         * @throws IllegalStateException if closed
         */
        public void run(Runnable task) {
            call(() -> {
                task.run();
                return null;
            });
        }

        /** Lets queued work finish, then stops the thread. Idempotent. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                queue.add(STOP);
                if (Thread.currentThread() != thread) {
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }
}
