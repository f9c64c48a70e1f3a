package dev.tandem.engine.chat.jinja;

import java.util.List;

/** The {@code loop} variable inside a {@code for}: position, neighbours and {@code loop.cycle(...)}. */
final class LoopState {

    private final List<Object> items;
    private int index0;

    LoopState(List<Object> items) {
        this.items = items;
    }

    void advanceTo(int index) {
        index0 = index;
    }

    Object attribute(String name) {
        int length = items.size();
        return switch (name) {
            case "index" -> (long) index0 + 1;
            case "index0" -> (long) index0;
            case "revindex" -> (long) (length - index0);
            case "revindex0" -> (long) (length - index0 - 1);
            case "first" -> index0 == 0;
            case "last" -> index0 == length - 1;
            case "length" -> (long) length;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : Undefined.INSTANCE;
            case "nextitem" -> index0 < length - 1 ? items.get(index0 + 1) : Undefined.INSTANCE;
            case "depth" -> 1L;
            case "depth0" -> 0L;
            case "cycle" -> new BoundMethod(this, name);
            default -> Undefined.INSTANCE;
        };
    }

    Object call(String method, Arguments arguments) {
        if (!method.equals("cycle")) {
            throw TemplateException.render("loop has no method '" + method + "'");
        }
        List<Object> choices = arguments.positional();
        if (choices.isEmpty()) {
            throw TemplateException.render("loop.cycle() needs at least one value");
        }
        return choices.get(index0 % choices.size());
    }
}
