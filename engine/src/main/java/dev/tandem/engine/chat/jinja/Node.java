package dev.tandem.engine.chat.jinja;

import java.util.List;

/** A statement of the template: text, output, and the block tags. */
sealed interface Node {

    record Text(String text) implements Node {
    }

    /** {@code {{ value }}}. */
    record Output(Expr value) implements Node {
    }

    /** {@code if}/{@code elif} branches in order, then the {@code else} body (possibly empty). */
    record If(List<Branch> branches, List<Node> orElse) implements Node {
    }

    record Branch(Expr condition, List<Node> body) {
    }

    /** {@code for target in iterable [if condition]} body {@code [else]} orElse; condition may be null. */
    record For(Position position, Target target, Expr iterable, Expr condition, List<Node> body, List<Node> orElse)
            implements Node {
    }

    record Set(Position position, Target target, Expr value) implements Node {
    }

    /** {@code {% set name | filters %}body{% endset %}}: the rendered body, through the filters. */
    record SetBlock(Position position, Target target, List<Expr.Filter> filters, List<Node> body) implements Node {
    }

    record Macro(Position position, String name, List<Parameter> parameters, List<Node> body) implements Node {
    }

    /** A macro or {@code caller} parameter; defaultValue is null when the parameter has none. */
    record Parameter(String name, Expr defaultValue) {
    }

    /** {@code {% call(callerParameters) macro(args) %}body{% endcall %}}. */
    record CallBlock(Position position, Expr.Call call, List<Parameter> callerParameters, List<Node> body)
            implements Node {
    }

    record FilterBlock(Position position, List<Expr.Filter> filters, List<Node> body) implements Node {
    }

    record Break() implements Node {
    }

    record Continue() implements Node {
    }

    /** What a {@code for} or {@code set} assigns to. */
    sealed interface Target {
        record Name(String name) implements Target {
        }

        /** {@code a, b} unpacking. */
        record Unpack(List<String> names) implements Target {
        }

        /** {@code ns.attribute} on a namespace object. */
        record NamespaceAttribute(String namespace, String attribute) implements Target {
        }
    }
}
