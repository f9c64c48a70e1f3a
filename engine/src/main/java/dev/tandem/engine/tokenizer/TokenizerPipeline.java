package dev.tandem.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The encode and decode pipelines of Hugging Face {@code tokenizers}. Encode: added tokens are cut out of the raw
 * text, each stretch between them is normalized, normalized added tokens are cut out of that, the rest is
 * pre-tokenized into words and each word encoded by the model; finally the post-processor adds special tokens.
 * Decode: ids become token strings (special ones optionally skipped) and the decoder turns them into text.
 * Immutable and thread-safe.
 */
final class TokenizerPipeline {

    /** The stages; {@code normalizer}, {@code preTokenizer} and {@code decoder} may be null (absent). */
    record Stages(AddedTokenMatcher rawAddedTokens, AddedTokenMatcher normalizedAddedTokens, Normalizer normalizer,
                  PreTokenizer preTokenizer, TokenModel model, PostProcessor postProcessor, Decoder decoder) {
    }

    private final Vocabulary vocabulary;
    private final Stages stages;
    private final boolean joinsByteRuns;

    TokenizerPipeline(Vocabulary vocabulary, Stages stages) {
        this.vocabulary = vocabulary;
        this.stages = stages;
        this.joinsByteRuns = Decoder.joinsByteRuns(stages.decoder());
    }

    /**
     * Whether decoding this id may still change when more ids follow: a {@code <0xXX>} token of a decoder with byte
     * fallback, whose run of bytes is valid or not only as a whole.
     */
    boolean isProvisionalByte(int id) {
        return joinsByteRuns && Decoder.ByteFallback.byteToken(vocabulary.token(id)) >= 0;
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    int[] encode(String text, boolean addSpecialTokens) {
        int unpaired = Utf8Codec.unpairedSurrogate(text);
        if (unpaired >= 0) {
            throw new TokenizerException("text has an unpaired surrogate U+"
                    + Integer.toHexString(text.charAt(unpaired)).toUpperCase() + " at char index " + unpaired
                    + ": it is not Unicode text");
        }
        IntList ids = new IntList(text.length() / 3 + 8);
        stages.rawAddedTokens().split(text, new AddedTokenMatcher.SegmentSink() {
            @Override
            public void text(String segment, int start) {
                encodeSegment(segment, start == 0, ids);
            }

            @Override
            public void token(AddedToken token) {
                ids.add(token.id());
            }
        });
        return stages.postProcessor().process(ids.toArray(), addSpecialTokens);
    }

    private void encodeSegment(String segment, boolean atTextStart, IntList ids) {
        String normalized = stages.normalizer() == null ? segment : stages.normalizer().normalize(segment);
        stages.normalizedAddedTokens().split(normalized, new AddedTokenMatcher.SegmentSink() {
            @Override
            public void text(String words, int start) {
                TokenModel model = stages.model();
                if (stages.preTokenizer() == null) {
                    model.encode(words.toCharArray(), 0, words.length(), ids);
                } else {
                    boolean atStart = atTextStart && start == 0;
                    stages.preTokenizer().preTokenize(words, atStart,
                            (source, from, to, ignored) -> model.encode(source, from, to, ids));
                }
            }

            @Override
            public void token(AddedToken token) {
                ids.add(token.id());
            }
        });
    }

    String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String token = vocabulary.token(id);
            if (!(skipSpecialTokens && vocabulary.isSpecial(id))) {
                tokens.add(token);
            }
        }
        if (stages.decoder() == null) {
            return String.join(" ", tokens);
        }
        return String.join("", stages.decoder().decodeChain(tokens));
    }
}
