package dev.tandem.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Collects the pieces a pre-tokenizer cuts a text into. */
final class Pieces {

    private Pieces() {
    }

    static List<String> of(PreTokenizer preTokenizer, String text, boolean atTextStart) {
        List<String> pieces = new ArrayList<>();
        preTokenizer.preTokenize(text, atTextStart,
                (source, start, end, atStart) -> pieces.add(new String(source, start, end - start)));
        return pieces;
    }
}
