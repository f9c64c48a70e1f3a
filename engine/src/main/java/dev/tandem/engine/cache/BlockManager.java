package dev.tandem.engine.cache;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out KV blocks to sequences, with prefix caching: a full block whose KV is computed is
 * registered under its chained hash; a later sequence with the same prefix shares it (reference
 * counted) instead of recomputing. A freed block keeps its hash and can be hit again until it is
 * reused for something else; free blocks are reused oldest-freed first. Every {@code can*} check
 * is free of side effects, and a failed check leaves everything unchanged. Single-threaded: the
 * engine's step loop owns it (only {@link #cachedPrefixEstimate} may be called from other threads).
 */
public final class BlockManager {

    private final int blockSize;
    private final PrefixHasher hasher;
    private final int[] referenceCounts;
    private final BlockHash[] hashes;
    private final int[][] blockTokens;
    private final LinkedHashSet<Integer> free = new LinkedHashSet<>();
    /** Concurrent only so that {@link #cachedPrefixEstimate} can read it from another thread. */
    private final Map<BlockHash, Integer> cached = new ConcurrentHashMap<>();
    private long hitTokens;

    public BlockManager(int numBlocks, PrefixHasher hasher) {
        this.blockSize = hasher.blockSize();
        this.hasher = hasher;
        this.referenceCounts = new int[numBlocks];
        this.hashes = new BlockHash[numBlocks];
        this.blockTokens = new int[numBlocks][];
        for (int b = 0; b < numBlocks; b++) {
            free.add(b);
        }
    }

    public int blockSize() {
        return blockSize;
    }

    public int numBlocks() {
        return referenceCounts.length;
    }

    /** Tokens whose KV came from the prefix cache, over all allocations so far. */
    public long hitTokens() {
        return hitTokens;
    }

    /**
     * Prompt tokens the prefix cache would supply to {@code tokens} now (full blocks whose hashes
     * are registered, in a leading run; never the last token, which is always computed). Safe to
     * call from any thread, and therefore an estimate: the step loop may reuse a block meanwhile.
     */
    public int cachedPrefixEstimate(int[] tokens) {
        BlockHash parent = null;
        int hit = 0;
        for (int i = 0; (i + 1) * blockSize <= tokens.length; i++) {
            parent = hasher.next(parent, tokens, i * blockSize);
            if (!cached.containsKey(parent)) {
                break;
            }
            hit += blockSize;
        }
        return Math.min(hit, tokens.length - 1);
    }

    public int freeBlocks() {
        return free.size();
    }

    /** Whether {@link #allocate} can give the sequence blocks for all its tokens (cache hits not counted on). */
    public boolean canAllocate(CachedSequence sequence) {
        return free.size() >= blocksFor(sequence.length());
    }

    /**
     * Gives a sequence without blocks blocks for all its tokens, sharing cached prefix blocks, and
     * sets its computed tokens to the cached prefix (never the whole sequence: the last token is
     * always computed again so that it yields logits).
     */
    public void allocate(CachedSequence sequence) {
        if (sequence.blockTable().size() != 0) {
            throw new IllegalStateException("the sequence already has blocks");
        }
        if (!canAllocate(sequence)) {
            throw new IllegalStateException("not enough free KV blocks: need %d, have %d".formatted(blocksFor(sequence.length()), free.size()));
        }
        int[] tokens = sequence.tokens();
        int blocks = blocksFor(sequence.length());
        BlockHash parent = null;
        boolean hitting = true;
        int cachedTokens = 0;
        for (int i = 0; i < blocks; i++) {
            boolean full = (i + 1) * blockSize <= sequence.length();
            BlockHash hash = full ? hasher.next(parent, tokens, i * blockSize) : null;
            Integer hit = hitting && hash != null ? cached.get(hash) : null;
            if (hit != null && Arrays.equals(blockTokens[hit], 0, blockSize, tokens, i * blockSize, (i + 1) * blockSize)) {
                if (referenceCounts[hit]++ == 0) {
                    free.remove(hit);
                }
                cachedTokens += blockSize;
                sequence.blockTable().add(hit);
            } else {
                hitting = false;
                sequence.blockTable().add(take());
            }
            parent = hash;
        }
        hitTokens += cachedTokens;
        sequence.setComputedTokens(Math.min(cachedTokens, sequence.length() - 1));
    }

