package dev.blixt.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.blixt.Backend;
import dev.blixt.Route;
import dev.blixt.Vip;
import dev.blixt.examples.grpc.proto.backends.Target;
import dev.blixt.examples.grpc.proto.backends.Targets;
import dev.blixt.examples.grpc.proto.backends.backendsGrpc;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Byte-level compatibility with Blixt's backends.proto: requests written by hand from the field
 * numbers and wire types, sent with raw calls on the method paths Blixt's clients use, answers
 * read by hand. Nothing here uses the generated message classes to talk to the server.
 */
class WireCompatibilityTest {
    private TestServer server;
    private InMemoryBalancer balancer;

    @BeforeEach
    void start() {
        balancer = new InMemoryBalancer();
        server = TestServer.start(balancer, address -> 42);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Bytes in, bytes out. */
    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private byte[] call(String fullMethodName, byte[] request) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullMethodName)
                .setRequestMarshaller(RAW)
                .setResponseMarshaller(RAW)
                .build();
        return ClientCalls.blockingUnaryCall(server.channel, method, CallOptions.DEFAULT, request);
    }

    /** A field's key: its number and wire type, as the protobuf encoding defines it. */
    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    /** Reads field 1 of a one-field message as a string (Confirmation). */
    private static String field1String(byte[] message) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(message);
        String value = "";
        for (int tag; (tag = in.readTag()) != 0;) {
            if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) value = in.readString();
            else in.skipField(tag);
        }
        return value;
    }

    /** Reads field 1 of a one-field message as a varint (InterfaceIndexConfirmation). */
    private static long field1Varint(byte[] message) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(message);
        long value = 0;
        for (int tag; (tag = in.readTag()) != 0;) {
            if (tag == tag(1, WireFormat.WIRETYPE_VARINT)) value = in.readUInt64();
            else in.skipField(tag);
        }
        return value;
    }

    private static byte[] encode(IoWriter w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        w.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    @FunctionalInterface
    private interface IoWriter {
        void write(CodedOutputStream out) throws IOException;
    }

    /** Vip { uint32 ip = 1; uint32 port = 2; } */
    private static byte[] vip(long ip, long port) throws IOException {
        return encode(o -> {
            o.writeUInt32NoTag(tag(1, WireFormat.WIRETYPE_VARINT));
            o.writeUInt64NoTag(ip);
            o.writeUInt32NoTag(tag(2, WireFormat.WIRETYPE_VARINT));
            o.writeUInt64NoTag(port);
        });
    }

    /** Target { uint32 daddr = 1; uint32 dport = 2; optional uint32 ifindex = 3; } */
    private static byte[] target(long daddr, long dport, Long ifindex) throws IOException {
        return encode(o -> {
            o.writeUInt32NoTag(tag(1, WireFormat.WIRETYPE_VARINT));
            o.writeUInt64NoTag(daddr);
            o.writeUInt32NoTag(tag(2, WireFormat.WIRETYPE_VARINT));
            o.writeUInt64NoTag(dport);
            if (ifindex != null) {
                o.writeUInt32NoTag(tag(3, WireFormat.WIRETYPE_VARINT));
                o.writeUInt64NoTag(ifindex);
            }
        });
    }

    /** Targets { Vip vip = 1; repeated Target targets = 2; } */
    private static byte[] targets(byte[] vip, byte[]... targets) throws IOException {
        return encode(o -> {
            o.writeByteArray(1, vip);
            for (byte[] t : targets) o.writeByteArray(2, t);
        });
    }

    @Test
    void theMethodPathsAreBlixts() {
        assertThat(backendsGrpc.getUpdateMethod().getFullMethodName()).isEqualTo("backends.backends/Update");
        assertThat(backendsGrpc.getDeleteMethod().getFullMethodName()).isEqualTo("backends.backends/Delete");
        assertThat(backendsGrpc.getGetInterfaceIndexMethod().getFullMethodName())
                .isEqualTo("backends.backends/GetInterfaceIndex");
    }

    @Test
    void aTargetsMessageWrittenByteByByteIsAccepted() throws IOException {
        // Targets{vip{ip=10.96.0.10 (0x0a60000a), port=80}, targets[{daddr=10.244.1.5 (0x0af40105), dport=8080, ifindex=0}]}
        byte[] request = HexFormat.of().parseHex(
                "0a07" + "088a808053" + "1050"               // field 1 (vip), 7 bytes: ip varint, port 80
                + "120a" + "088582d057" + "10903f" + "1800"); // field 2 (target), 10 bytes: daddr, dport 8080, ifindex 0
        // the same bytes from the generated classes: our .proto has Blixt's field numbers and types
        assertThat(Targets.newBuilder()
                .setVip(dev.blixt.examples.grpc.proto.backends.Vip.newBuilder().setIp(0x0a60000a).setPort(80))
                .addTargets(Target.newBuilder().setDaddr(0x0af40105).setDport(8080).setIfindex(0))
                .build().toByteArray()).isEqualTo(request);

        byte[] reply = call("backends.backends/Update", request);

        assertThat(field1String(reply)).isEqualTo("success, vip 10.96.0.10:80 was updated with 1 backends");
        assertThat(balancer.route(Vip.tcp("10.96.0.10", 80))).map(Route::backends)
                .isEqualTo(Optional.of(List.of(Backend.of("10.244.1.5", 8080))));
        assertThat(balancer.route(Vip.udp("10.96.0.10", 80))).isPresent();
    }

    @Test
    void targetsEncodedFromFieldNumbersWithAndWithoutIfindexAreAccepted() throws IOException {
        byte[] request = targets(vip(0xC0A80001L, 443),
                target(0xC0A80102L, 8443, null), target(0xC0A80103L, 8443, 3L), target(0xC0A80104L, 8443, 0L));

        byte[] reply = call("backends.backends/Update", request);

        assertThat(field1String(reply)).isEqualTo("success, vip 192.168.0.1:443 was updated with 3 backends");
        assertThat(balancer.route(Vip.tcp("192.168.0.1", 443)).orElseThrow().backends()).containsExactly(
                Backend.of("192.168.1.2", 8443), Backend.of("192.168.1.3", 8443), Backend.of("192.168.1.4", 8443));
    }

    @Test
    void theHighestAddressBitTravelsAsAnUnsignedVarint() throws IOException {
        // 255.255.255.254 is above 2^31: a uint32 varint of five bytes, not a negative int of ten
        byte[] request = targets(vip(0xFFFFFFFEL, 80), target(0xFE000001L, 80, null));
        assertThat(request.length).isEqualTo(2 + 8 + 2 + 8);

        assertThat(field1String(call("backends.backends/Update", request)))
                .isEqualTo("success, vip 255.255.255.254:80 was updated with 1 backends");
        assertThat(balancer.route(Vip.tcp("255.255.255.254", 80)).orElseThrow().backends())
                .containsExactly(Backend.of("254.0.0.1", 80));
    }

    @Test
    void unknownFieldsFromANewerClientAreIgnored() throws IOException {
        byte[] extra = encode(o -> o.writeString(99, "from the future"));
        byte[] base = targets(vip(0x0a000001L, 80), target(0x0a000002L, 80, null));
        byte[] request = new byte[base.length + extra.length];
        System.arraycopy(base, 0, request, 0, base.length);
        System.arraycopy(extra, 0, request, base.length, extra.length);

        assertThat(field1String(call("backends.backends/Update", request)))
                .isEqualTo("success, vip 10.0.0.1:80 was updated with 1 backends");
    }

    @Test
    void aVipMessageWrittenByHandDeletes() throws IOException {
        call("backends.backends/Update", targets(vip(0x0a000001L, 80), target(0x0a000002L, 80, null)));

        byte[] reply = call("backends.backends/Delete", HexFormat.of().parseHex("0881808050" + "1050"));

        assertThat(field1String(reply)).isEqualTo("success, vip 10.0.0.1:80 was deleted");
        assertThat(balancer.routes()).isEmpty();
    }

    @Test
    void aPodIpWrittenByHandGetsItsInterfaceIndex() throws IOException {
        // PodIP { uint32 ip = 1; } = 10.244.1.5
        byte[] reply = call("backends.backends/GetInterfaceIndex", HexFormat.of().parseHex("088582d057"));

        assertThat(field1Varint(reply)).isEqualTo(42);
        assertThat(reply).isEqualTo(HexFormat.of().parseHex("082a"));
    }
}
