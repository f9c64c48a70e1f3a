package dev.tandem.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoder of the {@code tokenizer.json} pipeline: rewrites the list of token strings; the decoded text is the
 * concatenation of the final list. Semantics follow Hugging Face's {@code decode_chain}.
 */
sealed interface Decoder {

    List<String> decodeChain(List<String> tokens);

    /** Maps the GPT-2 alphabet back to bytes and decodes them lossily as one UTF-8 string. */
    record ByteLevel() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            int capacity = 0;
            for (String token : tokens) {
                capacity += token.length() * 3;
            }
            byte[] bytes = new byte[capacity];
            int length = 0;
            for (String token : tokens) {
                int mapped = mapToBytes(token, bytes, length);
                // a token with a character outside the alphabet contributes its own UTF-8 bytes instead
                length += mapped >= 0 ? mapped : Utf8Codec.encode(token, bytes, length);
            }
            return List.of(Utf8Codec.decodeLossy(bytes, length));
        }

        private static int mapToBytes(String token, byte[] out, int offset) {
            for (int i = 0; i < token.length(); i++) {
                int b = ByteLevelAlphabet.byteOf(token.charAt(i));
                if (b < 0) {
                    return -1;
                }
                out[offset + i] = (byte) b;
            }
            return token.length();
        }
    }

    /** Replaces a pattern in every token. */
    record Replace(TextPattern pattern, String content) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> result = new ArrayList<>(tokens.size());
            for (String token : tokens) {
                result.add(pattern.replaceAll(token, content));
            }
            return result;
        }
    }

    /**
     * Turns runs of {@code <0xXX>} tokens into text: valid UTF-8 becomes its string, otherwise each byte of the run
     * becomes one U+FFFD.
     */
    record ByteFallback() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> result = new ArrayList<>(tokens.size());
            byte[] run = new byte[tokens.size()];
            int runLength = 0;
            for (String token : tokens) {
                int b = byteToken(token);
                if (b >= 0) {
                    run[runLength++] = (byte) b;
                    continue;
                }
                flush(run, runLength, result);
                runLength = 0;
                result.add(token);
            }
            flush(run, runLength, result);
            return result;
        }

        private static void flush(byte[] run, int length, List<String> result) {
            if (length == 0) {
                return;
            }
            String text = Utf8Codec.decodeOrNull(run, length);
            if (text != null) {
                result.add(text);
            } else {
                for (int i = 0; i < length; i++) {
                    result.add(String.valueOf(Utf8Codec.REPLACEMENT));
                }
            }
        }

        /** The byte of a {@code <0xXX>} token, or -1. */
        static int byteToken(String token) {
            if (token.length() != 6 || !token.startsWith("<0x") || token.charAt(5) != '>') {
                return -1;
            }
            int hi = hexDigit(token.charAt(3));
            int lo = hexDigit(token.charAt(4));
            return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
        }

        private static int hexDigit(char c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }
    }

    /** Concatenates all tokens into one. */
    record Fuse() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            return List.of(String.join("", tokens));
        }
    }

    /** Removes up to {@code start} leading and {@code stop} trailing {@code content} characters of every token. */
    record Strip(char content, int start, int stop) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> result = new ArrayList<>(tokens.size());
            for (String token : tokens) {
                int from = 0;
                while (from < start && from < token.length() && token.charAt(from) == content) {
                    from++;
                }
                int to = token.length();
                while (token.length() - to < stop && to > from && token.charAt(to - 1) == content) {
                    to--;
                }
                result.add(token.substring(from, to));
            }
            return result;
        }
    }

    /**
     * SentencePiece's {@code ▁} back to spaces; when the scheme prepends, every {@code ▁} of the first token is
     * dropped (Hugging Face's behaviour).
     */
    record Metaspace(char replacement, boolean dropInFirstToken) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> result = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String token = tokens.get(i);
                result.add(i == 0 && dropInFirstToken
                        ? token.replace(String.valueOf(replacement), "")
                        : token.replace(replacement, ' '));
            }
            return result;
        }
    }

    /**
     * Whether the decoder joins runs of {@code <0xXX>} tokens (a {@link ByteFallback} step): a later byte token can
     * then turn the text of the whole run into U+FFFD.
     */
    static boolean joinsByteRuns(Decoder decoder) {
        return switch (decoder) {
            case ByteFallback byteFallback -> true;
            case Sequence sequence -> sequence.steps().stream().anyMatch(Decoder::joinsByteRuns);
            case null, default -> false;
        };
    }

    /** Applies decoders in order. */
    record Sequence(List<Decoder> steps) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> result = tokens;
            for (Decoder step : steps) {
                result = step.decodeChain(result);
            }
            return result;
        }
    }
}
