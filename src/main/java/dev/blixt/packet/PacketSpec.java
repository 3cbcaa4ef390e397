package dev.blixt.packet;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PacketBuilder} was told: the mutable settings that {@link PacketEncoder} turns into
 * bytes. Each builder owns a private copy ({@link #clone()}) that it never changes after creation.
 */
final class PacketSpec implements Cloneable {
    static final byte[] EMPTY = new byte[0];

    enum L4 { NONE, TCP, UDP, ICMP, RAW }

    /** An ICMP message as it would be for each IP version (type -1: not valid for that version). */
    record Icmp(String name, int type4, int code4, int type6, int code6, int rest, byte[] body) {
        Icmp {
            check(Math.max(type4, type6), 0, 255, "ICMP type");
            check(Math.max(code4, code6), 0, 255, "ICMP code");
        }
    }

    MacAddress srcMac = MacAddress.parse("02:00:00:00:00:01");
    MacAddress dstMac = MacAddress.parse("02:00:00:00:00:02");
    int vlan = -1;
    int etherType = -1;
    int ipVersion;
    byte[] src = EMPTY;
    byte[] dst = EMPTY;
    int ttl = 64;
    int tos;
    int flowLabel;
    long identification;
    boolean dontFragment;
    boolean fragment;
    int fragmentOffset;
    boolean moreFragments;
    byte[] ipv4Options = EMPTY;
    L4 l4 = L4.NONE;
    int protocol;
    int srcPort;
    int dstPort;
    boolean tcpFieldsSet;
    int tcpFlags;
    long seq;
    long ackNumber;
    int window = 65535;
    byte[] tcpOptions = EMPTY;
    boolean udpChecksum = true;
    @Nullable Icmp icmp;
    byte[] payload = EMPTY;
    int ipv4Checksum = -1;
    int l4Checksum = -1;
    boolean badIpv4Checksum;
    boolean badL4Checksum;

    /** The builder's argument check: throws {@link IllegalArgumentException} unless min <= value <= max. */
    static void check(long value, long min, long max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ": " + value);
        }
    }

    /** The 16 bytes of an IPv6 literal, also when the JDK turned an IPv4-mapped one into IPv4. */
    static byte[] ipv6Bytes(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16) {
            return b;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        return mapped;
    }

    @Override
    protected PacketSpec clone() {
        try {
            return (PacketSpec) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }
}
