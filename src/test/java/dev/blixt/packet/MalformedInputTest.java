package dev.blixt.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The parser's contract on any input: a {@link ParsedPacket} whose accessors answer or throw
 * {@link IllegalStateException}, or a {@link MalformedPacketException} with the offset and the reason;
 * never another exception. Mutations aim at the fields that steer the parser (lengths, versions, header
 * lengths, protocol numbers), also inside ICMP quotes and IP-in-IP.
 */
class MalformedInputTest {
    private static final int FRAMES = 40_000; // about 5 s: each frame parses twice and answers 46 accessors

    /** A well-formed frame of every kind the parser descends into, to mutate. */
    static List<byte[]> seeds() {
        byte[] tcp4 = Packet.builder().ipv4("203.0.113.10", "198.51.100.7").tcp(80, 40000).ack()
                .tcpOptions(new byte[8]).payload(new byte[20]).buildIp();
        byte[] udp6 = Packet.builder().ipv6("2001:db8::10", "2001:db8::7").udp(53, 40000).payload(new byte[12]).buildIp();
        byte[] udp4 = Packet.builder().ipv4("203.0.113.10", "198.51.100.7").udp(53, 40000).payload(new byte[9]).buildIp();
        return List.of(
                Packet.builder().ipv4("198.51.100.7", "203.0.113.10").tcp(40000, 80).syn().build(),
                Packet.builder().vlan(7).ipv4("198.51.100.7", "203.0.113.10").ipv4Options(new byte[8])
                        .udp(40000, 53).payload(new byte[30]).build(),
                Packet.builder().ipv6("2001:db8::7", "2001:db8::10").tcp(40000, 80).syn().tcpOptions(new byte[8]).build(),
                Packet.builder().ipv6("2001:db8::7", "2001:db8::10").udp(40000, 80).fragment(0, true).build(),
                Packet.builder().ipv4("198.51.100.7", "203.0.113.10").udp(40000, 80).fragment(64, false).build(),
                Packet.builder().ipv4("192.0.2.1", "203.0.113.10").icmpFragmentationNeeded(1400, tcp4).build(),
                Packet.builder().ipv4("192.0.2.1", "203.0.113.10").icmpPortUnreachable(Arrays.copyOf(udp4, 28)).build(),
                Packet.builder().ipv4("192.0.2.1", "203.0.113.10").icmpPortUnreachable(Arrays.copyOf(tcp4, 28)).build(),
                Packet.builder().ipv6("2001:db8::1", "2001:db8::10").icmpPacketTooBig(1280, udp6).build(),
                Packet.builder().ipv6("2001:db8::1", "2001:db8::10").icmpEcho(1, 2).payload(new byte[16]).build(),
                Packet.builder().ipv4("192.0.2.1", "203.0.113.10").protocol(Packet.IPIP).payload(tcp4).build(),
                Packet.builder().ipv6("2001:db8::1", "2001:db8::10").protocol(Packet.IPV6_IN_IP).payload(udp6).build());
    }

    @Test
    void mutatedFramesOfEveryKindParseOrThrowOnlyTheDocumentedException() {
        Random random = new Random(0x5eed_b11c7L);
        List<byte[]> seeds = seeds();
        for (int i = 0; i < FRAMES; i++) {
            byte[] frame = mutate(seeds.get(random.nextInt(seeds.size())), random);
            check(frame, Packet::parse);
            if (frame.length > 14) {
                check(Arrays.copyOfRange(frame, 14, frame.length), Packet::parseIp);
            }
        }
    }

