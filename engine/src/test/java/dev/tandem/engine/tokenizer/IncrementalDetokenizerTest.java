package dev.tandem.engine.tokenizer;

import dev.tandem.engine.SharedAssets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Streaming decode: the deltas add up to the full decode and never split a character. */
class IncrementalDetokenizerTest {

    private static Tokenizer qwen;
    private static Tokenizer stories;

    @BeforeAll
    static void load() {
        qwen = Tokenizer.fromDirectory(SharedAssets.model("qwen3-tiny-random"));
        stories = Tokenizer.fromDirectory(SharedAssets.model("stories260K"));
    }

    @Test
    void randomQwenIdStreamsConcatenateToTheFullDecode() {
        int[] byteTokens = new int[256];
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = qwen.tokenId(String.valueOf(ByteLevelAlphabet.charOf(b))).orElseThrow();
        }
        assertRandomStreams(qwen, byteTokens, 11);
    }

    @Test
    void randomStoriesIdStreamsConcatenateToTheFullDecode() {
        int[] byteTokens = new int[256];
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = stories.tokenId(String.format("<0x%02X>", b)).orElseThrow();
        }
        assertRandomStreams(stories, byteTokens, 12);
    }

    @Test
    void qwenCharactersSplitAcrossByteTokensAreHeldBackUntilComplete() {
        String text = "日本 😀 é👨‍👩‍👧!";
        List<Integer> ids = new ArrayList<>();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            ids.add(qwen.tokenId(String.valueOf(ByteLevelAlphabet.charOf(b & 0xFF))).orElseThrow());
        }
        List<String> deltas = stream(qwen, ids, false);
        assertEquals(text, String.join("", deltas));
        assertWholeCharacters(deltas);
        assertEquals(List.of("日", "本", " ", "😀", " ", "é", "👨", "\u200D", "👩", "\u200D", "👧", "!"),
                deltas.stream().filter(delta -> !delta.isEmpty()).toList());
    }

    @Test
    void storiesByteFallbackCharactersAreHeldBackUntilComplete() {
        int[] ids = stories.encode("emoji 😀🐶 and 日本", false);
        List<String> deltas = stream(stories, toList(ids), false);
        assertEquals("emoji 😀🐶 and 日本", String.join("", deltas));
        assertWholeCharacters(deltas);
    }

    @Test
    void onlyTheFirstTokenOfTheStreamLosesItsSentencePiecePrefixSpace() {
        int[] ids = stories.encode("Hello world", true);
        assertEquals(List.of("", "He", "ll", "o", " w", "or", "ld"), stream(stories, toList(ids), true));
        assertEquals(List.of("<s>", " He", "ll", "o", " w", "or", "ld"), stream(stories, toList(ids), false));
    }

    @Test
    void encodedTextStreamsBackToItself() {
        RandomText texts = new RandomText(13);
        for (int i = 0; i < 300; i++) {
            String text = texts.next(20);
            String expected = qwen.decode(qwen.encode(text, false), false);
            assertEquals(expected, String.join("", stream(qwen, toList(qwen.encode(text, false)), false)));
        }
    }

    @Test
    void flushReleasesAnIncompleteCharacterAsReplacementAndEndsTheStream() {
        int lead = qwen.tokenId(String.valueOf(ByteLevelAlphabet.charOf(0xE6))).orElseThrow();
        IncrementalDetokenizer detokenizer = qwen.newDetokenizer(false);
        assertEquals("a", detokenizer.next(qwen.tokenId("a").orElseThrow()));
        assertEquals("", detokenizer.next(lead));
        assertEquals("\uFFFD", detokenizer.flush());
        assertEquals("a\uFFFD", qwen.decode(new int[] {qwen.tokenId("a").orElseThrow(), lead}, false));
        assertThrows(IllegalStateException.class, () -> detokenizer.next(lead));
    }

    /** Streams of uniformly random ids, half of them mixed with byte tokens (valid UTF-8 lead/continuation or not). */
    private static void assertRandomStreams(Tokenizer tokenizer, int[] byteTokens, long seed) {
        Random random = new Random(seed);
        for (int stream = 0; stream < 600; stream++) {
            boolean skipSpecial = random.nextBoolean();
            boolean byteHeavy = stream % 2 == 0;
            List<Integer> ids = new ArrayList<>();
            int length = 1 + random.nextInt(60);
            for (int i = 0; i < length; i++) {
                if (byteHeavy && random.nextInt(3) > 0) {
                    ids.add(byteTokens[random.nextInt(4) == 0 ? random.nextInt(256) : 0x80 + random.nextInt(0x75)]);
                } else {
                    ids.add(random.nextInt(tokenizer.vocabSize()));
                }
            }
            String expected = tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray(), skipSpecial);
            List<String> deltas = stream(tokenizer, ids, skipSpecial);
            assertEquals(expected, String.join("", deltas), () -> "stream " + ids);
            for (String delta : deltas.subList(0, deltas.size() - 1)) {
                assertFalse(!delta.isEmpty() && Character.isHighSurrogate(delta.charAt(delta.length() - 1)),
                        "a delta ends inside a surrogate pair");
            }
        }
    }

    /** The deltas of {@code next} for each id, then the one of {@code flush}. */
    private static List<String> stream(Tokenizer tokenizer, List<Integer> ids, boolean skipSpecial) {
        IncrementalDetokenizer detokenizer = tokenizer.newDetokenizer(skipSpecial);
        List<String> deltas = new ArrayList<>();
        for (int id : ids) {
            deltas.add(detokenizer.next(id));
        }
        String rest = detokenizer.flush();
        if (!rest.isEmpty()) {
            deltas.add(rest);
        }
        return deltas;
    }

    private static void assertWholeCharacters(List<String> deltas) {
        for (String delta : deltas) {
            assertFalse(delta.contains("\uFFFD"), "a delta holds a broken character: " + deltas);
            if (!delta.isEmpty()) {
                assertFalse(Character.isLowSurrogate(delta.charAt(0)), "a delta starts inside a surrogate pair");
                assertFalse(Character.isHighSurrogate(delta.charAt(delta.length() - 1)), "ends inside a pair");
            }
        }
    }

    private static List<Integer> toList(int[] ids) {
        List<Integer> list = new ArrayList<>();
        for (int id : ids) {
            list.add(id);
        }
        return list;
    }
}
