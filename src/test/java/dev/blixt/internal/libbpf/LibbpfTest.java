package dev.blixt.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import dev.blixt.testing.NeedsLibbpf;
import org.junit.jupiter.api.Test;

/** The runtime around the bindings: version check, error strings, the print callback. */
@NeedsLibbpf
class LibbpfTest {

    @Test
    void acceptsTheInstalledLibbpfAndReportsItsVersion() {
        String version = Libbpf.init();
        assertThat(version).matches("\\d+\\.\\d+");
        assertThat(Integer.parseInt(version.split("\\.")[0])).isGreaterThanOrEqualTo(libbpf_h.MIN_MAJOR_VERSION);
        assertThat(libbpf_h.string(libbpf_h.libbpf_version_string())).startsWith("v" + version);
    }

    @Test
    void describesErrorsWithLibbpfStrerror() {
        assertThat(Libbpf.strerror(1)).isEqualTo("Operation not permitted");
        assertThat(Libbpf.strerror(-4001)).containsIgnoringCase("format");
    }

    @Test
    void capturesLibbpfWarningsPrintedThroughTheVaListCallback() {
        Libbpf.init();
        try (Libbpf.Capture capture = Libbpf.capture(); Arena arena = Arena.ofConfined()) {
            // Garbage is not an ELF file: libbpf warns through its print callback (printf-style, va_list).
            MemorySegment junk = arena.allocate(64);
            junk.fill((byte) 0x5A);
            MemorySegment state = libbpf_h.allocateErrnoState(arena);
            MemorySegment obj = libbpf_h.bpf_object__open_mem(state, junk, 64, MemorySegment.NULL);
            assertThat(obj).isEqualTo(MemorySegment.NULL);
            assertThat(libbpf_h.errno(state)).isNotZero();
            assertThat(capture.lines()).isNotEmpty().allMatch(l -> l.startsWith("libbpf: "));
            assertThat(capture.tail(5)).contains("ELF").doesNotStartWith("libbpf: ");
        }
    }

    @Test
    void countsPossibleCpus() {
        assertThat(Libbpf.possibleCpus()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