    @Test
    void aCompleteQuoteTooShortForItsTcpHeaderIsMalformed() {
        // Found by the mutation test: an ICMP error quoting a whole 28-byte IPv4 "TCP" datagram (IP
        // length 28, not cut short) made the parser read a checksum past the quote's end.
        byte[] frame = HexFormat.of().parseHex(("020000000002 020000000001 0800"
                + " 45000038 00000000 40016db9 c0000201 cb00710a" // IPv4, 56 bytes, ICMP
                + " 0303606c 00000000" // port unreachable
                + " 4500001c 00000000 40061477 cb00710a c6336407" // the quote: IPv4, 28 bytes, TCP
                + " 00509c40 00000000").replace(" ", "")); // 8 bytes where the TCP header needs 20
        assertThatThrownBy(() -> Packet.parse(frame)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("inner TCP header at offset 62").hasMessageContaining("needs 20 bytes, only 8");
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] f = seed.clone();
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
            switch (random.nextInt(5)) {
                case 0 -> f[random.nextInt(f.length)] = (byte) random.nextInt(256);
                case 1 -> f = Arrays.copyOf(f, random.nextInt(f.length + 1));
                case 2 -> f = Arrays.copyOf(f, f.length + 1 + random.nextInt(24));
                case 3 -> { // a steering field: a length, version/IHL or protocol byte of some header
                    int at = random.nextInt(f.length);
                    f[at] = (byte) new int[] {0, 1, 5, 8, 0x1c, 0x28, 0x45, 0x4f, 0x60, 0xff}[random.nextInt(10)];
                }
                default -> { // a 16-bit field set to a boundary value
                    int at = random.nextInt(Math.max(1, f.length - 1));
                    int v = new int[] {0, 7, 8, 20, 28, 40, 0xffff}[random.nextInt(7)];
                    if (at + 1 < f.length) {
                        f[at] = (byte) (v >>> 8);
                        f[at + 1] = (byte) v;
                    }
                }
            }
            if (f.length == 0) {
                return f;
            }
        }
        return f;
    }

    private static void check(byte[] input, Function<byte[], ParsedPacket> parser) {
        ParsedPacket p;
        try {
            p = parser.apply(input);
        } catch (MalformedPacketException e) {
            assertThat(e.offset()).as("offset of %s in\n%s", e.getMessage(), Packet.hex(input)).isBetween(0, input.length);
            assertThat(e.getMessage()).contains(e.field()).contains("at offset " + e.offset());
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("parsing threw " + e + " for\n" + Packet.hex(input), e);
        }
        for (ParsedPacket q = p; q != null; q = q.inner().orElse(null)) {
            readEverything(q, input);
        }
    }

    /** Calls every accessor: each answers or says the field is absent. */
    private static void readEverything(ParsedPacket p, byte[] input) {
        List<Function<ParsedPacket, Object>> accessors = List.of(ParsedPacket::bytes, ParsedPacket::hasEthernet,
                ParsedPacket::srcMac, ParsedPacket::dstMac, ParsedPacket::etherType, ParsedPacket::vlanId,
                ParsedPacket::ipVersion, ParsedPacket::l3Offset, ParsedPacket::ipHeaderLength,
                ParsedPacket::ipTotalLength, ParsedPacket::src, ParsedPacket::dst, ParsedPacket::ttl, ParsedPacket::tos,
                ParsedPacket::flowLabel, ParsedPacket::identification, ParsedPacket::dontFragment,
                ParsedPacket::moreFragments, ParsedPacket::fragmentOffset, ParsedPacket::isFragment,
                ParsedPacket::hasFragmentHeader, ParsedPacket::ipv4Options, ParsedPacket::truncated,
                ParsedPacket::protocol, ParsedPacket::l4Offset, ParsedPacket::srcPort, ParsedPacket::dstPort,
                ParsedPacket::seq, ParsedPacket::ackNumber, ParsedPacket::tcpFlags, ParsedPacket::window,
                ParsedPacket::tcpOptions, ParsedPacket::udpLength, ParsedPacket::l4Checksum, ParsedPacket::icmpType,
                ParsedPacket::icmpCode, ParsedPacket::icmpRestOfHeader, ParsedPacket::icmpId, ParsedPacket::icmpSeq,
                ParsedPacket::icmpMtu, ParsedPacket::inner, ParsedPacket::payloadOffset, ParsedPacket::payload,
                ParsedPacket::checksumsValid, ParsedPacket::checksumErrors, ParsedPacket::toString);
        for (Function<ParsedPacket, Object> accessor : accessors) {
            try {
                accessor.apply(p);
            } catch (IllegalStateException expected) {
                // an absent field, as documented
            } catch (RuntimeException e) {
                fail("an accessor threw " + e + " for\n" + Packet.hex(input), e);
            }
        }
    }
}
