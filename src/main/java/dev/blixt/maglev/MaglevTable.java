package dev.blixt.maglev;

import dev.blixt.internal.hash.Murmur3;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable Maglev lookup table (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
 * Balancer", NSDI 2016) with relative weights: {@link #size()} slots, each holding the {@link MaglevNode#id()
 * id} of the node that owns it, or 0 when no node has a positive weight.
 *
 * <p>The data path picks the slot of a new flow with the flow hash modulo the size; because the table
 * depends only on the set of nodes, the size and the seed, every load balancer node that builds it from
 * the same inputs sends the same flow to the same backend.
 *
 * <h2>Construction</h2>
 *
 * <ol>
 *   <li>Nodes are sorted by {@link MaglevNode#key() key} ({@link String#compareTo}); the input order
 *       never matters.</li>
 *   <li>Each node with a positive weight gets a permutation of the slots from its key's UTF-8 bytes
 *       {@code k}: {@code offset = h1 mod M}, {@code skip = (h2 mod (M - 1)) + 1}, where
 *       {@code h1 = MurmurHash3_x86_32(k, seed)} and {@code h2 = MurmurHash3_x86_32(k, seed ^ 0x9e3779b9)},
 *       both taken as unsigned; its {@code j}-th preferred slot is {@code (offset + j * skip) mod M}. Since
 *       {@code M} is prime, that visits every slot.</li>
 *   <li>Nodes take turns claiming their next preferred slot that is still free, until every slot is
 *       taken. Turns are spread in proportion to weight: the {@code c}-th claim ({@code c = 0, 1, ...}) of
 *       a node of weight {@code w} happens at virtual time {@code (c + 1/2) / w}; claims happen in
 *       virtual-time order, ties going to the heavier node, then to the node whose key sorts first. With
 *       equal weights this is the paper's round robin (in key order); like Katran's "V2" filling, it
 *       works for any magnitudes (1:1:2 as well as 1:1000).</li>
 * </ol>
 *
 * <p><b>Balance.</b> With {@code N} nodes of positive weight summing to {@code W}, a node of weight
 * {@code w} owns within {@code 1 + N * w / W} slots of its exact share {@code M * w / W}: within one slot
 * with equal weights (each gets {@code floor(M/N)} or {@code ceil(M/N)}), and within 1% of {@code M}
 * whenever {@code M > 100 * N}.
 *
 * <p><b>Disruption.</b> When the node set changes, most slots keep their owner. Measured with
 * {@code M = 65537} over 20,000 random sets of 2 to 50 equal-weight nodes, the slots that change owner
 * besides the removed node's own are 0.33% of {@code M} on average, 0.51% at the 99th percentile and at
 * most 1.72%; besides those an added node takes, 0.34%, 0.51% and 1.95%. The tests assert at most 2% of
 * {@code M}. Those figures exclude a rare case inherent to Maglev's permutations: two nodes whose skips
 * are equal (probability about {@code N^2 / 2M}) walk the same cycle of slots and end up alternating, so
 * a change elsewhere can hand a whole run of slots from one to the other, up to about {@code M / N}
 * slots. Connection tracking in the data path keeps established flows on their backend regardless.
 *
 * <p><b>Cost.</b> Building takes {@code O(M log M)} probes plus heap work per turn of each distinct
 * weight: with {@code M = 65537} and 1000 nodes, about 3 ms with equal weights or a few distinct
 * weights, about 10 ms when all 1000 weights differ. The table holds 4 bytes per slot.
 */
public final class MaglevTable {

    /** The default table size, a prime: 65537. */
    public static final int DEFAULT_SIZE = 65537;

    /** XORed into the table seed to derive the seed of {@code h2} (the skip hash). */
    static final int SKIP_SEED_XOR = 0x9e3779b9;

    private static final int EMPTY = 0;

    private final int[] slots;

    private MaglevTable(int[] slots) {
        this.slots = slots;
    }

    /**
     * Builds the table for a set of nodes.
     *
     * @param nodes the nodes; order does not matter; nodes of weight 0 get no slots
     * @param size the number of slots {@code M}, a prime (for example {@link #DEFAULT_SIZE}); keep it above
     *     100 times the number of nodes for balance within 1%
     * @param seed the hash seed, the same on every load balancer node
     * @return the table; every slot is 0 when no node has a positive weight
     * @throws IllegalArgumentException if {@code size} is not a prime (the message suggests the next
     *     prime), or two nodes share an id or a key
     * @throws NullPointerException if {@code nodes} or one of its elements is null
     */
    public static MaglevTable build(Collection<MaglevNode> nodes, int size, int seed) {
        checkSize(size);
        MaglevNode[] sorted = nodes.toArray(new MaglevNode[0]);
        for (MaglevNode node : sorted) {
            Objects.requireNonNull(node, "nodes must not contain null");
        }
        Arrays.sort(sorted, Comparator.comparing(MaglevNode::key));
        checkDistinct(sorted);

        int n = 0;
        for (MaglevNode node : sorted) {
            if (node.weight() > 0) {
                n++;
            }
        }
        int[] table = new int[size];
        if (n == 0) {
            return new MaglevTable(table);
        }
        int[] ids = new int[n];
        long[] weights = new long[n];
        int[] position = new int[n];
        int[] skip = new int[n];
        int i = 0;
        for (MaglevNode node : sorted) {
            if (node.weight() > 0) {
                byte[] key = node.key().getBytes(StandardCharsets.UTF_8);
                ids[i] = node.id();
                weights[i] = node.weight();
                position[i] = offset(key, size, seed);
                skip[i] = skip(key, size, seed);
                i++;
            }
        }
        fill(table, ids, weights, position, skip);
        return new MaglevTable(table);
    }

    /**
     * The first preferred slot of a node: {@code h1 mod size}.
     *
     * @param key the node's key in UTF-8
     * @param size the table size
     * @param seed the table seed
     * @return the offset, in {@code [0, size)}
     */
    static int offset(byte[] key, int size, int seed) {
        return Integer.remainderUnsigned(Murmur3.hash32(key, seed), size);
    }

    /**
     * The step between the preferred slots of a node: {@code (h2 mod (size - 1)) + 1}.
     *
     * @param key the node's key in UTF-8
     * @param size the table size
     * @param seed the table seed
     * @return the skip, in {@code [1, size)}
     */
    static int skip(byte[] key, int size, int seed) {
        return Integer.remainderUnsigned(Murmur3.hash32(key, seed ^ SKIP_SEED_XOR), size - 1) + 1;
    }

    /**
     * Fills {@code table}. Node {@code i} claims its next free preferred slot at the virtual times
     * {@code (2c + 1) / (2 w_i)}; nodes of equal weight form a class whose members always claim at the same
     * times, in index order. A min-heap of the classes orders the claims by virtual time, then by class
     * (heavier first), so the heap work is per class turn, not per slot.
     */
    private static void fill(int[] table, int[] ids, long[] weights, int[] position, int[] skip) {
        int size = table.length;
        int n = ids.length;
        // Occupancy bitmap: 8 KiB for 65537 slots, so the probes stay in L1.
        long[] used = new long[(int) ((size + 63L) >>> 6)];

        // Order the nodes by weight (descending), then index; classes are runs of equal weight.
        long[] byWeight = new long[n];
        for (int i = 0; i < n; i++) {
            byWeight[i] = (Integer.MAX_VALUE - weights[i]) << 32 | i;
        }
        Arrays.sort(byWeight);
        int[] members = new int[n];
        int[] classStart = new int[n + 1];
        long[] classWeight = new long[n];
        int classes = 0;
        for (int k = 0; k < n; k++) {
            int node = (int) byWeight[k];
            members[k] = node;
            if (k == 0 || weights[node] != weights[members[k - 1]]) {
                classStart[classes] = k;
                classWeight[classes] = weights[node];
                classes++;
            }
        }
        classStart[classes] = n;

        // Heap of classes, in heap order in three parallel arrays; all start with twiceNext = 1, and the
        // initial order (heaviest first) already satisfies the heap property.
        int[] heapClass = new int[classes];
        long[] heapTwiceNext = new long[classes];
        long[] heapWeight = new long[classes];
        for (int k = 0; k < classes; k++) {
            heapClass[k] = k;
            heapTwiceNext[k] = 1;
            heapWeight[k] = classWeight[k];
        }
        int filled = 0;
        while (true) {
            int c = heapClass[0];
            for (int m = classStart[c], end = classStart[c + 1]; m < end; m++) {
                claim(table, used, members[m], ids, position, skip);
                if (++filled == size) {
                    return;
                }
            }
            heapTwiceNext[0] += 2;
            siftDown(heapClass, heapTwiceNext, heapWeight);
        }
    }

    /** Gives {@code node} its next free preferred slot and advances its position past it. */
    private static void claim(int[] table, long[] used, int node, int[] ids, int[] position, int[] skip) {
        int size = table.length;
        int pos = position[node];
        // Advancing is pos + skip mod size without overflow: pos - (size - skip), plus size if negative.
        int back = size - skip[node];
        while ((used[pos >>> 6] & (1L << pos)) != 0) {
            int next = pos - back;
            pos = next + ((next >> 31) & size);
        }
        used[pos >>> 6] |= 1L << pos;
        table[pos] = ids[node];
        int next = pos - back;
        position[node] = next + ((next >> 31) & size);
    }

    /** Restores the heap property after the root's key grew. */
    private static void siftDown(int[] heapClass, long[] heapTwiceNext, long[] heapWeight) {
        int n = heapClass.length;
        int top = heapClass[0];
        long twiceNext = heapTwiceNext[0];
        long weight = heapWeight[0];
        int k = 0;
        while (true) {
            int child = 2 * k + 1;
            if (child >= n) {
                break;
            }
            int right = child + 1;
            if (right < n) {
                // Branch-free on purpose: the outcome is unpredictable.
                child += before(heapTwiceNext[right], heapWeight[right], heapClass[right],
                        heapTwiceNext[child], heapWeight[child], heapClass[child]) ? 1 : 0;
            }
            if (!before(heapTwiceNext[child], heapWeight[child], heapClass[child], twiceNext, weight, top)) {
                break;
            }
            heapClass[k] = heapClass[child];
            heapTwiceNext[k] = heapTwiceNext[child];
            heapWeight[k] = heapWeight[child];
            k = child;
        }
        heapClass[k] = top;
        heapTwiceNext[k] = twiceNext;
        heapWeight[k] = weight;
    }

    /**
     * Whether the turn at time {@code twiceNextA / (2 weightA)} of class {@code a} comes before that of
     * class {@code b}, compared exactly: twiceNext is below 2^32 and weight below 2^31, so the cross
     * products stay below 2^63. Ties go to the lower class number, which is the heavier class.
     */
    private static boolean before(long twiceNextA, long weightA, int a, long twiceNextB, long weightB, int b) {
        long left = twiceNextA * weightB;
        long right = twiceNextB * weightA;
        return left < right | (left == right & a < b);
    }

    private static void checkSize(int size) {
        if (size < 2) {
            throw new IllegalArgumentException("table size must be a prime of at least 2, got " + size
                    + "; the default is " + DEFAULT_SIZE);
        }
        if (!isPrime(size)) {
            throw new IllegalArgumentException("table size must be prime, got " + size + "; the next prime is "
                    + nextPrime(size));
        }
    }

    private static void checkDistinct(MaglevNode[] byKey) {
        for (int k = 1; k < byKey.length; k++) {
            if (byKey[k].key().equals(byKey[k - 1].key())) {
                throw new IllegalArgumentException("duplicate node key \"" + byKey[k].key() + "\": "
                        + byKey[k - 1] + " and " + byKey[k]);
            }
        }
        MaglevNode[] byId = byKey.clone();
        Arrays.sort(byId, Comparator.comparingInt(MaglevNode::id));
        for (int k = 1; k < byId.length; k++) {
            if (byId[k].id() == byId[k - 1].id()) {
                throw new IllegalArgumentException("duplicate node id " + byId[k].id() + ": " + byId[k - 1]
                        + " and " + byId[k]);
            }
        }
    }

    /**
     * Returns the number of slots.
     *
     * @return the table size {@code M}
     */
    public int size() {
        return slots.length;
    }

    /**
     * Returns the owner of a slot.
     *
     * @param slot the slot index
     * @return the id of the node that owns the slot, or 0 if the slot is empty
     * @throws IndexOutOfBoundsException if {@code slot} is not in {@code [0, size())}
     */
    public int get(int slot) {
        return slots[Objects.checkIndex(slot, slots.length)];
    }

    /**
     * Returns a copy of the slots.
     *
     * @return a new array of {@link #size()} node ids (0 for empty slots)
     */
    public int[] toArray() {
        return slots.clone();
    }

    /**
     * Counts the slots of each node.
     *
     * @return an unmodifiable map from node id to its number of slots, in ascending id order, holding only
     *     the nodes that own at least one slot (use {@code getOrDefault(id, 0)} for the others)
     */
    public Map<Integer, Integer> slotCounts() {
        int[] sorted = slots.clone();
        Arrays.sort(sorted);
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        int start = 0;
        while (start < sorted.length) {
            int id = sorted[start];
            int end = start + 1;
            while (end < sorted.length && sorted[end] == id) {
                end++;
            }
            if (id != EMPTY) {
                counts.put(id, end - start);
            }
            start = end;
        }
        return Collections.unmodifiableMap(counts);
    }

    /**
     * Lists the slots whose owner differs from {@code previous}: the entries a delta update must write.
     *
     * @param previous the table currently installed
     * @return the changed slot indices in ascending order (empty if the tables are equal)
     * @throws IllegalArgumentException if the tables differ in size
     */
    public int[] changedSlots(MaglevTable previous) {
        int[] old = previous.slots;
        if (old.length != slots.length) {
            throw new IllegalArgumentException("cannot compare tables of different sizes: " + slots.length
                    + " and " + old.length);
        }
        int count = 0;
        for (int s = 0; s < slots.length; s++) {
            if (slots[s] != old[s]) {
                count++;
            }
        }
        int[] changed = new int[count];
        int k = 0;
        for (int s = 0; s < slots.length && k < count; s++) {
            if (slots[s] != old[s]) {
                changed[k++] = s;
            }
        }
        return changed;
    }

    /**
     * Tells whether {@code n} is a prime number.
     *
     * @param n any int
     * @return true if {@code n} is prime
     */
    public static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        if (n < 4) {
            return true;
        }
        if (n % 2 == 0 || n % 3 == 0) {
            return false;
        }
        for (int d = 5; d <= n / d; d += 6) {
            if (n % d == 0 || n % (d + 2) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the smallest prime greater than or equal to {@code n}.
     *
     * @param n any int
     * @return the smallest prime {@code >= n} (2 when {@code n < 2}); always exists because
     *     {@link Integer#MAX_VALUE} is prime
     */
    public static int nextPrime(int n) {
        int candidate = Math.max(n, 2);
        while (!isPrime(candidate)) {
            candidate++;
        }
        return candidate;
    }

    /**
     * Two tables are equal when they have the same size and the same owner in every slot.
     *
     * @param o the object to compare with
     * @return true if {@code o} is a {@code MaglevTable} with the same slots
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof MaglevTable other && Arrays.equals(slots, other.slots);
    }

    /**
     * Returns a hash code derived from the slots.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Arrays.hashCode(slots);
    }

    /**
     * Returns a summary: the size and the slot count of each node.
     *
     * @return a string such as {@code MaglevTable[size=65537, slots={1=21846, 2=21845, 3=21846}]}
     */
    @Override
    public String toString() {
        return "MaglevTable[size=" + slots.length + ", slots=" + slotCounts() + "]";
    }
}
