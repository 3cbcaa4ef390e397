package dev.blixt.packet;

import java.util.HexFormat;

/**
 * A 48-bit Ethernet MAC address.
 *
 * <p>Example: {@code MacAddress.parse("02:00:00:00:00:01")}; {@link #toString()} gives the same
 * lower-case, colon-separated form back.
 *
 * @param value the address as the low 48 bits of a long (the first byte on the wire is the most
 *     significant)
 */
public record MacAddress(long value) {
    /** The broadcast address {@code ff:ff:ff:ff:ff:ff}. */
    public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);

    /**
     * Validates the value.
     *
     * @throws IllegalArgumentException if {@code value} does not fit in 48 bits
     */
    public MacAddress {
        if (value < 0 || value > 0xffff_ffff_ffffL) {
            throw new IllegalArgumentException("MAC address must fit in 48 bits: 0x" + Long.toHexString(value));
        }
    }

    /**
     * Parses the usual text form: six two-digit hexadecimal bytes separated by {@code :} or {@code -}.
     *
     * @param text for instance {@code "02:00:00:00:00:01"}
     * @return the address
     * @throws IllegalArgumentException if {@code text} is not in that form
     */
    public static MacAddress parse(String text) {
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("MAC address must have 6 bytes separated by ':' or '-': \"" + text + "\"");
        }
        long v = 0;
        for (String p : parts) {
            if (p.length() != 2 || !HexFormat.isHexDigit(p.charAt(0)) || !HexFormat.isHexDigit(p.charAt(1))) {
                throw new IllegalArgumentException("MAC address byte \"" + p + "\" is not two hex digits in \"" + text + "\"");
            }
            v = (v << 8) | HexFormat.fromHexDigits(p);
        }
        return new MacAddress(v);
    }

    /**
     * Creates an address from its six bytes in wire order.
     *
     * @param bytes exactly six bytes
     * @return the address
     * @throws IllegalArgumentException if {@code bytes} is not six bytes long
     */
    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("MAC address must be 6 bytes, got " + bytes.length);
        }
        long v = 0;
        for (byte b : bytes) {
            v = (v << 8) | (b & 0xff);
        }
        return new MacAddress(v);
    }

    /**
     * Returns the six bytes in wire order.
     *
     * @return a new array of six bytes
     */
    public byte[] bytes() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (value >>> (40 - 8 * i));
        }
        return b;
    }

    /**
     * Returns the address as six lower-case hex bytes separated by colons.
     *
     * @return for instance {@code "02:00:00:00:00:01"}
     */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes());
    }
}
