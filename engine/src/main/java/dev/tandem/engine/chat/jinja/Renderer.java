package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the statement tree of one render: output, control flow, assignments and macro calls. */
final class Renderer {

    /** How a statement list ended: normally, or through {@code break}/{@code continue}. */
    private enum Flow { NORMAL, BREAK, CONTINUE }

    private static final int MAX_MACRO_DEPTH = 200;

    private final String templateName;
    private final ExpressionEvaluator evaluator;
    private int macroDepth;

    Renderer(String templateName) {
        this.templateName = templateName;
        this.evaluator = new ExpressionEvaluator(templateName);
    }

    String render(List<Node> body, Scope scope) {
        StringBuilder out = new StringBuilder();
        execute(body, scope, out);
        return out.toString();
    }

    private Flow execute(List<Node> nodes, Scope scope, StringBuilder out) {
        for (Node node : nodes) {
            Flow flow = execute(node, scope, out);
            if (flow != Flow.NORMAL) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }

    private Flow execute(Node node, Scope scope, StringBuilder out) {
        switch (node) {
            case Node.Text text -> out.append(text.text());
            case Node.Output output -> out.append(PythonText.str(evaluator.evaluate(output.value(), scope)));
            case Node.If conditional -> {
                for (Node.Branch branch : conditional.branches()) {
                    if (Values.isTruthy(evaluator.evaluate(branch.condition(), scope))) {
                        return execute(branch.body(), scope, out);
                    }
                }
                return execute(conditional.orElse(), scope, out);
            }
            case Node.For loop -> loop(loop, scope, out);
            case Node.Set set -> assign(set.target(), evaluator.evaluate(set.value(), scope), scope, set.position());
            case Node.SetBlock set -> {
                Object value = render(set.body(), scope);
                for (Expr.Filter filter : set.filters()) {
                    value = evaluator.applyFilter(filter, value, scope);
                }
                assign(set.target(), value, scope, set.position());
            }
            case Node.Macro macro -> scope.set(macro.name(), new Macro(macro, scope, this));
            case Node.CallBlock block -> {
                Node.Macro callerDefinition = new Node.Macro(block.position(), "caller", block.callerParameters(), block.body());
                Arguments given = evaluator.arguments(block.call().arguments(), scope);
                Map<String, Object> keywords = new LinkedHashMap<>(given.keywords());
                keywords.put("caller", new Macro(callerDefinition, scope, this));
                Object callee = evaluator.evaluate(block.call().callee(), scope);
                try {
                    Object result = evaluator.invoke(block.call(), callee, new Arguments(given.positional(), keywords), scope);
                    out.append(PythonText.str(result));
                } catch (TemplateException e) {
                    throw e.locatedAt(templateName, block.position());
                }
            }
            case Node.FilterBlock block -> {
                Object value = render(block.body(), scope);
                for (Expr.Filter filter : block.filters()) {
                    value = evaluator.applyFilter(filter, value, scope);
                }
                out.append(PythonText.str(value));
            }
            case Node.Break ignored -> {
                return Flow.BREAK;
            }
            case Node.Continue ignored -> {
                return Flow.CONTINUE;
            }
        }
        return Flow.NORMAL;
    }

    /** A {@code for} loop: the {@code if} filter runs first, so {@code loop.length} counts kept items only. */
    private void loop(Node.For loop, Scope scope, StringBuilder out) {
        Object iterable = evaluator.evaluate(loop.iterable(), scope);
        List<Object> items;
        try {
            items = Values.iterate(iterable);
        } catch (TemplateException e) {
            throw e.locatedAt(templateName, loop.iterable().position());
        }
        if (loop.condition() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                Scope candidate = scope.child();
                assign(loop.target(), item, candidate, loop.position());
                if (Values.isTruthy(evaluator.evaluate(loop.condition(), candidate))) {
                    kept.add(item);
                }
            }
            items = kept;
        }
        if (items.isEmpty()) {
            execute(loop.orElse(), scope, out);
            return;
        }
        LoopState state = new LoopState(items);
        for (int i = 0; i < items.size(); i++) {
            Scope iteration = scope.child();
            state.advanceTo(i);
            iteration.set("loop", state);
            assign(loop.target(), items.get(i), iteration, loop.position());
            if (execute(loop.body(), iteration, out) == Flow.BREAK) {
                break;
            }
        }
    }

    private void assign(Node.Target target, Object value, Scope scope, Position position) {
        switch (target) {
            case Node.Target.Name name -> scope.set(name.name(), value);
            case Node.Target.Unpack unpack -> {
                List<Object> values;
                try {
                    values = Values.iterate(value);
                } catch (TemplateException e) {
                    throw TemplateException.render("cannot unpack non-iterable " + Values.typeName(value) + " object")
                            .locatedAt(templateName, position);
                }
                int expected = unpack.names().size();
                if (values.size() != expected) {
                    String problem = values.size() < expected
                            ? "not enough values to unpack (expected %d, got %d)".formatted(expected, values.size())
                            : "too many values to unpack (expected %d)".formatted(expected);
                    throw TemplateException.render(problem).locatedAt(templateName, position);
                }
                for (int i = 0; i < expected; i++) {
                    scope.set(unpack.names().get(i), values.get(i));
                }
            }
            case Node.Target.NamespaceAttribute attribute -> {
                if (!(scope.lookup(attribute.namespace()) instanceof Namespace namespace)) {
                    throw TemplateException.render("cannot assign attribute '%s' on '%s': it is not a namespace() object"
                            .formatted(attribute.attribute(), attribute.namespace())).locatedAt(templateName, position);
                }
                namespace.set(attribute.attribute(), value);
            }
        }
    }

    /** Binds arguments like Jinja: by position, then keyword, then default; extras go to varargs/kwargs. */
    Object callMacro(Macro macro, Arguments arguments) {
        Node.Macro definition = macro.definition();
        if (macroDepth >= MAX_MACRO_DEPTH) {
            throw TemplateException.render("macro '" + definition.name() + "' recursed deeper than " + MAX_MACRO_DEPTH + " calls");
        }
        Scope scope = macro.closure().child();
        Map<String, Object> keywords = new LinkedHashMap<>(arguments.keywords());
        if (keywords.containsKey("caller")) {
            scope.set("caller", keywords.remove("caller"));
        }
        List<Object> positional = arguments.positional();
        List<Node.Parameter> parameters = definition.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Node.Parameter parameter = parameters.get(i);
            Object value;
            if (i < positional.size()) {
                if (keywords.containsKey(parameter.name())) {
                    throw TemplateException.render("macro '%s' got multiple values for argument '%s'"
                            .formatted(definition.name(), parameter.name()));
                }
                value = positional.get(i);
            } else if (keywords.containsKey(parameter.name())) {
                value = keywords.remove(parameter.name());
            } else {
                value = parameter.defaultValue() == null ? Undefined.INSTANCE : evaluator.evaluate(parameter.defaultValue(), scope);
            }
            scope.set(parameter.name(), value);
        }
        scope.set("varargs", new ArrayList<>(positional.subList(Math.min(positional.size(), parameters.size()), positional.size())));
        scope.set("kwargs", new LinkedHashMap<Object, Object>(keywords));
        macroDepth++;
        try {
            return render(definition.body(), scope);
        } finally {
            macroDepth--;
        }
    }
}
