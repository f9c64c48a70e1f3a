package dev.tandem.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Where the prompts of {@code bench serve} come from: seeded random ones, or a JSON-lines file. */
final class ServeDataset {

    /** Common short English words: mostly one token each in the BPE vocabularies we serve. */
    private static final String[] WORDS = ("the of and to in is was for on that with as it by at from his her he she they "
            + "we you not but had have this are which one all were when there can an been has more who will no if out so "
            + "said what up its about into than them only other new some could time these two may then do first any my now "
            + "such like our over man me even most made after also did many before must through back years where much your "
            + "way well down should because each just those people how too little state good very make world still own see").split(" ");

    private ServeDataset() {
    }

    /**
     * {@code n} random prompts: input lengths uniform in {@code [max(1, round(inputLen * rangeRatio)), inputLen]}
     * and output lengths likewise (a range ratio of 1 makes every length exact). As ids, the prompt's
     * tokens are uniform in {@code [0, vocabSize)}; as text, it is that many random common words.
     */
    static List<ServePrompt> random(int n, int inputLen, int outputLen, double rangeRatio, int vocabSize, boolean text,
                                    long seed) {
        if (inputLen < 1 || outputLen < 1) {
            throw new IllegalArgumentException("--input-len and --output-len must be >= 1, got " + inputLen + " and " + outputLen);
        }
        if (!(rangeRatio > 0 && rangeRatio <= 1)) {
            throw new IllegalArgumentException("--range-ratio must be in (0, 1], got " + rangeRatio);
        }
        if (vocabSize < 1) {
            throw new IllegalArgumentException("--vocab-size must be >= 1, got " + vocabSize);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<ServePrompt> prompts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int in = length(random, inputLen, rangeRatio);
            int out = length(random, outputLen, rangeRatio);
            if (text) {
                StringBuilder words = new StringBuilder();
                for (int w = 0; w < in; w++) {
                    words.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                prompts.add(ServePrompt.ofText(words.toString(), out));
            } else {
                prompts.add(ServePrompt.ofIds(random.ints(in, 0, vocabSize).toArray(), out));
            }
        }
        return prompts;
    }

    private static int length(SplittableRandom random, int max, double rangeRatio) {
        int min = Math.max(1, (int) Math.round(max * rangeRatio));
        return min >= max ? max : random.nextInt(min, max + 1);
    }

    /**
     * The prompts of a JSON-lines file, one {@code {"prompt": "text" | [ids], "output_len": N}} a line,
     * cycled when {@code n} exceeds the lines, in file order.
     */
    static List<ServePrompt> file(Path file, int n) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<ServePrompt> lines = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                lines.add(prompt(json.readTree(line)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("%s line %d: not valid JSON: %s".formatted(file, number, e.getOriginalMessage()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("%s line %d: %s".formatted(file, number, e.getMessage()));
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " has no prompts");
        }
        List<ServePrompt> prompts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            prompts.add(lines.get(i % lines.size()));
        }
        return prompts;
    }

    private static ServePrompt prompt(JsonNode line) {
        JsonNode prompt = line.get("prompt");
        JsonNode outputLen = line.get("output_len");
        if (outputLen == null || !outputLen.canConvertToInt()) {
            throw new IllegalArgumentException("'output_len' must be an integer");
        }
        if (prompt != null && prompt.isTextual()) {
            return ServePrompt.ofText(prompt.asText(), outputLen.asInt());
        }
        if (prompt != null && prompt.isArray() && !prompt.isEmpty()) {
            int[] ids = new int[prompt.size()];
            for (int i = 0; i < ids.length; i++) {
                if (!prompt.get(i).canConvertToInt()) {
                    throw new IllegalArgumentException("prompt[" + i + "] is not a token id");
                }
                ids[i] = prompt.get(i).asInt();
            }
            return ServePrompt.ofIds(ids, outputLen.asInt());
        }
        throw new IllegalArgumentException("'prompt' must be a string or a non-empty array of token ids");
    }
}
