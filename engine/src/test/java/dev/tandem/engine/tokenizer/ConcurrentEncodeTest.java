package dev.tandem.engine.tokenizer;

import dev.tandem.engine.SharedAssets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** One tokenizer shared by several threads gives each of them the ids a lone thread gets. */
class ConcurrentEncodeTest {

    @Test
    void threadsSharingATokenizerGetTheSameIds() throws Exception {
        Tokenizer shared = Tokenizer.fromDirectory(SharedAssets.model("qwen3-tiny-random"));
        RandomText texts = new RandomText(21);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            inputs.add(texts.next(40));
        }
        Tokenizer reference = Tokenizer.fromDirectory(SharedAssets.model("qwen3-tiny-random"));
        List<int[]> expected = inputs.stream().map(text -> reference.encode(text, false)).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<List<int[]>>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int offset = thread * 97;
                results.add(pool.submit(() -> {
                    List<int[]> ids = new ArrayList<>();
                    for (int i = 0; i < inputs.size(); i++) {
                        ids.add(shared.encode(inputs.get((i + offset) % inputs.size()), false));
                    }
                    return ids;
                }));
            }
            for (int thread = 0; thread < 4; thread++) {
                List<int[]> ids = results.get(thread).get();
                for (int i = 0; i < inputs.size(); i++) {
                    assertArrayEquals(expected.get((i + thread * 97) % inputs.size()), ids.get(i));
                }
            }
        }
    }
}
