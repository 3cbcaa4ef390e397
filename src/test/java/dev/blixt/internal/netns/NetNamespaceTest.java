package dev.blixt.internal.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;

import dev.blixt.error.DataplaneException;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;

class NetNamespaceTest {

    @Test
    void namesAreValidated() {
        assertThat(NetNamespace.path("lb-1").toString()).isEqualTo("/var/run/netns/lb-1");
        assertThatThrownBy(() -> NetNamespace.path("../etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../etc");
        assertThatThrownBy(() -> NetNamespace.path("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetNamespace.path("..")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Privileged
    void callInRunsOnAPlatformThreadInsideTheNamespace() {
        try (TestNetns net = TestNetns.create()) {
            long here = NetnsRef.currentInode();
            long there = NetNamespace.callIn(net.nsA(), NetnsRef::currentInode);
            assertThat(there).isNotEqualTo(here);
            assertThat(NetNamespace.callIn(net.nsA(), () -> Thread.currentThread().isVirtual())).isFalse();
            assertThat(NetnsRef.currentInode()).isEqualTo(here);
            assertThat(NetNamespace.callIn(net.nsB(), NetnsRef::currentInode)).isNotEqualTo(there);
            assertThatThrownBy(() -> NetNamespace.callIn(net.nsA(), () -> {
                throw new IOException("boom");
            })).isInstanceOf(DataplaneException.class).hasMessageContaining("boom").hasMessageContaining(net.nsA());
            assertThatThrownBy(() -> NetNamespace.runIn(net.nsA(), () -> {
                throw new IllegalStateException("unchecked passes through");
            })).isInstanceOf(IllegalStateException.class).hasMessage("unchecked passes through");
        }
    }

    @Test
    @Privileged
    @SuppressWarnings("try") // closes explicitly to check use after close
    void aBoundExecutorRunsEverythingOnOneThreadInTheNamespace() {
        try (TestNetns net = TestNetns.create()) {
            long expected = NetNamespace.callIn(net.nsA(), NetnsRef::currentInode);
            ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            try (NetNamespace.Bound ns = NetNamespace.enter(net.nsA())) {
                assertThat(ns.name()).isEqualTo(net.nsA());
                for (int i = 0; i < 5; i++) {
                    ns.execute(() -> {
                        seen.add(NetnsRef.currentInode());
                        synchronized (threads) {
                            threads.add(Thread.currentThread());
                        }
                    });
                }
                ns.execute(() -> {
                    throw new IllegalStateException("logged, the thread survives");
                });
                assertThat(ns.call(NetnsRef::currentInode)).isEqualTo(expected);
                assertThat(ns.call(() -> ns.call(() -> 42))).isEqualTo(42); // re-entrant
                ns.close();
                assertThatThrownBy(() -> ns.run(() -> { })).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("closed");
            }
            assertThat(seen).hasSize(5).containsOnly(expected);
            assertThat(threads).hasSize(5).allMatch(t -> t == threads.getFirst());
        }
    }

    @Test
    @Privileged
    void aMissingNamespaceIsAClearError() {
        assertThatThrownBy(() -> NetNamespace.callIn("blixt-t-does-not-exist", () -> 1))
                .isInstanceOf(DataplaneException.class).hasMessageContaining("/var/run/netns/blixt-t-does-not-exist")
                .hasMessageContaining("ENOENT");
        assertThatThrownBy(() -> NetNamespace.enter("blixt-t-does-not-exist")).isInstanceOf(DataplaneException.class);
    }

    @Test
    @Privileged
    void aReferenceRunsWorkBackInItsNamespace() {
        try (TestNetns net = TestNetns.create()) {
            long there = NetNamespace.callIn(net.nsA(), NetnsRef::currentInode);
            NetnsRef ref = NetNamespace.callIn(net.nsA(), NetnsRef::current);
            try {
                assertThat(ref.inode()).isEqualTo(there);
                assertThat(ref.call(NetnsRef::currentInode)).isEqualTo(there);
            } finally {
                ref.close();
            }
            assertThatThrownBy(() -> ref.call(() -> 1)).isInstanceOf(IllegalStateException.class);
        }
    }
}
