package dev.blixt.e2e;

import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.Vip;
import dev.blixt.internal.netns.NetNamespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The main of a child JVM for {@link RestartTest}: opens a pinned data plane in a network
 * namespace, routes one TCP VIP, prints {@code ready} and waits to be killed. The JVM runs in the
 * root namespaces and enters the network namespace on one thread: under {@code ip netns exec}
 * the JVM would see a fresh /sys without the bpffs mount at /sys/fs/bpf.
 * Arguments: namespace, pin path, interfaces (comma-separated), VIP address, VIP port, then
 * backends as {@code address,port,weight}.
 */
public final class PinnedChild {
    private PinnedChild() {}

    public static void main(String[] args) throws InterruptedException {
        DataplaneConfig config = DataplaneConfig.builder().interfaces(List.of(args[2].split(",")))
                .pinPath(Path.of(args[1])).maxVips(4).maxBackends(64).flowTableSize(1 << 16).build();
        // never closed: the parent kills this JVM
        Dataplane dp = NetNamespace.callIn(args[0], () -> Dataplane.open(config));
        List<Backend> backends = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            String[] f = args[i].split(",");
            backends.add(Backend.of(f[0], Integer.parseInt(f[1])).weight(Integer.parseInt(f[2])));
        }
        dp.route(Vip.tcp(args[3], Integer.parseInt(args[4]))).to(backends);
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(120_000);
        System.exit(3); // not killed in time
    }
}
