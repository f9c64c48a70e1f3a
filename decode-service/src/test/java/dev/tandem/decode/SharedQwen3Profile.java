package dev.tandem.decode;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.Map;

/** The worker on the shared qwen3-tiny-random checkpoint (real Qwen3 tokenizer vocabulary, golden logits). */
public class SharedQwen3Profile implements QuarkusTestProfile {

    /** Where the shared model is expected; it may be absent, and then the tests that need it skip. */
    static Path modelDir() {
        return Path.of(System.getProperty("tandem.shared.dir", "../../shared")).resolve("models").resolve("qwen3-tiny-random");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "tandem.decode.model", modelDir().toString(),
                "tandem.decode.threads", "2",
                "tandem.decode.kv.blocks", "64",
                "tandem.decode.kv.dtype", "f32",
                "tandem.decode.scheduling.max-running", "4");
    }
}
