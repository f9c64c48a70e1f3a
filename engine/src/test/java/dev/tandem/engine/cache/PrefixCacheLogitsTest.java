package dev.tandem.engine.cache;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.InMemoryCheckpoint;
import dev.tandem.engine.model.KvCache;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.model.SequenceChunk;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A prompt whose prefix comes from the cache gets exactly the logits of a cold run. */
class PrefixCacheLogitsTest {

    @Test
    void cachedPrefixGivesTheColdLogits() {
        try (Model model = Model.of(new InMemoryCheckpoint(InMemoryCheckpoint.qwen3Config(300), DType.BF16, 31), 2)) {
            KvLayout layout = KvLayout.of(model.config(), DType.F32, 16);
            try (KvBlockPool pool = new KvBlockPool(layout, 16)) {
                BlockManager manager = new BlockManager(16, new PrefixHasher(ModelFingerprint.of(model.checkpoint(), layout), 16));
                int[] shared = new SplittableRandom(3).ints(40, 0, 300).toArray();
                BlockManagerTest.TestSequence first = new BlockManagerTest.TestSequence(shared);
                manager.allocate(first);
                model.transformer().forward(pool, List.of(new SequenceChunk(shared, 0, first.blockTable(), true)), false);
                first.setComputedTokens(first.length());
                manager.commit(first);

                int[] longer = Arrays.copyOf(shared, 45);
                for (int i = 40; i < 45; i++) {
                    longer[i] = 7 * i % 300;
                }
                BlockManagerTest.TestSequence second = new BlockManagerTest.TestSequence(longer);
                manager.allocate(second);
                assertEquals(32, second.computedTokens());
                float[] warm = model.transformer().forward(pool,
                        List.of(new SequenceChunk(Arrays.copyOfRange(longer, 32, 45), 32, second.blockTable(), true)), false);
                float[] cold = model.transformer().forward(longer, new KvCache(model.config(), 45), false);
                assertArrayEquals(cold, warm, 0f);
            }
        }
    }
}
