package dev.tandem.engine.tokenizer;

import dev.tandem.engine.SharedAssets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Encode throughput of the Qwen3 tokenizer on a few megabytes of varied mixed text ({@link BenchmarkText}: English
 * prose, Java and Python code, Chinese), and the time to encode a megabyte of one repeated character. Prints JSON
 * lines; asserts nothing.
 *
 * <p>Run from the repository root after {@code ./mvnw -o -q -pl engine test-compile}:
 * {@code java -cp engine/target/classes:engine/target/test-classes:$(cat /tmp/cp.txt)
 * dev.tandem.engine.tokenizer.TokenizerBenchmark [modelsDir]}, with the classpath from
 * {@code ./mvnw -o -q -pl engine dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}.
 */
public final class TokenizerBenchmark {

    private TokenizerBenchmark() {
    }

    public static void main(String[] args) {
        Path models = args.length > 0 ? Path.of(args[0]) : SharedAssets.sharedDir().resolve("models");
        Path dir = models.resolve("qwen3-tiny-random");
        long loadStart = System.nanoTime();
        Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        System.out.printf(Locale.ROOT, "{\"case\": \"load\", \"seconds\": %.3f}%n", loadSeconds);

        // warm up the JIT on other texts, then measure texts the tokenizer has never seen (word cache cold for
        // the new identifiers, numbers and Chinese phrases, warm for common words, as with real traffic)
        long warmUpEnd = System.nanoTime() + 5_000_000_000L;
        for (int seed = 1; System.nanoTime() < warmUpEnd; seed = seed % 3 + 1) {
            tokenizer.encode(new BenchmarkText(seed).build(1_000_000), false);
        }
        long bytes = 0;
        long tokens = 0;
        double seconds = 0;
        String lastText = "";
        for (int seed = 100; seed < 105; seed++) {
            lastText = new BenchmarkText(seed).build(3_000_000);
            long start = System.nanoTime();
            tokens += tokenizer.encode(lastText, false).length;
            seconds += (System.nanoTime() - start) / 1e9;
            bytes += lastText.getBytes(StandardCharsets.UTF_8).length;
        }
        System.out.printf(Locale.ROOT, "{\"case\": \"mixed_text\", \"mb_per_s\": %.2f, \"tokens_per_s\": %.0f, "
                        + "\"bytes\": %d, \"tokens\": %d, \"seconds\": %.4f}%n",
                bytes / seconds / 1e6, tokens / seconds, bytes, tokens, seconds);

        double[] runs = new double[5];
        int warmTokens = 0;
        for (int run = 0; run < runs.length; run++) {
            long start = System.nanoTime();
            warmTokens = tokenizer.encode(lastText, false).length;
            runs[run] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(runs);
        double median = runs[runs.length / 2];
        int lastBytes = lastText.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf(Locale.ROOT, "{\"case\": \"mixed_text_seen_before\", \"mb_per_s\": %.2f, "
                        + "\"tokens_per_s\": %.0f, \"bytes\": %d, \"tokens\": %d, \"median_seconds\": %.4f}%n",
                lastBytes / median / 1e6, warmTokens / median, lastBytes, warmTokens, median);

        for (char c : new char[] {'a', ' ', '\n', '1', '!'}) {
            String run = String.valueOf(c).repeat(1 << 20);
            tokenizer.encode(run, false);
            long start = System.nanoTime();
            int count = tokenizer.encode(run, false).length;
            System.out.printf(Locale.ROOT, "{\"case\": \"1MiB_of_%s\", \"seconds\": %.4f, \"tokens\": %d}%n",
                    describe(c), (System.nanoTime() - start) / 1e9, count);
        }
        sentencePiece(models.resolve("stories260K"));
    }

    /** SentencePiece-style BPE without pre-tokenizer: each text between special tokens is one long word. */
    private static void sentencePiece(Path storiesDir) {
        Tokenizer stories = Tokenizer.fromDirectory(storiesDir);
        String text = new BenchmarkText(7).build(1_000_000);
        for (int i = 0; i < 3; i++) {
            stories.encode(text, false);
        }
        long start = System.nanoTime();
        int tokens = stories.encode(text, false).length;
        double seconds = (System.nanoTime() - start) / 1e9;
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf(Locale.ROOT, "{\"case\": \"stories260K_spm_mixed_text\", \"mb_per_s\": %.2f, "
                + "\"bytes\": %d, \"tokens\": %d, \"seconds\": %.4f}%n", bytes / seconds / 1e6, bytes, tokens, seconds);
    }

    private static String describe(char c) {
        return switch (c) {
            case ' ' -> "space";
            case '\n' -> "newline";
            default -> String.valueOf(c);
        };
    }
}
