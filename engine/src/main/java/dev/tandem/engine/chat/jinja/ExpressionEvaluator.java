package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates expressions in a scope; errors are located at the innermost expression that failed. */
final class ExpressionEvaluator {

    private final String templateName;

    ExpressionEvaluator(String templateName) {
        this.templateName = templateName;
    }

    Object evaluate(Expr expr, Scope scope) {
        try {
            return evaluateUnlocated(expr, scope);
        } catch (TemplateException e) {
            throw e.locatedAt(templateName, expr.position());
        }
    }

    private Object evaluateUnlocated(Expr expr, Scope scope) {
        return switch (expr) {
            case Expr.Literal literal -> literal.value();
            case Expr.Name name -> scope.lookup(name.name());
            case Expr.ListLiteral list -> evaluateAll(list.items(), scope);
            case Expr.TupleLiteral tuple -> new Tuple(evaluateAll(tuple.items(), scope));
            case Expr.DictLiteral dict -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < dict.keys().size(); i++) {
                    map.put(evaluate(dict.keys().get(i), scope), evaluate(dict.values().get(i), scope));
                }
                yield map;
            }
            case Expr.Attribute attribute -> Access.attribute(evaluate(attribute.target(), scope), attribute.name());
            case Expr.Item item -> Access.item(evaluate(item.target(), scope), evaluate(item.key(), scope));
            case Expr.Slice slice -> Access.slice(evaluate(slice.target(), scope), optional(slice.start(), scope),
                    optional(slice.stop(), scope), optional(slice.step(), scope));
            case Expr.Call call -> call(call, scope);
            case Expr.Filter filter -> Filters.apply(filter.name(), evaluate(filter.value(), scope),
                    arguments(filter.arguments(), scope));
            case Expr.Test test -> test.negated() != BuiltinTests.apply(test.name(), evaluate(test.value(), scope),
                    arguments(test.arguments(), scope));
            case Expr.Unary unary -> unary(unary, scope);
            case Expr.Binary binary -> binary(binary, scope);
            case Expr.Compare compare -> compare(compare, scope);
            case Expr.Conditional conditional -> Values.isTruthy(evaluate(conditional.condition(), scope))
                    ? evaluate(conditional.whenTrue(), scope)
                    : conditional.whenFalse() == null ? Undefined.INSTANCE : evaluate(conditional.whenFalse(), scope);
        };
    }

    private Object optional(Expr expr, Scope scope) {
        return expr == null ? null : evaluate(expr, scope);
    }

    private List<Object> evaluateAll(List<Expr> exprs, Scope scope) {
        List<Object> values = new ArrayList<>(exprs.size());
        exprs.forEach(e -> values.add(evaluate(e, scope)));
        return values;
    }

    Arguments arguments(Expr.CallArguments arguments, Scope scope) {
        Map<String, Object> keywords = new LinkedHashMap<>();
        arguments.keywords().forEach(k -> keywords.put(k.name(), evaluate(k.value(), scope)));
        return new Arguments(evaluateAll(arguments.positional(), scope), keywords);
    }

    /** Applies a filter of a filter block or block set to already rendered text. */
    Object applyFilter(Expr.Filter filter, Object value, Scope scope) {
        try {
            return Filters.apply(filter.name(), value, arguments(filter.arguments(), scope));
        } catch (TemplateException e) {
            throw e.locatedAt(templateName, filter.position());
        }
    }

    Object call(Expr.Call call, Scope scope) {
        return invoke(call, evaluate(call.callee(), scope), arguments(call.arguments(), scope), scope);
    }

    Object invoke(Expr.Call call, Object callee, Arguments arguments, Scope scope) {
        if (callee instanceof TemplateFunction function) {
            return function.call(arguments);
        }
        if (callee == Undefined.INSTANCE && call.callee() instanceof Expr.Attribute attribute) {
            Object receiver = evaluate(attribute.target(), scope);
            if (receiver != Undefined.INSTANCE) {
                throw TemplateException.render("'%s' object has no attribute '%s'"
                        .formatted(Values.typeName(receiver), attribute.name()));
            }
        }
        if (callee == Undefined.INSTANCE) {
            throw TemplateException.render("'" + describe(call.callee()) + "' is undefined");
        }
        throw TemplateException.render("'" + Values.typeName(callee) + "' object is not callable");
    }

    private Object unary(Expr.Unary unary, Scope scope) {
        Object value = evaluate(unary.operand(), scope);
        return switch (unary.operator()) {
            case "not" -> !Values.isTruthy(value);
            case "-" -> Operators.negate(defined(value, unary.operand(), "-"));
            default -> {
                if (!Values.isNumeric(defined(value, unary.operand(), "+"))) {
                    throw TemplateException.render("bad operand type for unary +: '" + Values.typeName(value) + "'");
                }
                yield value instanceof Boolean ? Values.toLong(value) : value;
            }
        };
    }

    private Object binary(Expr.Binary binary, Scope scope) {
        Object left = evaluate(binary.left(), scope);
        return switch (binary.operator()) {
            case "and" -> Values.isTruthy(left) ? evaluate(binary.right(), scope) : left;
            case "or" -> Values.isTruthy(left) ? left : evaluate(binary.right(), scope);
            case "~" -> PythonText.str(left) + PythonText.str(evaluate(binary.right(), scope));
            default -> {
                Object right = evaluate(binary.right(), scope);
                defined(left, binary.left(), binary.operator());
                defined(right, binary.right(), binary.operator());
                yield Operators.binary(binary.operator(), left, right);
            }
        };
    }

    private Object compare(Expr.Compare compare, Scope scope) {
        Object left = evaluate(compare.first(), scope);
        for (int i = 0; i < compare.operators().size(); i++) {
            String op = compare.operators().get(i);
            Object right = evaluate(compare.operands().get(i), scope);
            boolean holds = switch (op) {
                case "==" -> Operators.equal(left, right);
                case "!=" -> !Operators.equal(left, right);
                case "in" -> Operators.contains(right, left);
                case "not in" -> !Operators.contains(right, left);
                default -> {
                    int order = Operators.compare(defined(left, compare.first(), op), defined(right, compare.operands().get(i), op), op);
                    yield switch (op) {
                        case "<" -> order < 0;
                        case "<=" -> order <= 0;
                        case ">" -> order > 0;
                        default -> order >= 0;
                    };
                }
            };
            if (!holds) {
                return false;
            }
            left = right;
        }
        return true;
    }

    /** Jinja's error for using an undefined value in arithmetic: "'message.content' is undefined". */
    private static Object defined(Object value, Expr source, String operator) {
        if (value == Undefined.INSTANCE) {
            throw TemplateException.render("'" + describe(source) + "' is undefined (used with '" + operator + "')");
        }
        return value;
    }

    /** How an expression reads in an error message: {@code messages[0].content}, or "expression". */
    static String describe(Expr expr) {
        return switch (expr) {
            case Expr.Name name -> name.name();
            case Expr.Attribute attribute -> describe(attribute.target()) + "." + attribute.name();
            case Expr.Item item when item.key() instanceof Expr.Literal key ->
                    describe(item.target()) + "[" + PythonText.repr(key.value()) + "]";
            case Expr.Call call -> describe(call.callee()) + "(...)";
            default -> "expression";
        };
    }
}
