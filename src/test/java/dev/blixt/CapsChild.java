package dev.blixt;

import java.util.stream.Collectors;

/**
 * The main of a child JVM for {@link CapabilitySetsTest}: opens a data plane on the interface named by
 * {@code args[0]} (in the namespace the JVM was started in), prints {@code OPENED <mode per interface>} or
 * {@code FAILED <message>}, closes it and exits.
 */
public final class CapsChild {
    private CapsChild() {}

    public static void main(String[] args) {
        try (Dataplane dp = Dataplane.open(DataplaneConfig.builder().interfaces(args[0]).maxVips(1).ringSize(251)
                .maxBackends(4).flowTableSize(1024).build())) {
            System.out.println("OPENED " + dp.attachments().stream().map(a -> a.interfaceName() + ":" + a.mechanism())
                    .collect(Collectors.joining(",")));
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