    /** Returns a sequence's blocks; blocks nobody else holds become free but keep their hash. */
    public void deallocate(CachedSequence sequence) {
        BlockTable table = sequence.blockTable();
        while (table.size() > 0) {
            int block = table.removeLast();
            if (--referenceCounts[block] == 0) {
                free.add(block);
            }
        }
        sequence.setComputedTokens(0);
    }

    /** Whether the sequence can grow to {@code newLength} tokens (a new block is needed only at a block boundary). */
    public boolean canAppend(CachedSequence sequence, int newLength) {
        return free.size() >= blocksFor(newLength) - sequence.blockTable().size();
    }

    /** Adds the blocks the sequence needs to hold {@code newLength} tokens. */
    public void append(CachedSequence sequence, int newLength) {
        if (!canAppend(sequence, newLength)) {
            throw new IllegalStateException("no free KV block to append to");
        }
        while (sequence.blockTable().size() < blocksFor(newLength)) {
            sequence.blockTable().add(take());
        }
    }

    /**
     * Registers the sequence's full blocks whose KV is now computed, so later sequences can hit
     * them. Called after each forward pass with the sequence's new computed-token count.
     */
    public void commit(CachedSequence sequence) {
        int fullBlocks = sequence.computedTokens() / blockSize;
        int[] tokens = sequence.tokens();
        BlockHash parent = null;
        for (int i = 0; i < fullBlocks; i++) {
            int block = sequence.blockTable().get(i);
            BlockHash hash = hashes[block];
            if (hash == null || blockTokens[block] == null) {
                hash = hasher.next(parent, tokens, i * blockSize);
                hashes[block] = hash;
                blockTokens[block] = Arrays.copyOfRange(tokens, i * blockSize, (i + 1) * blockSize);
                cached.putIfAbsent(hash, block);
            }
            parent = hash;
        }
    }

    /** Hashes of the sequence's committed full blocks, in order (the keys the kv-store uses). */
    public BlockHash[] blockHashes(CachedSequence sequence) {
        return hasher.chain(sequence.tokens(), sequence.computedTokens());
    }

    /** The oldest-freed block, forgetting whatever it cached before. */
    private int take() {
        Iterator<Integer> oldest = free.iterator();
        int block = oldest.next();
        oldest.remove();
        BlockHash old = hashes[block];
        Integer holder = old != null ? cached.get(old) : null;
        if (holder != null && holder == block) {
            cached.remove(old);
        }
        hashes[block] = null;
        blockTokens[block] = null;
        referenceCounts[block] = 1;
        return block;
    }

    private int blocksFor(int tokens) {
        return (tokens + blockSize - 1) / blockSize;
    }

    /** Checks the bookkeeping: reference counts match the tables given, free blocks are unreferenced. */
    public void checkInvariants(Iterable<? extends CachedSequence> live) {
        int[] expected = new int[referenceCounts.length];
        for (CachedSequence s : live) {
            for (int i = 0; i < s.blockTable().size(); i++) {
                expected[s.blockTable().get(i)]++;
            }
        }
        for (int b = 0; b < expected.length; b++) {
            if (expected[b] != referenceCounts[b]) {
                throw new IllegalStateException("block %d: reference count %d, held by %d sequences".formatted(b, referenceCounts[b], expected[b]));
            }
            if ((expected[b] == 0) != free.contains(b)) {
                throw new IllegalStateException("block %d: free=%s with %d holders".formatted(b, free.contains(b), expected[b]));
            }
        }
        for (var entry : cached.entrySet()) {
            if (!entry.getKey().equals(hashes[entry.getValue()])) {
                throw new IllegalStateException("hash " + entry.getKey() + " maps to block " + entry.getValue() + " which holds another hash");
            }
        }
    }
}
