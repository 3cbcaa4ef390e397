package dev.blixt.bpf;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The lifetime of a native owner. Operations run under the read lock and check that the owner is open;
 * closing takes the write lock, so it waits for running operations and no fd is used after it was closed
 * (and possibly reused by the process for something else).
 */
final class Guard {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Supplier<String> what;
    private volatile boolean closed;

    Guard(Supplier<String> what) {
        this.what = what;
    }

    /** Enters an operation; pair with {@link #exit()} in a finally block. */
    void enter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new IllegalStateException(what.get() + " is closed");
        }
    }

    void exit() {
        lock.readLock().unlock();
    }

    <T> T call(Supplier<T> op) {
        enter();
        try {
            return op.get();
        } finally {
            exit();
        }
    }

    void run(Runnable op) {
        enter();
        try {
            op.run();
        } finally {
            exit();
        }
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException(what.get() + " is closed");
        }
    }

    /**
     * Runs {@code release} once, exclusively, and marks the owner closed.
     *
     * @return {@code false} if it was already closed
     */
    boolean close(Runnable release) {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException("cannot close " + what.get() + " from inside one of its operations");
        }
        lock.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            release.run();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
