package dev.blixt.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Round-trip and robustness properties over random packets. */
class PacketPropertiesTest {
    enum Kind { TCP, UDP, ECHO, ECHO_REPLY }

    /** Everything the builder is given, so that the parser's view can be compared with it. */
    record Spec(int version, byte[] src, byte[] dst, MacAddress srcMac, MacAddress dstMac, int vlan, int ttl, int tos,
            int flowLabel, int id, boolean df, byte[] ipv4Options, Kind kind, int srcPort, int dstPort, int flags,
            long seq, long ack, int window, byte[] tcpOptions, byte[] payload) {

        PacketBuilder builder() {
            PacketBuilder b = Packet.builder().ethernet(srcMac, dstMac).ip(address(src), address(dst)).ttl(ttl).tos(tos);
            if (vlan >= 0) {
                b = b.vlan(vlan);
            }
            if (version == 4) {
                b = b.identification(id).ipv4Options(ipv4Options);
                b = df ? b.dontFragment() : b;
            } else {
                b = b.flowLabel(flowLabel);
            }
            b = switch (kind) {
                case TCP -> b.tcp(srcPort, dstPort).flags(TcpFlag.fromBits(flags).toArray(TcpFlag[]::new))
                        .seq(seq).ackNumber(ack).window(window).tcpOptions(tcpOptions);
                case UDP -> b.udp(srcPort, dstPort);
                case ECHO -> b.icmpEcho(srcPort, dstPort);
                case ECHO_REPLY -> b.icmpEchoReply(srcPort, dstPort);
            };
            return b.payload(payload);
        }

        @Override
        public String toString() {
            return "IPv" + version + " " + address(src).getHostAddress() + " > " + address(dst).getHostAddress() + " "
                    + kind + " " + srcPort + " > " + dstPort + " vlan " + vlan + " flags " + flags + " ipv4 options "
                    + ipv4Options.length + " tcp options " + tcpOptions.length + " payload " + payload.length;
        }
    }

