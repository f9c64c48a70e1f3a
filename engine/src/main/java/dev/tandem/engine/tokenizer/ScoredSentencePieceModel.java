package dev.tandem.engine.tokenizer;

import java.util.Map;
import java.util.PriorityQueue;

/**
 * llama.cpp's SentencePiece tokenizer for GGUF {@code tokenizer.ggml.model = "llama"}: no merge list, the vocabulary
 * scores drive the merges. Starting from one symbol per character, the adjacent pair whose concatenation is a
 * vocabulary token with the highest score is merged first (leftmost on ties), until no pair forms a token.
 * Characters left outside the vocabulary become their UTF-8 byte tokens ({@code <0xXX>}), else the unknown token.
 */
final class ScoredSentencePieceModel implements TokenModel {

    private final Map<String, Integer> vocab;
    private final float[] scores;
    private final int[] byteIds;
    private final int unkId;

    /**
     * @param byteIds the token of each byte ({@code <0xXX>}, -1 where absent)
     * @param unkId   the unknown token, or -1
     */
    ScoredSentencePieceModel(Map<String, Integer> vocab, float[] scores, int[] byteIds, int unkId) {
        this.vocab = vocab;
        this.scores = scores;
        this.byteIds = byteIds;
        this.unkId = unkId;
    }

    private record Bigram(float score, int left, int right, int length) {
    }

    @Override
    public void encode(char[] source, int from, int to, IntList out) {
        String text = new String(source, from, to - from);
        int n = text.codePointCount(0, text.length());
        int[] start = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int s = 0, i = 0; s < n; s++) {
            int cp = text.codePointAt(i);
            start[s] = i;
            length[s] = Character.charCount(cp);
            prev[s] = s - 1;
            next[s] = s + 1 < n ? s + 1 : -1;
            i += length[s];
        }
        // highest score first, then leftmost, as llama.cpp's llm_bigram_spm comparator
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score() != b.score()
                ? Float.compare(b.score(), a.score()) : Integer.compare(a.left(), b.left()));
        for (int s = 1; s < n; s++) {
            offer(queue, text, start, length, s - 1, s);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left();
            int right = bigram.right();
            if (length[left] == 0 || length[right] == 0 || length[left] + length[right] != bigram.length()) {
                continue; // stale: one side was merged since
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            offer(queue, text, start, length, prev[left], left);
            offer(queue, text, start, length, left, next[left]);
        }
        for (int s = 0; s >= 0 && n > 0; s = next[s]) {
            emit(text.substring(start[s], start[s] + length[s]), out);
        }
    }

    private void offer(PriorityQueue<Bigram> queue, String text, int[] start, int[] length, int left, int right) {
        if (left < 0 || right < 0) {
            return;
        }
        int total = length[left] + length[right];
        Integer id = vocab.get(text.substring(start[left], start[left] + total));
        if (id != null) {
            queue.add(new Bigram(scores[id], left, right, total));
        }
    }

    private void emit(String symbol, IntList out) {
        Integer id = vocab.get(symbol);
        if (id != null) {
            out.add(id);
            return;
        }
        byte[] bytes = new byte[symbol.length() * 3];
        int count = Utf8Codec.encode(symbol, bytes, 0);
        for (int b = 0; b < count; b++) {
            int byteId = byteIds[bytes[b] & 0xFF];
            if (byteId >= 0) {
                out.add(byteId);
            } else if (unkId >= 0) {
                out.add(unkId);
            }
        }
    }
}
