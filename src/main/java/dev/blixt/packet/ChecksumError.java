package dev.blixt.packet;

import java.util.Objects;

/**
 * A checksum that does not verify, as reported by {@link ParsedPacket#checksumErrors()}.
 *
 * @param kind which checksum
 * @param depth 0 for the outermost packet, 1 for a packet quoted in an ICMP error or carried in an
 *     IP-in-IP tunnel, and so on
 * @param offset where the checksum field is, from the start of the parsed buffer
 * @param found the value in the packet
 * @param expected the value a full recomputation gives
 */
public record ChecksumError(Kind kind, int depth, int offset, int found, int expected) {
    /** The checksums the parser verifies. */
    public enum Kind {
        /** The IPv4 header checksum. */
        IPV4_HEADER,
        /** The TCP checksum (with pseudo-header). */
        TCP,
        /** The UDP checksum (with pseudo-header). */
        UDP,
        /** The ICMPv4 checksum (over the ICMP message). */
        ICMPV4,
        /** The ICMPv6 checksum (with pseudo-header). */
        ICMPV6
    }

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a number is out of range
     * @throws NullPointerException if {@code kind} is null
     */
    public ChecksumError {
        Objects.requireNonNull(kind, "kind");
        if (depth < 0 || offset < 0) {
            throw new IllegalArgumentException("depth and offset must be >= 0: " + depth + ", " + offset);
        }
        if ((found & ~0xffff) != 0 || (expected & ~0xffff) != 0) {
            throw new IllegalArgumentException("checksums are 16-bit: found " + found + ", expected " + expected);
        }
    }

    /**
     * Describes the error for a test failure message.
     *
     * @return for instance {@code "TCP checksum at offset 50: found 0x1234, expected 0xabcd"}
     */
    @Override
    public String toString() {
        return (depth > 0 ? "inner(" + depth + ") " : "") + kind + " checksum at offset " + offset
                + ": found 0x" + String.format("%04x", found) + ", expected 0x" + String.format("%04x", expected);
    }
}
