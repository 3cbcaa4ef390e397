package dev.blixt.sandbox;

/**
 * The main of a child JVM for {@link SandboxTest}: builds a sandbox with the prefix given, prints
 * its id, then either returns without closing it ({@code exit}: the shutdown hook must remove it)
 * or waits to be killed ({@code wait}).
 */
public final class SandboxChild {
    private SandboxChild() {}

    public static void main(String[] args) throws InterruptedException {
        Sandbox sb = Sandbox.builder().prefix(args[0]).backends(2).build();
        System.out.println(sb.id());
        System.out.flush();
        if (args[1].equals("wait")) {
            Thread.sleep(120_000);
            System.exit(3);
        }
    }
}
