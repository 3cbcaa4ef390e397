package dev.blixt.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.AttachMode;
import dev.blixt.DataplaneConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The server's flags, as Blixt's loader takes them. */
class ServerCommandTest {

    private static ServerCommand parse(String... args) {
        CommandLine cl = new CommandLine(new ServerCommand());
        cl.parseArgs(args);
        return cl.getCommand();
    }

    @Test
    void withoutFlagsItListensWhereBlixtDoes() {
        ServerCommand c = parse();

        assertThat(c.settings(Optional.empty())).isEqualTo(ServerSettings.defaults());
        DataplaneConfig config = c.dataplaneConfig();
        assertThat(config.interfaces()).isEmpty();
        assertThat(config.attachMode()).isEqualTo(AttachMode.AUTO);
        assertThat(config.pinPath()).isEmpty();
    }

    @Test
    void theHealthPortFollowsTheApiPortUnlessGiven() {
        assertThat(parse("--port", "7000").settings(Optional.empty()).healthPort()).isEqualTo(7001);
        assertThat(parse("--port", "7000", "--health-port", "8000").settings(Optional.empty()).healthPort()).isEqualTo(8000);
    }

    @Test
    void dataPlaneFlagsReachTheConfiguration() {
        ServerCommand c = parse("-i", "eth0", "--iface", "eth1", "--attach-mode", "tc", "--pin-path", "/sys/fs/bpf/blixt",
                "--max-vips", "16", "--max-backends", "256", "--ring-size", "251", "--hash-seed", "7", "--kernel-forwarding");

        DataplaneConfig config = c.dataplaneConfig();
        assertThat(config.interfaces()).containsExactly("eth0", "eth1");
        assertThat(config.attachMode()).isEqualTo(AttachMode.TC);
        assertThat(config.pinPath()).contains(Path.of("/sys/fs/bpf/blixt"));
        assertThat(config.maxVips()).isEqualTo(16);
        assertThat(config.maxBackends()).isEqualTo(256);
        assertThat(config.ringSize()).isEqualTo(251);
        assertThat(config.hashSeed()).isEqualTo(7);
        assertThat(config.kernelForwarding()).isTrue();
    }

    @Test
    void attachModesAreWrittenWithDashes() {
        assertThat(parse("--attach-mode", "xdp-generic").attachMode).isEqualTo(AttachMode.XDP_GENERIC);
        assertThat(parse("--attach-mode", "XDP_NATIVE").attachMode).isEqualTo(AttachMode.XDP_NATIVE);
        assertThat(ClientCommandTest.run("server", "--attach-mode", "ebpf").err()).contains("unknown attach mode 'ebpf'");
    }

    @Test
    void inMemoryNeedsNoKernel() {
        Balancer b = parse("--in-memory", "--max-vips", "4").openBalancer();

        assertThat(b).isInstanceOf(InMemoryBalancer.class);
        assertThat(b.maxVips()).isEqualTo(4);
    }

    @Test
    void tlsSubcommandsTakeBlixtsFlags() {
        CommandLine cl = new CommandLine(new ServerCommand());
        var parsed = cl.parseArgs("--port", "9000", "mutual-tls", "--server-certificate-path", "/c.pem",
                "--server-private-key-path", "/k.pem", "--client-certificate-authority-root-path", "/ca.pem");

        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("mutual-tls");
        ServerCommand.MutualTls m = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(m.certificate).isEqualTo(Path.of("/c.pem"));
        assertThat(m.privateKey).isEqualTo(Path.of("/k.pem"));
        assertThat(m.clientRoots).isEqualTo(Path.of("/ca.pem"));
        assertThat(ClientCommandTest.run("server", "tls", "--server-certificate-path", "/c.pem").err())
                .contains("Missing required option: '--server-private-key-path=PEM'");
    }
}
