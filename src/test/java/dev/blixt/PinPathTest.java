package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.error.DataplaneException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pin path that is not on bpffs is refused before anything is created in it. */
class PinPathTest {
    @TempDir
    Path tmp;

    @Test
    void aPinPathOffBpffsIsRefusedAndNothingIsLeftBehind() throws IOException {
        assertThat(Files.getFileStore(tmp).type()).as("the temporary directory is not on bpffs").isNotEqualTo("bpf");
        Path pin = tmp.resolve("pins");
        DataplaneConfig config = DataplaneConfig.builder().interfaces("lo").attachMode(AttachMode.TC).pinPath(pin)
                .maxVips(1).ringSize(251).flowTableSize(1024).build();

        assertThatThrownBy(() -> Dataplane.open(config)).isInstanceOf(DataplaneException.class)
                .hasMessageContaining("is not on a bpffs mount").hasMessageContaining("/sys/fs/bpf")
                .hasMessageContaining("nothing was created");

        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.toList()).as("what the failed open left in " + tmp).isEmpty();
        }
    }

    @Test
    void aPinPathInsideAnExistingDirectoryOffBpffsIsRefusedToo() throws IOException {
        Path pin = Files.createDirectories(tmp.resolve("existing"));
        DataplaneConfig config = DataplaneConfig.builder().interfaces("lo").attachMode(AttachMode.TC).pinPath(pin)
                .maxVips(1).ringSize(251).flowTableSize(1024).build();

        assertThatThrownBy(() -> Dataplane.open(config)).isInstanceOf(DataplaneException.class)
                .hasMessageContaining("is not on a bpffs mount");

        try (Stream<Path> left = Files.list(pin)) {
            assertThat(left.toList()).as("no maps/ or links/ in " + pin).isEmpty();
        }
    }
}
