package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * The seeded fuzzer ({@link DatapathFuzzer}) through the loaded XDP and tc programs: 10<sup>5</sup>
 * generated and mutated frames, each output checked by {@link FuzzOracle} (verdicts, bytes after
 * the datagram, drops, checksums, where translated packets go). {@code -Dblixt.fuzz.frames=N} and
 * {@code -Dblixt.fuzz.seed=S} change the count and the seed; a failure prints the frame in hex.
 */
@Privileged
class DatapathFuzzTest {

    @Test
    void mutatedFramesOfEveryKindGetOnlyDefinedVerdictsAndCorrectOutputs() {
        int frames = Integer.getInteger("blixt.fuzz.frames", 100_000);
        long seed = Long.decode(System.getProperty("blixt.fuzz.seed", Long.toString(DatapathFuzzer.SEED)));
        DatapathFuzzer.Report r = DatapathFuzzer.run(seed, frames, System.out);
        System.out.println(r.summary());
        assertThat(r.failures()).as(r.summary()).isEmpty();
        // The corpus reaches every outcome: a generator that stopped producing one would test nothing there.
        assertThat(r.outcomes()).as(r.summary()).containsKeys("DROPPED", "UNCHANGED", "FORWARD", "REPLY", "ECHO",
                "ICMP_TO_CLIENT", "ICMP_TO_BACKEND");
    }
}
