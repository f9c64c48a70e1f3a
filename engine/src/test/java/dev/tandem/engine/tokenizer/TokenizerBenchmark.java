package dev.tandem.engine.tokenizer;

import dev.tandem.engine.SharedAssets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Encode throughput of the Qwen3 tokenizer on a few megabytes of mixed text (English prose, Java and Python code,
 * Chinese), and the time to encode a megabyte of one repeated character. Prints JSON lines; asserts nothing.
 *
 * <p>Run from the repository root after {@code ./mvnw -o -q -pl engine test-compile}:
 * {@code java -cp engine/target/classes:engine/target/test-classes:$(cat /tmp/cp.txt)
 * dev.tandem.engine.tokenizer.TokenizerBenchmark [modelDir]}, with the classpath from
 * {@code ./mvnw -o -q -pl engine dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}.
 */
public final class TokenizerBenchmark {

    private static final String PROSE = """
            The old lighthouse keeper climbed the spiral stairs every evening at dusk, counting the steps as his \
            father had taught him: one hundred and twelve, no more and no less. From the lantern room he could see \
            the fishing boats returning, their hulls low with the day's catch, and the gulls wheeling above them \
            like scraps of paper caught in the wind. He didn't mind the solitude; he'd learned long ago that the \
            sea was better company than most people, and far more honest about its moods.
            """;

    private static final String JAVA = """
            public final class RingBuffer<T> {
                private final Object[] items;
                private int head, size;

                public RingBuffer(int capacity) {
                    if (capacity <= 0) throw new IllegalArgumentException("capacity must be > 0: " + capacity);
                    this.items = new Object[capacity];
                }

                @SuppressWarnings("unchecked")
                public T poll() {
                    if (size == 0) return null;
                    T item = (T) items[head];
                    items[head] = null;
                    head = (head + 1) % items.length;
                    size--;
                    return item;
                }
            }
            """;

    private static final String PYTHON = """
            def moving_average(values: list[float], window: int = 3) -> list[float]:
                \"\"\"Return the simple moving average of `values` over `window` items.\"\"\"
                if window <= 0:
                    raise ValueError(f"window must be positive, got {window}")
                result, total = [], 0.0
                for i, value in enumerate(values):
                    total += value
                    if i >= window:
                        total -= values[i - window]
                    result.append(total / min(i + 1, window))
                return result
            """;

    private static final String CHINESE = """
            清晨的雾气还没有散去，小镇的街道上已经传来了面包店的香味。老板娘每天四点起床，揉面、发酵、烘烤，\
            一做就是三十年。她常说，做面包和做人一样，急不得，也懒不得。孩子们放学后总喜欢在店门口停留，\
            闻一闻刚出炉的桂花糕，然后心满意足地跑回家去。
            """;

    private TokenizerBenchmark() {
    }

    public static void main(String[] args) {
        Path dir = args.length > 0 ? Path.of(args[0]) : SharedAssets.sharedDir().resolve("models/qwen3-tiny-random");
        long loadStart = System.nanoTime();
        Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        System.out.printf(Locale.ROOT, "{\"case\": \"load\", \"seconds\": %.3f}%n", loadSeconds);

        String text = mixedText(3_000_000);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        int tokens = 0;
        long warmUpEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            tokens = tokenizer.encode(text, false).length;
        }
        double[] seconds = new double[5];
        for (int run = 0; run < seconds.length; run++) {
            long start = System.nanoTime();
            tokens = tokenizer.encode(text, false).length;
            seconds[run] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        double median = seconds[seconds.length / 2];
        System.out.printf(Locale.ROOT, "{\"case\": \"mixed_text\", \"mb_per_s\": %.2f, \"tokens_per_s\": %.0f, "
                        + "\"bytes\": %d, \"tokens\": %d, \"median_seconds\": %.4f}%n",
                bytes / median / 1e6, tokens / median, bytes, tokens, median);

        for (char c : new char[] {'a', ' ', '\n', '1', '!'}) {
            String run = String.valueOf(c).repeat(1 << 20);
            tokenizer.encode(run, false);
            long start = System.nanoTime();
            int count = tokenizer.encode(run, false).length;
            System.out.printf(Locale.ROOT, "{\"case\": \"1MiB_of_%s\", \"seconds\": %.4f, \"tokens\": %d}%n",
                    describe(c), (System.nanoTime() - start) / 1e9, count);
        }
    }

    /** Paragraphs in rotation, each with a counter so that not every word is a cache hit. */
    static String mixedText(int minChars) {
        String[] paragraphs = {PROSE, JAVA, PYTHON, CHINESE};
        StringBuilder text = new StringBuilder(minChars + 4096);
        for (int i = 0; text.length() < minChars; i++) {
            text.append(paragraphs[i % paragraphs.length]).append("// ").append(i).append(" №").append(i * 7919 % 10007)
                    .append('\n');
        }
        return text.toString();
    }

    private static String describe(char c) {
        return switch (c) {
            case ' ' -> "space";
            case '\n' -> "newline";
            default -> String.valueOf(c);
        };
    }
}
