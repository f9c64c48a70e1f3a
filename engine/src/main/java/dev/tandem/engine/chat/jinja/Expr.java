package dev.tandem.engine.chat.jinja;

import java.util.List;

/** An expression of the template language, as parsed; every node knows where it starts in the source. */
sealed interface Expr {

    Position position();

    /** A string, integer, float, boolean or none constant. */
    record Literal(Position position, Object value) implements Expr {
    }

    record Name(Position position, String name) implements Expr {
    }

    record ListLiteral(Position position, List<Expr> items) implements Expr {
    }

    record TupleLiteral(Position position, List<Expr> items) implements Expr {
    }

    record DictLiteral(Position position, List<Expr> keys, List<Expr> values) implements Expr {
    }

    /** {@code target.name}. */
    record Attribute(Position position, Expr target, String name) implements Expr {
    }

    /** {@code target[key]}. */
    record Item(Position position, Expr target, Expr key) implements Expr {
    }

    /** {@code target[start:stop:step]}; absent parts are null. */
    record Slice(Position position, Expr target, Expr start, Expr stop, Expr step) implements Expr {
    }

    record Call(Position position, Expr callee, CallArguments arguments) implements Expr {
    }

    /** {@code value | name(arguments)}; {@code value} is null for the filters of a filter block. */
    record Filter(Position position, Expr value, String name, CallArguments arguments) implements Expr {
    }

    /** {@code value is [not] name(arguments)}. */
    record Test(Position position, Expr value, String name, CallArguments arguments, boolean negated) implements Expr {
    }

    /** {@code -x}, {@code +x}, {@code not x}. */
    record Unary(Position position, String operator, Expr operand) implements Expr {
    }

    /** Arithmetic, {@code ~}, and the short-circuit {@code and}/{@code or}. */
    record Binary(Position position, String operator, Expr left, Expr right) implements Expr {
    }

    /** A comparison chain {@code a < b <= c}: {@code operators.get(i)} sits before {@code operands.get(i)}. */
    record Compare(Position position, Expr first, List<String> operators, List<Expr> operands) implements Expr {
    }

    /** {@code whenTrue if condition else whenFalse}; without {@code else}, whenFalse is null (undefined). */
    record Conditional(Position position, Expr condition, Expr whenTrue, Expr whenFalse) implements Expr {
    }

    /** The arguments written in a call, filter or test. */
    record CallArguments(List<Expr> positional, List<Keyword> keywords) {
        static final CallArguments NONE = new CallArguments(List.of(), List.of());
    }

    record Keyword(String name, Expr value) {
    }
}
