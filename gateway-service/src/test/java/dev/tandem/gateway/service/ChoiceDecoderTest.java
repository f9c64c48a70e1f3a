package dev.tandem.gateway.service;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.RandomModelShape;
import dev.tandem.engine.model.RandomModelWriter;
import dev.tandem.engine.tokenizer.Tokenizer;
import dev.tandem.gateway.api.ChatLogprobs;
import dev.tandem.gateway.api.CompletionLogprobs;
import dev.tandem.protocol.decode.Token;
import dev.tandem.protocol.decode.TopLogprob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Output decoding with the self-made tokenizer of a random model: stop strings, hidden ids, logprob formats. */
class ChoiceDecoderTest {

    @TempDir
    static Path dir;
    static Tokenizer tokenizer;

    @BeforeAll
    static void tokenizer() throws Exception {
        RandomModelWriter.write(RandomModelShape.QWEN3_TINY, DType.F32, 1, dir, Optional.empty());
        tokenizer = Tokenizer.fromDirectory(dir);
    }

    static List<Token> tokens(int[] ids) {
        return java.util.Arrays.stream(ids).mapToObj(id -> Token.newBuilder().setId(id).build()).toList();
    }

    @Test
    void stopStringAcrossTokensIsCutAndStops() {
        int[] ids = tokenizer.encode("the cat sat on the mat", false);
        ChoiceDecoder decoder = new ChoiceDecoder(tokenizer, true, Set.of(), List.of("on the"), null);
        StringBuilder text = new StringBuilder();
        boolean stopped = false;
        for (Token token : tokens(ids)) {
            ChoiceDecoder.Step step = decoder.accept(List.of(token));
            text.append(step.delta().content());
            stopped |= step.stopped();
        }
        text.append(decoder.finish().content());
        assertTrue(stopped);
        assertEquals("the cat sat ", text.toString());
        assertTrue(decoder.completionTokens() < ids.length);
    }

    @Test
    void eosAndPaddingIdsAreCountedNotShown() {
        int eos = tokenizer.eosTokenIds().iterator().next();
        int[] ids = tokenizer.encode("hello", false);
        ChoiceDecoder decoder = new ChoiceDecoder(tokenizer, false, Set.of(eos), List.of(), null);
        List<Token> batch = new java.util.ArrayList<>(tokens(ids));
        batch.add(Token.newBuilder().setId(tokenizer.vocabSize() + 3).build());
        batch.add(Token.newBuilder().setId(eos).build());
        String text = decoder.accept(batch).delta().content() + decoder.finish().content();
        assertEquals("hello", text);
        assertEquals(ids.length + 2, decoder.completionTokens());
    }

    @Test
    void logprobsInChatAndCompletionFormats() {
        int[] ids = tokenizer.encode("ab cd", false);
        List<Token> batch = java.util.Arrays.stream(ids).mapToObj(id -> Token.newBuilder().setId(id).setLogprob(-0.5)
                .addTopLogprobs(TopLogprob.newBuilder().setId(id).setLogprob(-0.5))
                .addTopLogprobs(TopLogprob.newBuilder().setId(ids[0]).setLogprob(-2)).build()).toList();
        ChoiceDecoder decoder = new ChoiceDecoder(tokenizer, true, Set.of(), List.of(), null);
        List<TokenLogprob> logprobs = decoder.accept(batch).logprobs();
        assertEquals(ids.length, logprobs.size());

        ChatLogprobs chat = LogprobFormats.chat(logprobs);
        StringBuilder joined = new StringBuilder();
        for (ChatLogprobs.Entry entry : chat.content()) {
            joined.append(entry.token());
            assertEquals(-0.5, entry.logprob());
            assertEquals(entry.token().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, entry.bytes().size());
            assertEquals(2, entry.topLogprobs().size());
        }
        assertEquals("ab cd", joined.toString());

        CompletionLogprobs completion = LogprobFormats.completion(logprobs, 0);
        assertEquals(ids.length, completion.tokens().size());
        assertEquals(0, completion.textOffset().getFirst());
        int last = completion.textOffset().size() - 1;
        assertEquals("ab cd".length(), completion.textOffset().get(last) + completion.tokens().get(last).length());
        assertEquals(completion.tokens().size(), completion.topLogprobs().size());
    }
}