    static InetAddress address(byte[] bytes) {
        try {
            return bytes.length == 4 ? InetAddress.getByAddress(bytes)
                    : java.net.Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Gen<byte[]> bytes(int minLength, int maxLength, int multipleOf) {
        Gen<Integer> length = integers().between(minLength / multipleOf, maxLength / multipleOf);
        Gen<Integer> value = integers().between(0, 255);
        return in -> {
            byte[] b = new byte[length.generate(in) * multipleOf];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (int) value.generate(in);
            }
            return b;
        };
    }

    static Gen<Spec> specs() {
        Gen<Boolean> bool = booleans().all();
        Gen<Integer> u8 = integers().between(0, 255);
        Gen<Integer> u16 = integers().between(0, 0xffff);
        Gen<Integer> vlan = integers().between(-1, 4095);
        Gen<Integer> flowLabel = integers().between(0, 0xfffff);
        Gen<Long> u32 = longs().between(0, 0xffff_ffffL);
        Gen<Long> mac = longs().between(0, 0xffff_ffff_ffffL);
        Gen<byte[]> v4 = bytes(4, 4, 1);
        Gen<byte[]> v6 = bytes(16, 16, 1);
        Gen<byte[]> options = bytes(0, 40, 4);
        Gen<byte[]> payload = bytes(0, 300, 1);
        Gen<Integer> kind = integers().between(0, Kind.values().length - 1);
        Gen<Spec> gen = in -> {
            boolean ipv4 = bool.generate(in);
            return new Spec(ipv4 ? 4 : 6, (ipv4 ? v4 : v6).generate(in), (ipv4 ? v4 : v6).generate(in),
                    new MacAddress(mac.generate(in)), new MacAddress(mac.generate(in)), vlan.generate(in),
                    u8.generate(in), u8.generate(in), flowLabel.generate(in), u16.generate(in), bool.generate(in),
                    options.generate(in), Kind.values()[kind.generate(in)], u16.generate(in), u16.generate(in),
                    u8.generate(in), u32.generate(in), u32.generate(in), u16.generate(in), options.generate(in),
                    payload.generate(in));
        };
        return gen.describedAs(Spec::toString);
    }

    @Test
    void buildThenParseGivesBackEveryFieldWithValidChecksums() {
        qt().forAll(specs()).checkAssert(s -> {
            byte[] frame = s.builder().build();
            ParsedPacket p = Packet.parse(frame);
            assertThat(p.checksumErrors()).isEmpty();
            assertThat(p.srcMac()).isEqualTo(s.srcMac);
            assertThat(p.dstMac()).isEqualTo(s.dstMac);
            assertThat(p.vlanId().orElse(-1)).isEqualTo(s.vlan);
            assertThat(p.etherType()).isEqualTo(s.version == 4 ? 0x0800 : 0x86dd);
            assertThat(p.ipVersion()).isEqualTo(s.version);
            assertThat(p.l3Offset()).isEqualTo(s.vlan >= 0 ? 18 : 14);
            assertThat(p.src()).isEqualTo(address(s.src));
            assertThat(p.dst()).isEqualTo(address(s.dst));
            assertThat(p.ttl()).isEqualTo(s.ttl);
            assertThat(p.tos()).isEqualTo(s.tos);
            assertThat(p.ipTotalLength()).isEqualTo(frame.length - p.l3Offset());
            assertThat(p.isFragment()).isFalse();
            if (s.version == 4) {
                assertThat(p.identification()).isEqualTo(s.id);
                assertThat(p.dontFragment()).isEqualTo(s.df);
                assertThat(p.ipv4Options()).isEqualTo(s.ipv4Options);
                assertThat(p.l4Offset()).isEqualTo(p.l3Offset() + 20 + s.ipv4Options.length);
            } else {
                assertThat(p.flowLabel()).isEqualTo(s.flowLabel);
                assertThat(p.l4Offset()).isEqualTo(p.l3Offset() + 40);
            }
            switch (s.kind) {
                case TCP -> {
                    assertThat(p.protocol()).isEqualTo(Packet.TCP);
                    assertThat(p.srcPort()).isEqualTo(s.srcPort);
                    assertThat(p.dstPort()).isEqualTo(s.dstPort);
                    assertThat(p.tcpFlags()).isEqualTo(TcpFlag.fromBits(s.flags));
                    assertThat(p.seq()).isEqualTo(s.seq);
                    assertThat(p.ackNumber()).isEqualTo(s.ack);
                    assertThat(p.window()).isEqualTo(s.window);
                    assertThat(p.tcpOptions()).isEqualTo(s.tcpOptions);
                }
                case UDP -> {
                    assertThat(p.protocol()).isEqualTo(Packet.UDP);
                    assertThat(p.srcPort()).isEqualTo(s.srcPort);
                    assertThat(p.dstPort()).isEqualTo(s.dstPort);
                    assertThat(p.udpLength()).isEqualTo(8 + s.payload.length);
                    assertThat(p.l4Checksum()).isNotZero();
                }
                case ECHO, ECHO_REPLY -> {
                    assertThat(p.protocol()).isEqualTo(s.version == 4 ? Packet.ICMP : Packet.ICMPV6);
                    boolean request = s.kind == Kind.ECHO;
                    assertThat(p.icmpType()).isEqualTo(s.version == 4 ? (request ? 8 : 0) : (request ? 128 : 129));
                    assertThat(p.icmpId()).isEqualTo(s.srcPort);
                    assertThat(p.icmpSeq()).isEqualTo(s.dstPort);
                }
            }
            assertThat(p.payload()).isEqualTo(s.payload);
            assertThat(p.payloadOffset()).isEqualTo(frame.length - s.payload.length);
        });
    }

    @Test
    void theParserReadsBackTheBytesItWasGiven() {
        qt().forAll(specs()).checkAssert(s -> {
            byte[] frame = s.builder().build();
            assertThat(Packet.parse(frame).bytes()).isEqualTo(frame);
            byte[] ip = s.builder().buildIp();
            assertThat(Packet.parseIp(ip).payload()).isEqualTo(s.payload);
        });
    }

    @Test
    void everyTruncationThrowsTheDocumentedException() {
        qt().forAll(specs(), integers().between(0, 10_000)).checkAssert((s, cut) -> {
            byte[] frame = s.builder().build();
            byte[] prefix = Arrays.copyOf(frame, cut % frame.length);
            assertThatThrownBy(() -> Packet.parse(prefix)).isInstanceOf(MalformedPacketException.class);
        });
    }

    @Test
    void anyCoveredByteChangeInvalidatesAChecksumOrTheParse() {
        qt().forAll(specs(), integers().between(0, 10_000), integers().between(1, 255)).checkAssert((s, at, flip) -> {
            byte[] frame = s.builder().build();
            ParsedPacket good = Packet.parse(frame);
            int l3 = good.l3Offset();
            int first = s.version == 4 ? l3 : l3 + 8;
            int i = first + at % (frame.length - first);
            byte[] bad = frame.clone();
            bad[i] ^= (byte) (int) flip;
            int udpChecksum = good.l4Offset() + 6;
            boolean udpChecksumNowZero = s.kind == Kind.UDP && (i == udpChecksum || i == udpChecksum + 1)
                    && bad[udpChecksum] == 0 && bad[udpChecksum + 1] == 0;
            boolean detected;
            try {
                detected = !Packet.parse(bad).checksumsValid();
            } catch (MalformedPacketException e) {
                detected = true;
            }
            if (!(s.version == 4 && udpChecksumNowZero)) {
                assertThat(detected).as("byte %d xor %d", i, flip).isTrue();
            }
        });
    }

    @Test
    void randomBytesEitherParseOrThrowTheDocumentedException() {
        qt().forAll(bytes(0, 120, 1), integers().between(0, 3)).checkAssert((b, prefix) -> {
            // Steer some inputs past the Ethernet and IP version checks to reach the deeper parsers.
            if (b.length > 15 && prefix > 0) {
                b[12] = (byte) (prefix == 3 ? 0x86 : 0x08);
                b[13] = (byte) (prefix == 3 ? 0xdd : 0x00);
                b[14] = (byte) (prefix == 3 ? 0x60 : 0x45);
            }
            try {
                ParsedPacket p = Packet.parse(b);
                assertThat(p.toString()).isNotEmpty();
                assertThat(p.payload().length).isLessThanOrEqualTo(b.length);
            } catch (MalformedPacketException e) {
                assertThat(e.offset()).isBetween(0, b.length);
                assertThat(e.getMessage()).contains(e.field()).contains("at offset " + e.offset());
            }
        });
    }

    @Test
    void icmpErrorsQuotingAnyPrefixOfAPacketYieldItsTuple() {
        qt().forAll(specs(), integers().between(0, 10_000), booleans().all()).checkAssert((s, cut, tooBig) -> {
            Spec t = s;
            byte[] original = t.builder().buildIp();
            int minimum = (t.version == 4 ? 20 + t.ipv4Options.length : 40) + 8;
            byte[] quote = Arrays.copyOf(original, minimum + cut % (original.length - minimum + 1));
            PacketBuilder b = t.version == 4 ? Packet.builder().ipv4("192.0.2.254", "203.0.113.10")
                    : Packet.builder().ipv6("2001:db8::fe", "2001:db8::10");
            b = tooBig ? (t.version == 4 ? b.icmpFragmentationNeeded(1400, quote) : b.icmpPacketTooBig(1280, quote))
                    : b.icmpPortUnreachable(quote);
            ParsedPacket p = Packet.parse(b.build());
            assertThat(p.checksumErrors()).isEmpty();
            if (tooBig) {
                assertThat(p.icmpMtu()).isEqualTo(t.version == 4 ? 1400 : 1280);
            }
            ParsedPacket q = p.inner().orElseThrow();
            assertThat(q.truncated()).isEqualTo(quote.length < original.length);
            assertThat(q.src()).isEqualTo(address(t.src));
            assertThat(q.dst()).isEqualTo(address(t.dst));
            if (t.kind == Kind.TCP || t.kind == Kind.UDP) {
                assertThat(q.srcPort()).isEqualTo(t.srcPort);
                assertThat(q.dstPort()).isEqualTo(t.dstPort);
            } else {
                assertThat(q.icmpId()).isEqualTo(t.srcPort);
                assertThat(q.icmpSeq()).isEqualTo(t.dstPort);
            }
        });
    }
}
