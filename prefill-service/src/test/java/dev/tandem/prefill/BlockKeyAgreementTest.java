package dev.tandem.prefill;

import dev.tandem.engine.cache.BlockHash;
import dev.tandem.engine.cache.PrefixHasher;
import dev.tandem.protocol.kv.BlockHashes;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.Hash128;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's prefix cache ({@link PrefixHasher}) and the kv-store's keys ({@link BlockHashes})
 * name a block the same way, so a block one computes is the block the other looks up. The
 * protocol's rule is the canonical one (it also names a partial last block).
 */
class BlockKeyAgreementTest {

    @Test
    void theEngineAndTheProtocolHashEveryFullBlockAlike() {
        SplittableRandom random = new SplittableRandom(3);
        for (int blockSize : new int[] {1, 4, 16, 32}) {
            byte[] fp = new byte[16];
            random.nextBytes(fp);
            int[] tokens = random.ints(blockSize * 5 + 3, 0, 200_000).toArray();
            BlockHash[] engine = new PrefixHasher(BlockHash.of(fp), blockSize).chain(tokens, tokens.length);
            BlockKey[] protocol = BlockHashes.chain(Hash128.of(fp), tokens, blockSize);
            assertEquals(protocol.length, engine.length);
            for (int b = 0; b < engine.length; b++) {
                assertEquals(protocol[b].hash(), Hash128.of(engine[b].toBytes()), "block " + b + " of size " + blockSize);
                assertEquals(protocol[b], BlockHashes.promptKeys(Hash128.of(fp), tokens, blockSize).get(b));
            }
        }
    }
}
