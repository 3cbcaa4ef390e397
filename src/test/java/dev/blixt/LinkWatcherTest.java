package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;
import dev.blixt.testing.TestPins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The watcher of a data plane's interfaces: a daemon thread per open data plane that stops on close and
 * destroy and leaks no file descriptor; it sees an interface go and come back in the data plane's namespace.
 */
@Privileged
class LinkWatcherTest {

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static List<Thread> watchers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("blixt-links-")).toList();
    }

    private static void cycle(DataplaneConfig plain, DataplaneConfig pinned) {
        try (Dataplane dp = Dataplane.open(plain)) {
            assertThat(watchers()).as("one watcher per open data plane").hasSize(1).allMatch(Thread::isDaemon);
            assertThat(dp.attachments()).allMatch(InterfaceAttachment::attached);
        }
        Dataplane dp = Dataplane.open(pinned);
        dp.close();
        dp.destroy();
        assertThat(watchers()).as("no watcher after close and destroy").isEmpty();
    }

    @Test
    void openCloseAndDestroyCyclesLeakNoThreadAndNoFileDescriptor() throws IOException {
        try (TestNetns net = TestNetns.create();
             TestPins pins = TestPins.create()) {
            DataplaneConfig plain = net.dataplaneConfig().build();
            DataplaneConfig pinned = net.dataplaneConfig().pinPath(pins.resolve("dp")).build();
            cycle(plain, pinned); // warm up: classes, libbpf's one-time probes
            cycle(plain, pinned);
            long before = openFds();
            for (int i = 0; i < 10; i++) cycle(plain, pinned);
            assertThat(openFds()).as("open fds after 10 cycles (before: %d)", before).isLessThanOrEqualTo(before);
        }
    }

    /** Without traffic: the events and the report when the interface goes and comes back (a veth in a test namespace). */
    @Test
    void anInterfaceDeletedAndReCreatedIsReportedAndReAttached() throws InterruptedException {
        try (TestNetns net = TestNetns.create();
             Dataplane dp = Dataplane.open(net.dataplaneConfig().attachMode(AttachMode.AUTO).build())) {
            BlockingQueue<InterfaceEvent> events = new LinkedBlockingQueue<>();
            dp.onInterfaceEvent(e -> {
                throw new IllegalStateException("a failing listener does not stop the others");
            });
            dp.onInterfaceEvent(events::add);
            int first = dp.attachments().get(0).ifindex();
            TestNetns.ip(net.nsA(), "link", "del", net.vethA());
            InterfaceEvent gone = events.poll(10, TimeUnit.SECONDS);
            assertThat(gone).isNotNull();
            assertThat(gone.type()).isEqualTo(InterfaceEvent.Type.DETACHED);
            assertThat(gone.detail()).contains("deleted").contains("not balanced");
            assertThat(dp.attachments().get(0).attached()).isFalse();

            TestNetns.ip(net.nsA(), "link", "add", net.vethA(), "type", "veth", "peer", "name", "spare-b");
            InterfaceEvent back = events.poll(10, TimeUnit.SECONDS);
            assertThat(back).isNotNull();
            assertThat(back.type()).as("%s", back).isEqualTo(InterfaceEvent.Type.REATTACHED);
            assertThat(back.ifindex()).isNotEqualTo(first);
            InterfaceAttachment now = dp.attachments().get(0);
            assertThat(now.attached()).isTrue();
            assertThat(now.ifindex()).isEqualTo(back.ifindex());
            assertThat(now.mode()).isEqualTo(AttachMode.TC);

            TestNetns.ip(net.nsA(), "link", "set", net.vethA(), "up"); // a change of the same interface: no event
            assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }
}
