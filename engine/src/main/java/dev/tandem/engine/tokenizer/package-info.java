/**
 * Tokenizers with Hugging Face {@code tokenizers} semantics: byte-level BPE (GPT-2, Llama-3, Qwen2/3) and
 * SentencePiece-style BPE (Llama-2), loaded from {@code tokenizer.json} or from GGUF metadata. The entry point is
 * {@link dev.tandem.engine.tokenizer.Tokenizer}; streaming output goes through
 * {@link dev.tandem.engine.tokenizer.IncrementalDetokenizer}.
 */
package dev.tandem.engine.tokenizer;
