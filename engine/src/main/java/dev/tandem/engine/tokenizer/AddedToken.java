package dev.tandem.engine.tokenizer;

/**
 * A token matched in the text before normalization and BPE ({@code added_tokens} in {@code tokenizer.json}).
 *
 * @param special    skipped by {@code decode(ids, skipSpecialTokens=true)}
 * @param lstrip     also swallows the whitespace before it
 * @param rstrip     also swallows the whitespace after it
 * @param singleWord only matches when not inside a word (no alphanumeric character touching it)
 * @param normalized matched in the normalized text (against its normalized content) instead of the raw text
 */
record AddedToken(int id, String content, boolean special, boolean lstrip, boolean rstrip, boolean singleWord,
                  boolean normalized) {
}
