package dev.tandem.engine.tokenizer;

/**
 * A tokenizer that cannot be loaded (the message names the file and the JSON field or GGUF key), or an input that
 * cannot be tokenized or decoded (the message names the offending byte offset or token id).
 */
public class TokenizerException extends RuntimeException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
