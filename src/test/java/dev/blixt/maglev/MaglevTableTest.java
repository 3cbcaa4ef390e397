package dev.blixt.maglev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.blixt.internal.hash.Murmur3;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MaglevTableTest {

    private static final int M = MaglevTable.DEFAULT_SIZE;

    // ---------------------------------------------------------------- examples

    @Test
    void threeEqualNodesSplitTheTableEvenly() {
        MaglevTable table = MaglevTable.build(List.of(
                new MaglevNode(1, "198.18.1.1:8080", 1),
                new MaglevNode(2, "198.18.1.2:8080", 1),
                new MaglevNode(3, "198.18.1.3:8080", 1)), M, 0);
        assertThat(table.size()).isEqualTo(M);
        assertThat(table.slotCounts()).containsOnlyKeys(1, 2, 3);
        assertThat(table.slotCounts().values()).allSatisfy(c -> assertThat(c).isBetween(M / 3, M / 3 + 1));
        assertThat(table.toString()).startsWith("MaglevTable[size=65537, slots={1=");
    }

    @Test
    void weightsOneOneTwoGiveAQuarterAQuarterAndAHalf() {
        MaglevTable table = MaglevTable.build(List.of(
                new MaglevNode(1, "a", 1), new MaglevNode(2, "b", 1), new MaglevNode(3, "c", 2)), M, 7);
        Map<Integer, Integer> counts = table.slotCounts();
        assertThat(counts.get(1)).isCloseTo(M / 4, within(3));
        assertThat(counts.get(2)).isCloseTo(M / 4, within(3));
        assertThat(counts.get(3)).isCloseTo(M / 2, within(3));
    }

    @Test
    void weightsOneToAThousandGiveTheLightNodeItsSmallShare() {
        MaglevTable table = MaglevTable.build(List.of(
                new MaglevNode(1, "light", 1), new MaglevNode(2, "heavy", 1000)), M, 7);
        // 65537 / 1001 = 65.47
        assertThat(table.slotCounts().get(1)).isBetween(64, 67);
        assertThat(table.slotCounts().get(2)).isEqualTo(M - table.slotCounts().get(1));
    }

    @Test
    void hugeWeightsDoNotOverflow() {
        MaglevTable table = MaglevTable.build(List.of(
                new MaglevNode(1, "a", Integer.MAX_VALUE), new MaglevNode(2, "b", Integer.MAX_VALUE - 1),
                new MaglevNode(3, "c", 1)), M, 3);
        Map<Integer, Integer> counts = table.slotCounts();
        assertThat(counts.get(1)).isBetween(M / 2 - 2, M / 2 + 2);
        assertThat(counts.get(2)).isBetween(M / 2 - 2, M / 2 + 2);
        assertThat(counts.getOrDefault(3, 0)).isLessThanOrEqualTo(1);
    }

    @Test
    void aSingleNodeOwnsEverySlot() {
        MaglevTable table = MaglevTable.build(List.of(new MaglevNode(9, "only", 5)), 13, 0);
        assertThat(table.toArray()).containsOnly(9);
        assertThat(table.slotCounts()).containsExactly(Map.entry(9, 13));
    }

    @Test
    void theSmallestPrimeSizeWorks() {
        MaglevTable table = MaglevTable.build(List.of(new MaglevNode(1, "a", 1), new MaglevNode(2, "b", 1)), 2, 0);
        assertThat(table.toArray()).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void aNodeOfWeightZeroGetsNoSlots() {
        MaglevTable table = MaglevTable.build(List.of(
                new MaglevNode(1, "a", 1), new MaglevNode(2, "draining", 0), new MaglevNode(3, "c", 1)), M, 0);
        assertThat(table.slotCounts()).containsOnlyKeys(1, 3);
        assertThat(table.toArray()).doesNotContain(2, 0);
    }

    @Test
    void withAllWeightsZeroEverySlotIsEmpty() {
        MaglevTable table = MaglevTable.build(List.of(new MaglevNode(1, "a", 0), new MaglevNode(2, "b", 0)), M, 0);
        assertThat(table.toArray()).containsOnly(0);
        assertThat(table.slotCounts()).isEmpty();
        assertThat(MaglevTable.build(List.of(), 13, 0).toArray()).containsOnly(0);
    }

    @Test
    void theTableIsPinnedForFixedInputs() {
        // Pins the whole algorithm (hashes, permutations, claim order): every load balancer node and every
        // version must produce the same table for the same inputs. Changing it breaks mixed-version fleets.
        MaglevTable table = MaglevTable.build(List.of(
                new MaglevNode(1, "198.18.1.1:8080", 1),
                new MaglevNode(2, "198.18.1.2:8080", 2),
                new MaglevNode(3, "198.18.1.3:8080", 1)), 13, 0);
        assertThat(table.toArray()).containsExactly(2, 2, 2, 1, 2, 3, 2, 1, 2, 3, 3, 2, 1);
        MaglevTable large = MaglevTable.build(nodes(new Random(42), 20, true), M, 0x5eed);
        assertThat(large.hashCode()).isEqualTo(1549801116); // Arrays.hashCode of the 65537 slots
    }

    @Test
    void getChecksTheSlotIndex() {
        MaglevTable table = MaglevTable.build(List.of(new MaglevNode(1, "a", 1)), 13, 0);
        assertThat(table.get(12)).isEqualTo(1);
        assertThatThrownBy(() -> table.get(13)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> table.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void toArrayReturnsACopy() {
        MaglevTable table = MaglevTable.build(List.of(new MaglevNode(1, "a", 1)), 13, 0);
        table.toArray()[0] = 42;
        assertThat(table.get(0)).isEqualTo(1);
    }

    @Test
    void changedSlotsListsExactlyTheSlotsWhoseOwnerDiffers() {
        List<MaglevNode> nodes = nodes(new Random(1), 10, false);
        MaglevTable before = MaglevTable.build(nodes, M, 0);
        MaglevTable after = MaglevTable.build(nodes.subList(1, nodes.size()), M, 0);
        int[] changed = after.changedSlots(before);
        int[] expected = IntStream.range(0, M).filter(s -> before.get(s) != after.get(s)).toArray();
        assertThat(changed).containsExactly(expected);
        assertThat(before.changedSlots(before)).isEmpty();
    }

    @Test
    void changedSlotsRejectsATableOfAnotherSize() {
        MaglevTable a = MaglevTable.build(List.of(new MaglevNode(1, "a", 1)), 13, 0);
        MaglevTable b = MaglevTable.build(List.of(new MaglevNode(1, "a", 1)), 17, 0);
        assertThatThrownBy(() -> a.changedSlots(b))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("13").hasMessageContaining("17");
    }

    @Test
    void tablesAreEqualWhenTheirSlotsAre() {
        List<MaglevNode> nodes = nodes(new Random(2), 5, true);
        MaglevTable a = MaglevTable.build(nodes, 251, 5);
        MaglevTable b = MaglevTable.build(nodes, 251, 5);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotSameAs(b);
        assertThat(MaglevTable.build(nodes, 251, 6)).isNotEqualTo(a);
        assertThat(MaglevTable.build(nodes, 257, 5)).isNotEqualTo(a);
    }

    @Test
    void primesAreRecognised() {
        assertThat(MaglevTable.isPrime(2)).isTrue();
        assertThat(MaglevTable.isPrime(3)).isTrue();
        assertThat(MaglevTable.isPrime(65537)).isTrue();
        assertThat(MaglevTable.isPrime(655373)).isTrue();
        assertThat(MaglevTable.isPrime(Integer.MAX_VALUE)).isTrue();
        assertThat(MaglevTable.isPrime(1)).isFalse();
        assertThat(MaglevTable.isPrime(0)).isFalse();
        assertThat(MaglevTable.isPrime(-7)).isFalse();
        assertThat(MaglevTable.isPrime(65536)).isFalse();
        assertThat(MaglevTable.isPrime(46349 * 46351)).isFalse(); // product of two primes near sqrt(2^31)
        qt().forAll(integers().all()).checkAssert(n ->
                assertThat(MaglevTable.isPrime(n)).isEqualTo(n > 1 && BigInteger.valueOf(n).isProbablePrime(64)));
    }

    @Test
    void nextPrimeIsTheSmallestPrimeAtOrAboveItsArgument() {
        assertThat(MaglevTable.nextPrime(65536)).isEqualTo(65537);
        assertThat(MaglevTable.nextPrime(65537)).isEqualTo(65537);
        assertThat(MaglevTable.nextPrime(65538)).isEqualTo(65539);
        assertThat(MaglevTable.nextPrime(-5)).isEqualTo(2);
        assertThat(MaglevTable.nextPrime(Integer.MAX_VALUE - 1)).isEqualTo(Integer.MAX_VALUE);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void aSizeThatIsNotPrimeIsRejectedWithTheNextPrime() {
        assertThatThrownBy(() -> MaglevTable.build(List.of(), 65536, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536").hasMessageContaining("next prime is 65537");
    }

    @Test
    void aSizeBelowTwoIsRejected() {
        for (int size : new int[] {1, 0, -3}) {
            assertThatThrownBy(() -> MaglevTable.build(List.of(), size, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got " + size);
        }
    }

    @Test
    void duplicateIdsAreRejected() {
        assertThatThrownBy(() -> MaglevTable.build(List.of(new MaglevNode(4, "a", 1), new MaglevNode(4, "b", 1)), 13, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate node id 4");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThatThrownBy(() -> MaglevTable.build(
                        List.of(new MaglevNode(1, "10.0.0.1:80", 1), new MaglevNode(2, "10.0.0.1:80", 3)), 13, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate node key \"10.0.0.1:80\"");
    }

    @Test
    void aNullNodeIsRejected() {
        List<MaglevNode> nodes = new ArrayList<>();
        nodes.add(null);
        assertThatThrownBy(() -> MaglevTable.build(nodes, 13, 0)).isInstanceOf(NullPointerException.class);
    }

    // ---------------------------------------------------------------- properties

    @Test
    void equalWeightsGiveEveryNodeItsShareWithinOneSlot() {
        qt().withExamples(60).forAll(integers().between(1, 50), longs().all()).checkAssert((n, random) -> {
            Random r = new Random(random);
            MaglevTable table = MaglevTable.build(nodes(r, n, false), M, r.nextInt());
            Map<Integer, Integer> counts = table.slotCounts();
            assertThat(counts).hasSize(n);
            // The paper's guarantee: floor(M/N) or ceil(M/N) each; a fortiori within 1% of M.
            assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(M / n, (M + n - 1) / n));
        });
    }

    @Test
    void randomWeightsGiveEveryNodeItsWeightShareWithinOnePercent() {
        qt().withExamples(60).forAll(integers().between(1, 50), longs().all()).checkAssert((n, random) -> {
            Random r = new Random(random);
            List<MaglevNode> nodes = nodes(r, n, true);
            MaglevTable table = MaglevTable.build(nodes, M, r.nextInt());
            long totalWeight = nodes.stream().mapToLong(MaglevNode::weight).sum();
            Map<Integer, Integer> counts = table.slotCounts();
            for (MaglevNode node : nodes) {
                int count = counts.getOrDefault(node.id(), 0);
                double exact = (double) M * node.weight() / totalWeight;
                assertThat(Math.abs(count - exact)).as("node %s", node).isLessThanOrEqualTo(0.01 * M);
                // The documented bound: at most 1 + N * w / W slots away from the exact share.
                assertThat(Math.abs(count - exact)).as("node %s", node)
                        .isLessThanOrEqualTo(1 + (double) n * node.weight() / totalWeight);
            }
        });
    }

    @Test
    void inputOrderDoesNotMatter() {
        qt().withExamples(40).forAll(integers().between(1, 50), longs().all()).checkAssert((n, random) -> {
            Random r = new Random(random);
            List<MaglevNode> nodes = nodes(r, n, true);
            int seed = r.nextInt();
            List<MaglevNode> shuffled = new ArrayList<>(nodes);
            Collections.shuffle(shuffled, r);
            MaglevTable a = MaglevTable.build(nodes, M, seed);
            MaglevTable b = MaglevTable.build(shuffled, M, seed);
            assertThat(b).isEqualTo(a);
            assertThat(b.toArray()).isEqualTo(a.toArray());
            assertThat(MaglevTable.build(nodes, M, seed)).isEqualTo(a);
        });
    }

    @Test
    void aNodeOfWeightZeroChangesNothing() {
        qt().withExamples(30).forAll(integers().between(1, 30), longs().all()).checkAssert((n, random) -> {
            Random r = new Random(random);
            List<MaglevNode> nodes = nodes(r, n, true);
            int seed = r.nextInt();
            List<MaglevNode> withDrained = new ArrayList<>(nodes);
            MaglevNode drained = new MaglevNode(10_000, "203.0.113.1:" + r.nextInt(65536), 0);
            withDrained.add(drained);
            MaglevTable table = MaglevTable.build(withDrained, M, seed);
            assertThat(table.toArray()).doesNotContain(drained.id());
            assertThat(table).isEqualTo(MaglevTable.build(nodes, M, seed));
        });
    }

    @Test
    void matchesAStraightforwardReferenceImplementation() {
        int[] primes = {2, 3, 5, 7, 13, 31, 101, 251, 509};
        qt().withExamples(300)
                .forAll(integers().between(0, primes.length - 1), integers().between(0, 12), longs().all())
                .checkAssert((p, n, random) -> {
                    Random r = new Random(random);
                    int size = primes[p];
                    List<MaglevNode> nodes = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        int weight = switch (r.nextInt(4)) {
                            case 0 -> 0;
                            case 1 -> 1 + r.nextInt(3);
                            case 2 -> 1 + r.nextInt(1000);
                            default -> r.nextInt(Integer.MAX_VALUE);
                        };
                        nodes.add(new MaglevNode(i + 1, "node-" + r.nextInt(1_000_000) + "-" + i, weight));
                    }
                    int seed = r.nextInt();
                    assertThat(MaglevTable.build(nodes, size, seed).toArray())
                            .isEqualTo(reference(nodes, size, seed));
                });
    }

    /*
     * Minimal disruption, measured with M = 65537 over 20,000 random cases of N = 2..50 equal-weight nodes
     * (random keys and seeds), counting the slots that change owner besides the removed node's own (or
     * besides those the added node takes):
     *
     *   removing one node: mean 0.33% of M, p99 0.51%, max 1.72%
     *   adding one node:   mean 0.34% of M, p99 0.51%, max 1.95%
     *
     * Those figures exclude the ~0.6% of cases where two nodes share a skip (probability about
     * N^2 / 2(M - 1)): such a pair walks the same cycle of slots and ends up claiming alternate free
     * slots, so any change that shifts that alternation hands the rest of the run from one to the other,
     * up to about M/N slots (measured: 33% of M for N = 3, 9% for N = 10, 3% for N = 20, 0.6% for N = 50).
     * Related skips (s' = -s or 2s) produce the smaller tail above 1%. This is inherent to Maglev's
     * permutations (offset + j * skip), not to this implementation.
     *
     * The tests assert at most 2% of M per case outside shared-skip cases. The examples use a fixed
     * QuickTheories seed, because the tail is real: a fresh random sample could eventually land on it.
     */
    private static final double MAX_EXTRA_DISRUPTION = 0.02;

    private static final long DISRUPTION_SEED = 0x6d61676c6576L;

    @Test
    void removingANodeMovesFewOtherSlots() {
        qt().withFixedSeed(DISRUPTION_SEED).withExamples(150).forAll(integers().between(2, 50), longs().all()).checkAssert((n, random) -> {
            Random r = new Random(random);
            List<MaglevNode> nodes = nodes(r, n, false);
            int seed = r.nextInt();
            MaglevNode removed = nodes.get(r.nextInt(n));
            List<MaglevNode> rest = new ArrayList<>(nodes);
            rest.remove(removed);
            MaglevTable before = MaglevTable.build(nodes, M, seed);
            MaglevTable after = MaglevTable.build(rest, M, seed);
            int moved = 0;
            for (int slot : after.changedSlots(before)) {
                if (before.get(slot) != removed.id()) {
                    moved++;
                }
            }
            assertThat(after.toArray()).doesNotContain(removed.id());
            if (!shareASkip(nodes, seed)) {
                assertThat(moved).as("slots moved besides the removed node's").isLessThanOrEqualTo(
                        (int) (MAX_EXTRA_DISRUPTION * M));
            }
        });
    }

    @Test
    void addingANodeMovesFewOtherSlots() {
        qt().withFixedSeed(DISRUPTION_SEED).withExamples(150).forAll(integers().between(1, 49), longs().all()).checkAssert((n, random) -> {
            Random r = new Random(random);
            List<MaglevNode> nodes = nodes(r, n, false);
            int seed = r.nextInt();
            MaglevNode added = new MaglevNode(10_000, "203.0.113." + r.nextInt(256) + ":" + r.nextInt(65536), 1);
            List<MaglevNode> more = new ArrayList<>(nodes);
            more.add(added);
            MaglevTable before = MaglevTable.build(nodes, M, seed);
            MaglevTable after = MaglevTable.build(more, M, seed);
            int moved = 0;
            for (int slot : after.changedSlots(before)) {
                if (after.get(slot) != added.id()) {
                    moved++;
                }
            }
            if (!shareASkip(more, seed)) {
                assertThat(moved).as("slots moved besides the added node's").isLessThanOrEqualTo(
                        (int) (MAX_EXTRA_DISRUPTION * M));
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    /** {@code n} nodes with distinct random keys shaped like the control plane's, ids 1..n. */
    static List<MaglevNode> nodes(Random r, int n, boolean randomWeights) {
        List<MaglevNode> nodes = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        while (nodes.size() < n) {
            String key = "198.18." + r.nextInt(256) + "." + r.nextInt(256) + ":" + (1024 + r.nextInt(64512));
            if (keys.add(key)) {
                nodes.add(new MaglevNode(nodes.size() + 1, key, randomWeights ? 1 + r.nextInt(10) : 1));
            }
        }
        return nodes;
    }

    private static boolean shareASkip(List<MaglevNode> nodes, int seed) {
        Set<Integer> skips = new HashSet<>();
        for (MaglevNode node : nodes) {
            if (!skips.add(MaglevTable.skip(node.key().getBytes(StandardCharsets.UTF_8), M, seed))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The construction as documented, written for clarity: materialised permutations and an explicit,
     * fully sorted list of claim events ordered by exact virtual time (2c + 1) / (2w), then heavier
     * weight, then key.
     */
    private static int[] reference(List<MaglevNode> input, int size, int seed) {
        List<MaglevNode> nodes = new ArrayList<>(input.stream().filter(x -> x.weight() > 0).toList());
        nodes.sort(Comparator.comparing(MaglevNode::key));
        int n = nodes.size();
        int[][] permutation = new int[n][size];
        for (int i = 0; i < n; i++) {
            byte[] key = nodes.get(i).key().getBytes(StandardCharsets.UTF_8);
            long offset = Integer.toUnsignedLong(Murmur3.hash32(key, seed)) % size;
            long skip = Integer.toUnsignedLong(Murmur3.hash32(key, seed ^ 0x9e3779b9))
                    % (size - 1) + 1;
            for (int j = 0; j < size; j++) {
                permutation[i][j] = (int) ((offset + j * skip) % size);
            }
        }
        record Event(int node, long turn, long weight) {}
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < size; c++) {
                events.add(new Event(i, c, nodes.get(i).weight()));
            }
        }
        events.sort((a, b) -> {
            BigInteger left = BigInteger.valueOf(2 * a.turn() + 1).multiply(BigInteger.valueOf(b.weight()));
            BigInteger right = BigInteger.valueOf(2 * b.turn() + 1).multiply(BigInteger.valueOf(a.weight()));
            int byTime = left.compareTo(right);
            if (byTime != 0) {
                return byTime;
            }
            int byWeight = Long.compare(b.weight(), a.weight());
            return byWeight != 0 ? byWeight : Integer.compare(a.node(), b.node());
        });
        int[] table = new int[size];
        int[] next = new int[n];
        int filled = 0;
        for (Event e : events) {
            if (filled == size) {
                break;
            }
            int i = e.node();
            while (table[permutation[i][next[i]]] != 0) {
                next[i]++;
            }
            table[permutation[i][next[i]]] = nodes.get(i).id();
            next[i]++;
            filled++;
        }
        return table;
    }
}
