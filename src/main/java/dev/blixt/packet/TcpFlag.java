package dev.blixt.packet;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** The TCP header flags (RFC 9293 and RFC 3168), each with its bit in the flags byte. */
public enum TcpFlag {
    /** No more data from sender. */
    FIN(0x01),
    /** Synchronize sequence numbers. */
    SYN(0x02),
    /** Reset the connection. */
    RST(0x04),
    /** Push function. */
    PSH(0x08),
    /** The acknowledgment number is significant. */
    ACK(0x10),
    /** The urgent pointer is significant. */
    URG(0x20),
    /** ECN echo. */
    ECE(0x40),
    /** Congestion window reduced. */
    CWR(0x80);

    private final int bit;

    TcpFlag(int bit) {
        this.bit = bit;
    }

    /**
     * Returns this flag's bit in the TCP flags byte (byte 13 of the header).
     *
     * @return the bit, for instance {@code 0x02} for {@link #SYN}
     */
    public int bit() {
        return bit;
    }

    /**
     * Decodes a TCP flags byte.
     *
     * @param bits the flags byte, 0 to 255
     * @return the flags whose bits are set, in bit order
     * @throws IllegalArgumentException if {@code bits} is outside 0 to 255
     */
    public static Set<TcpFlag> fromBits(int bits) {
        if (bits < 0 || bits > 0xff) {
            throw new IllegalArgumentException("TCP flags byte must be 0..255: " + bits);
        }
        Set<TcpFlag> flags = EnumSet.noneOf(TcpFlag.class);
        for (TcpFlag f : values()) {
            if ((bits & f.bit) != 0) {
                flags.add(f);
            }
        }
        return flags;
    }

    /**
     * Encodes flags into a TCP flags byte.
     *
     * @param flags the flags to set
     * @return the flags byte
     */
    public static int toBits(Collection<TcpFlag> flags) {
        int bits = 0;
        for (TcpFlag f : flags) {
            bits |= f.bit;
        }
        return bits;
    }
}
