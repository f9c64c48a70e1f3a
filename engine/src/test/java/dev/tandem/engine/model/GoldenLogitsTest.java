package dev.tandem.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.SharedAssets;
import dev.tandem.engine.generate.GenerationRequest;
import dev.tandem.engine.generate.GenerationResult;
import dev.tandem.engine.generate.Generator;
import dev.tandem.engine.sampling.Sampler;
import dev.tandem.engine.sampling.SamplingParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forward pass against ../shared/models goldens (a float64 reference cross-checked with
 * llama.cpp): stories260K from safetensors and from GGUF, qwen3-tiny-random from sharded bf16.
 */
class GoldenLogitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Model> MODELS = new HashMap<>();

    @AfterAll
    static void closeModels() {
        MODELS.values().forEach(Model::close);
    }

    static Stream<Arguments> cases() throws IOException {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String[] variant : new String[][] {
                {"stories260K", "", "1e-3"}, {"stories260K", "stories260K.gguf", "1e-3"}, {"qwen3-tiny-random", "", "1e-2"}}) {
            Path dir = SharedAssets.sharedDir().resolve("models").resolve(variant[0]);
            if (!dir.toFile().isDirectory()) {
                cases.add(Arguments.of(variant[0], variant[1], null, Double.parseDouble(variant[2])));
                continue;
            }
            for (JsonNode c : JSON.readTree(dir.resolve("golden.json").toFile()).get("cases")) {
                cases.add(Arguments.of(variant[0], variant[1], c, Double.parseDouble(variant[2])));
            }
        }
        return cases.build();
    }

    private static Model model(String name, String file) {
        Path dir = SharedAssets.model(name);
        return MODELS.computeIfAbsent(name + "/" + file, k -> Model.open(file.isEmpty() ? dir : dir.resolve(file), 2));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void lastLogitsMatchTheReference(String name, String file, JsonNode golden, double tolerance) {
        Model model = model(name, file);
        int vocab = model.config().vocabSize();
        int[] input = ids(golden.get("input_ids"));
        float[] logits = model.transformer().forward(input, new KvCache(model.config(), input.length), false);

        double worst = 0;
        for (JsonNode pair : golden.get("last_logits_top20")) {
            worst = Math.max(worst, Math.abs(logits[pair.get(0).asInt()] - pair.get(1).asDouble()));
        }
        assertTrue(worst <= tolerance, "max |Δlogit| over the top 20: " + worst);
        int[] expectedTop = new int[20];
        for (int i = 0; i < 20; i++) {
            expectedTop[i] = golden.get("last_logits_top20").get(i).get(0).asInt();
        }
        assertArrayEquals(expectedTop, topIds(logits, vocab, 20));

        double sumSquares = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            sumSquares += (double) logits[i] * logits[i];
            max = Math.max(max, logits[i]);
        }
        double sumExp = 0;
        for (int i = 0; i < vocab; i++) {
            sumExp += Math.exp(logits[i] - max);
        }
        assertEquals(golden.get("logits_l2_norm").asDouble(), Math.sqrt(sumSquares), 1e-5 * golden.get("logits_l2_norm").asDouble());
        assertEquals(golden.get("last_logits_logsumexp").asDouble(), max + Math.log(sumExp), 1e-5 * Math.abs(golden.get("last_logits_logsumexp").asDouble()));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void everyPositionPredictsTheReferenceArgmax(String name, String file, JsonNode golden, double tolerance) {
        Model model = model(name, file);
        int vocab = model.config().vocabSize();
        int[] input = ids(golden.get("input_ids"));
        KvCache cache = new KvCache(model.config(), input.length);
        int[] argmax = new int[input.length];
        for (int from = 0; from < input.length; from += 64) {
            int to = Math.min(input.length, from + 64);
            float[] logits = model.transformer().forward(Arrays.copyOfRange(input, from, to), cache, true);
            for (int t = from; t < to; t++) {
                argmax[t] = Sampler.argmax(logits, (t - from) * vocab, vocab);
            }
        }
        assertArrayEquals(ids(golden.get("all_positions_argmax")), argmax);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void greedyContinuationIsIdentical(String name, String file, JsonNode golden, double tolerance) {
        Model model = model(name, file);
        String field = golden.has("greedy_256_ids") ? "greedy_256_ids" : "greedy_continuation_ids";
        int[] expected = ids(golden.get(field));
        var request = new GenerationRequest(ids(golden.get("input_ids")), expected.length, SamplingParams.greedy(), true, Set.of(), 0, 512);
        GenerationResult result = new Generator(model.transformer()).generate(request);
        assertArrayEquals(expected, result.ids());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("chunkings")
    void chunkedPrefillReproducesOneShotLogits(String name, JsonNode check) throws IOException {
        Model model = model(name, "");
        int vocab = model.config().vocabSize();
        JsonNode golden = null;
        for (JsonNode c : JSON.readTree(SharedAssets.model(name).resolve("golden.json").toFile()).get("cases")) {
            if (c.get("name").asText().equals(check.get("case").asText())) {
                golden = c;
            }
        }
        int[] input = ids(golden.get("input_ids"));
        float[] oneShot = model.transformer().forward(input, new KvCache(model.config(), input.length), true);
        KvCache cache = new KvCache(model.config(), 1);
        int from = 0;
        double worst = 0;
        for (JsonNode length : check.get("chunk_lengths")) {
            int to = from + length.asInt();
            float[] part = model.transformer().forward(Arrays.copyOfRange(input, from, to), cache, true);
            for (int i = 0; i < part.length; i++) {
                worst = Math.max(worst, Math.abs(part[i] - oneShot[from * vocab + i]));
            }
            from = to;
        }
        assertEquals(input.length, from);
        assertTrue(worst <= 1e-4, "chunked vs one-shot max |Δlogit| " + worst);
    }

    static Stream<Arguments> chunkings() throws IOException {
        Stream.Builder<Arguments> checks = Stream.builder();
        for (String name : new String[] {"stories260K", "qwen3-tiny-random"}) {
            Path golden = SharedAssets.sharedDir().resolve("models").resolve(name).resolve("golden.json");
            if (!golden.toFile().isFile()) {
                checks.add(Arguments.of(name, null));
                continue;
            }
            for (JsonNode check : JSON.readTree(golden.toFile()).get("chunked").get("checks")) {
                checks.add(Arguments.of(name, check));
            }
        }
        return checks.build();
    }

    private static int[] topIds(float[] logits, int vocab, int k) {
        Integer[] order = new Integer[vocab];
        for (int i = 0; i < vocab; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = order[i];
        }
        return top;
    }

    private static int[] ids(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }
}
