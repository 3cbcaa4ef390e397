package dev.blixt;

import java.net.InetAddress;

/** Parsing of address literals (never a DNS lookup). */
final class Addresses {
    private Addresses() {}

    static InetAddress parse(String literal, String what) {
        try {
            return InetAddress.ofLiteral(literal.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be an IPv4 or IPv6 literal, got '" + literal + "'", e);
        }
    }

    static String format(InetAddress address, int port) {
        String host = address.getHostAddress();
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    static void checkPort(int port, String what) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " port must be 0..65535, got " + port);
        }
    }
}
