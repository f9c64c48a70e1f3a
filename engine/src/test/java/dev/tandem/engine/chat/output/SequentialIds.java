package dev.tandem.engine.chat.output;

import java.util.function.Supplier;

/** Ids {@code call_0}, {@code call_1}, ...: predictable, and revealing how many ids were drawn. */
final class SequentialIds implements Supplier<String> {

    private int next;

    @Override
    public String get() {
        return "call_" + next++;
    }
}
