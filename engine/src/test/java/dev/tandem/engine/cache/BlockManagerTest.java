package dev.tandem.engine.cache;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockManagerTest {

    private static final BlockHash FINGERPRINT = new BlockHash(1, 2);

    /** A bare sequence for the block manager alone. */
    static final class TestSequence implements CachedSequence {
        int[] tokens;
        int length;
        int computed;
        final BlockTable table = new BlockTable();

        TestSequence(int... tokens) {
            this.tokens = Arrays.copyOf(tokens, tokens.length + 256);
            this.length = tokens.length;
        }

        @Override public int[] tokens() { return tokens; }
        @Override public int length() { return length; }
        @Override public BlockTable blockTable() { return table; }
        @Override public int computedTokens() { return computed; }
        @Override public void setComputedTokens(int tokens) { computed = tokens; }

        void grow(int token) {
            tokens[length++] = token;
        }
    }

    private static int[] range(int from, int length) {
        int[] tokens = new int[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = from + i;
        }
        return tokens;
    }

    @Test
    void theCachedPrefixEstimateCountsTheLeadingRunOfCommittedBlocks() {
        BlockManager manager = new BlockManager(8, new PrefixHasher(FINGERPRINT, 4));
        assertEquals(0, manager.cachedPrefixEstimate(range(0, 10)));
        TestSequence first = new TestSequence(range(0, 10));
        manager.allocate(first);
        first.setComputedTokens(10);
        manager.commit(first);
        assertEquals(8, manager.cachedPrefixEstimate(range(0, 12)), "two full blocks; the third was never committed");
        assertEquals(7, manager.cachedPrefixEstimate(range(0, 8)), "the last token is always computed");
        int[] diverging = range(0, 12);
        diverging[5] = 99;
        assertEquals(4, manager.cachedPrefixEstimate(diverging), "the chain breaks at the second block");
        TestSequence reader = new TestSequence(range(0, 12));
        manager.allocate(reader);
        assertEquals(manager.cachedPrefixEstimate(range(0, 12)), reader.computedTokens(), "what allocate then finds");
    }

    @Test
    void committedFullBlocksAreSharedAndSurviveBeingFreed() {
        BlockManager manager = new BlockManager(8, new PrefixHasher(FINGERPRINT, 4));
        TestSequence first = new TestSequence(range(0, 10));
        manager.allocate(first);
        assertEquals(0, first.computedTokens());
        assertEquals(5, manager.freeBlocks());
        first.setComputedTokens(10);
        manager.commit(first);

        TestSequence second = new TestSequence(range(0, 9));
        manager.allocate(second);
        assertEquals(8, second.computedTokens(), "two full blocks shared");
        assertEquals(first.table.get(0), second.table.get(0));
        assertEquals(first.table.get(1), second.table.get(1));
        assertEquals(4, manager.freeBlocks());

        manager.deallocate(first);
        manager.deallocate(second);
        assertEquals(8, manager.freeBlocks());
        TestSequence third = new TestSequence(range(0, 12));
        manager.allocate(third);
        assertEquals(8, third.computedTokens(), "freed blocks keep their hash until reused");
        manager.checkInvariants(List.of(third));
    }

    @Test
    void aFullyCachedPromptStillComputesItsLastToken() {
        BlockManager manager = new BlockManager(4, new PrefixHasher(FINGERPRINT, 4));
        TestSequence first = new TestSequence(range(0, 8));
        manager.allocate(first);
        first.setComputedTokens(8);
        manager.commit(first);
        TestSequence again = new TestSequence(range(0, 8));
        manager.allocate(again);
        assertEquals(7, again.computedTokens());
    }

    @Test
    void differentPrefixesDoNotShare() {
        BlockManager manager = new BlockManager(8, new PrefixHasher(FINGERPRINT, 4));
        TestSequence first = new TestSequence(range(0, 8));
        manager.allocate(first);
        first.setComputedTokens(8);
        manager.commit(first);
        int[] other = range(0, 8);
        other[0] = 99;
        TestSequence second = new TestSequence(other);
        manager.allocate(second);
        assertEquals(0, second.computedTokens(), "the second block's hash chains from a different first block");
        BlockManager otherModel = new BlockManager(8, new PrefixHasher(new BlockHash(3, 4), 4));
        assertFalse(Arrays.equals(new PrefixHasher(FINGERPRINT, 4).chain(range(0, 8), 8), new PrefixHasher(new BlockHash(3, 4), 4).chain(range(0, 8), 8)));
        assertEquals(8, otherModel.freeBlocks());
    }

    @Test
    void failedChecksChangeNothing() {
        BlockManager manager = new BlockManager(2, new PrefixHasher(FINGERPRINT, 4));
        TestSequence big = new TestSequence(range(0, 12));
        assertFalse(manager.canAllocate(big));
        assertThrows(IllegalStateException.class, () -> manager.allocate(big));
        assertEquals(0, big.table.size());
        assertEquals(2, manager.freeBlocks());

        TestSequence small = new TestSequence(range(0, 8));
        manager.allocate(small);
        assertFalse(manager.canAppend(small, 9));
        assertThrows(IllegalStateException.class, () -> manager.append(small, 9));
        assertEquals(2, small.table.size());
        assertTrue(manager.canAppend(small, 8));
    }

    @Test
    void invariantsHoldUnderRandomOperations() {
        SplittableRandom random = new SplittableRandom(2026);
        BlockManager manager = new BlockManager(24, new PrefixHasher(FINGERPRINT, 4));
        List<TestSequence> live = new ArrayList<>();
        for (int op = 0; op < 5000; op++) {
            int choice = random.nextInt(4);
            if (choice == 0 || live.isEmpty()) {
                // Prompts drawn from a few shared prefixes, so hits and collisions of reuse happen.
                int[] tokens = range(random.nextInt(3) * 100, 1 + random.nextInt(20));
                if (random.nextBoolean()) {
                    tokens[tokens.length - 1] = random.nextInt(1000);
                }
                TestSequence s = new TestSequence(tokens);
                int freeBefore = manager.freeBlocks();
                if (manager.canAllocate(s)) {
                    manager.allocate(s);
                    assertTrue(s.computedTokens() < s.length());
                    live.add(s);
                } else {
                    assertEquals(freeBefore, manager.freeBlocks());
                }
            } else if (choice == 1) {
                TestSequence s = live.get(random.nextInt(live.size()));
                s.setComputedTokens(s.length());
                manager.commit(s);
            } else if (choice == 2) {
                TestSequence s = live.get(random.nextInt(live.size()));
                if (s.computedTokens() == s.length() && manager.canAppend(s, s.length() + 1)) {
                    s.grow(random.nextInt(1000));
                    manager.append(s, s.length());
                }
            } else {
                manager.deallocate(live.remove(random.nextInt(live.size())));
            }
            manager.checkInvariants(live);
        }
        live.forEach(manager::deallocate);
        assertEquals(24, manager.freeBlocks());
        manager.checkInvariants(List.of());
    }
}
