package dev.blixt.packet;

import java.io.Serial;

/**
 * Thrown by {@link Packet#parse(byte[])} and {@link Packet#parseIp(byte[])} when the input is not a
 * well-formed packet: a header is truncated, a length or version field is inconsistent, and so on.
 *
 * <p>The message names the field and the byte offset (from the start of the parsed buffer) where the
 * problem is, for instance {@code "TCP header at offset 34: needs 20 bytes, only 12 present"}. The
 * parser never lets an {@link IndexOutOfBoundsException} escape: every read is bounds-checked and
 * reported through this exception.
 */
public final class MalformedPacketException extends IllegalArgumentException {
    @Serial private static final long serialVersionUID = 1L;

    /** The field that could not be parsed. */
    private final String field;

    /** The offset of that field. */
    private final int offset;

    /**
     * Creates an exception for a field at an offset.
     *
     * @param field the header or field that is malformed, for instance {@code "IPv4 total length"}
     * @param offset its byte offset from the start of the parsed buffer
     * @param problem what is wrong with it
     */
    public MalformedPacketException(String field, int offset, String problem) {
        super(field + " at offset " + offset + ": " + problem);
        this.field = field;
        this.offset = offset;
    }

    /**
     * Returns the malformed header or field.
     *
     * @return its name, for instance {@code "UDP length"}
     */
    public String field() {
        return field;
    }

    /**
     * Returns where the malformed field starts.
     *
     * @return its byte offset from the start of the parsed buffer
     */
    public int offset() {
        return offset;
    }
}
