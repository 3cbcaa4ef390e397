package dev.blixt.examples.grpc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves routes with iproute2: {@code ip -j route get <address>} names the device, and
 * {@code /sys/class/net/<device>/ifindex} (or {@link NetworkInterface}) gives its index.
 * Looks up in the network namespace of the process.
 */
public final class IpRouteResolver implements InterfaceResolver {
    private static final Pattern DEV = Pattern.compile("\"dev\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

    private final List<String> ipCommand;
    private final Path sysClassNet;
    private final Duration timeout;

    /** Runs {@code ip} from the PATH and reads {@code /sys/class/net}. */
    public IpRouteResolver() {
        this(List.of("ip"), Path.of("/sys/class/net"), Duration.ofSeconds(5));
    }

    /**
     * A resolver with another {@code ip} command, sysfs directory or timeout (for tests).
     *
     * @param ipCommand the command and leading arguments that stand for {@code ip}, e.g. {@code [ip, -n, ns1]}
     * @param sysClassNet where interface directories live
     * @param timeout how long {@code ip} may run
     */
    public IpRouteResolver(List<String> ipCommand, Path sysClassNet, Duration timeout) {
        if (ipCommand.isEmpty()) throw new IllegalArgumentException("ipCommand must name a command");
        this.ipCommand = List.copyOf(ipCommand);
        this.sysClassNet = sysClassNet;
        this.timeout = timeout;
    }

    @Override
    public int ifindexOf(InetAddress address) {
        String dev = routeDevice(address);
        return indexOf(dev);
    }

    private String routeDevice(InetAddress address) {
        List<String> cmd = new ArrayList<>(ipCommand);
        cmd.addAll(List.of("-j", "route", "get", address.getHostAddress()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new LookupException("cannot run '" + String.join(" ", cmd) + "' (is iproute2 installed?): "
                    + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new LookupException("'" + String.join(" ", cmd) + "' did not finish within " + timeout);
            }
            // ip writes a few hundred bytes at most: far below a pipe's buffer, so reading after exit is safe.
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new LookupException(err.isEmpty() ? "'" + String.join(" ", cmd) + "' exited with " + p.exitValue()
                        : err.replace('\n', ' '));
            }
            Matcher m = DEV.matcher(out);
            if (!m.find()) throw new LookupException("no device in the route to " + address.getHostAddress() + ": " + out.strip());
            return m.group(1);
        } catch (IOException e) {
            throw new LookupException("reading the output of '" + String.join(" ", cmd) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new LookupException("interrupted while running '" + String.join(" ", cmd) + "'", e);
        }
    }

    private int indexOf(String dev) {
        if (!SAFE_NAME.matcher(dev).matches()) throw new LookupException("unexpected device name '" + dev + "'");
        Path file = sysClassNet.resolve(dev).resolve("ifindex");
        try {
            return Integer.parseInt(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            try {
                NetworkInterface nif = NetworkInterface.getByName(dev);
                if (nif != null) return nif.getIndex();
            } catch (SocketException ignored) {
                // fall through to the error below
            }
            throw new LookupException("the route leaves by " + dev + " but its index cannot be read from " + file
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "IpRouteResolver[" + String.join(" ", ipCommand) + "]";
    }
}
