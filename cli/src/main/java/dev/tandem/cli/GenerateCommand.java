package dev.tandem.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.chat.PromptFormat;
import dev.tandem.engine.generate.GenerationRequest;
import dev.tandem.engine.generate.GenerationResult;
import dev.tandem.engine.generate.Generator;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.model.WeightQuantization;
import dev.tandem.engine.sampling.SamplingParams;
import dev.tandem.engine.tokenizer.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code tandem generate}: one request through the engine alone. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate tokens for one prompt with the engine alone (no services).")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Checkpoint directory (Hugging Face layout) or .gguf file.")
    Path model;

    @ArgGroup(multiplicity = "1")
    Prompt prompt;

    static final class Prompt {
        @Option(names = "--prompt-ids", split = ",", description = "Prompt as comma-separated token ids.")
        int[] ids;

        @Option(names = "--prompt", description = "Prompt text (tokenized with the model's tokenizer).")
        String text;
    }

    @Option(names = "--max-tokens", defaultValue = "16", description = "Tokens to generate (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "1.0", description = "0 is greedy (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling mass (default ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--top-k", defaultValue = "0", description = "Keep the k most likely tokens; 0 keeps all.")
    int topK;

    @Option(names = "--min-p", defaultValue = "0", description = "Drop tokens below min-p times the best one's probability.")
    double minP;

    @Option(names = "--seed", description = "Seed for reproducible sampling.")
    Long seed;

    @Option(names = "--ignore-eos", description = "Keep generating past end-of-sequence.")
    boolean ignoreEos;

    @Option(names = "--logits-top", defaultValue = "0", description = "Report the K largest logits at the first generated position.")
    int logitsTop;

    @Option(names = "--prefill-chunk", defaultValue = "512", description = "Prompt tokens per forward pass (default ${DEFAULT-VALUE}).")
    int prefillChunk;

    @Option(names = "--quantize", defaultValue = "none", description = "Quantize weights at load time: none or q8_0 (default ${DEFAULT-VALUE}).")
    String quantize;

    @Option(names = "--threads", description = "Compute threads (default: all available processors).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Optional<Tokenizer> tokenizer = tokenizer();
        try (Model loaded = Model.open(model, threads != null ? threads : Runtime.getRuntime().availableProcessors(), WeightQuantization.parse(quantize))) {
            int[] promptIds = prompt.ids != null ? prompt.ids : tokenizer.orElseThrow().encode(prompt.text, true);
            var sampling = new SamplingParams(temperature, topK, topP, minP, seed != null ? OptionalLong.of(seed) : OptionalLong.empty());
            var request = new GenerationRequest(promptIds, maxTokens, sampling, ignoreEos, Set.of(), logitsTop, prefillChunk);
            GenerationResult result = new Generator(loaded.transformer()).generate(request);
            print(result, tokenizer.map(t -> t.decode(knownIds(t, result.ids()), false)));
        }
        return 0;
    }

    /**
     * Embedding tables are often padded past the tokenizer (Qwen3: 151,936 rows, 151,669 tokens);
     * like Hugging Face's decode, text leaves out ids the tokenizer does not know.
     */
    private static int[] knownIds(Tokenizer tokenizer, int[] ids) {
        return Arrays.stream(ids).filter(id -> id < tokenizer.vocabSize()).toArray();
    }

    /** The model's tokenizer: required for --prompt; with --prompt-ids only used for "text" when there is one. */
    private Optional<Tokenizer> tokenizer() {
        if (prompt.text != null) {
            return Optional.of(PromptFormat.load(model).tokenizer());
        }
        try {
            return Optional.of(PromptFormat.load(model).tokenizer());
        } catch (RuntimeException noTokenizer) {
            return Optional.empty();
        }
    }

    private void print(GenerationResult result, Optional<String> text) throws Exception {
        var out = spec.commandLine().getOut();
        if (!json) {
            out.println(text.orElse(Arrays.toString(result.ids())));
            out.flush();
            return;
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode ids = root.putArray("ids");
        Arrays.stream(result.ids()).forEach(ids::add);
        ArrayNode top = root.putArray("top_logits");
        for (GenerationResult.TokenLogit t : result.topLogits()) {
            top.addArray().add(t.id()).add(t.logit());
        }
        text.ifPresent(t -> root.put("text", t));
        root.put("finish_reason", result.finishReason().openAiName());
        ObjectNode stats = root.putObject("stats");
        stats.put("prompt_tokens", result.promptTokens());
        stats.put("generated_tokens", result.ids().length);
        stats.put("prefill_tok_s", perSecond(result.promptTokens(), result.prefillNanos()));
        stats.put("decode_tok_s", perSecond(result.ids().length - 1, result.decodeNanos()));
        out.println(mapper.writeValueAsString(root));
        out.flush();
    }

    private static double perSecond(int tokens, long nanos) {
        return nanos <= 0 || tokens <= 0 ? 0 : Math.round(tokens * 1e11 / nanos) / 100.0;
    }
}
