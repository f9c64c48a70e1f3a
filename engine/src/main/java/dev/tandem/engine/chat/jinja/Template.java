package dev.tandem.engine.chat.jinja;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled template. Compile once with {@link #compile}; {@link #render} may then be called from any number
 * of threads, since the parsed tree is immutable and every render has its own state.
 */
public final class Template {

    private final String name;
    private final List<Node> body;

    private Template(String name, List<Node> body) {
        this.name = name;
        this.body = body;
    }

    /** Compiles with transformers' whitespace settings ({@link WhitespaceOptions#TRANSFORMERS}). */
    public static Template compile(String source) {
        return compile("template", source, WhitespaceOptions.TRANSFORMERS);
    }

    /**
     * Compiles a template.
     *
     * @param name used in error messages, e.g. {@code "chat_template"}
     * @throws TemplateException (kind {@link TemplateException.Kind#SYNTAX}) naming the line and column of
     *                           the first problem: bad syntax, an unknown tag, filter or test
     */
    public static Template compile(String name, String source, WhitespaceOptions options) {
        Objects.requireNonNull(source, "source");
        try {
            List<Token> tokens = Lexer.tokenize(source, name, options);
            return new Template(name, TemplateParser.parse(tokens, name));
        } catch (StackOverflowError e) {
            throw TemplateException.render(name + ": template nesting too deep to compile");
        }
    }

    public String name() {
        return name;
    }

    /**
     * Renders with the given variables (converted by {@link Values#fromJava}); {@code range}, {@code namespace}
     * and {@code dict} are always available, and variables may add {@link TemplateFunction}s.
     *
     * @throws TemplateException when rendering fails or the template calls a function that raises
     */
    public String render(Map<String, ?> variables) {
        Scope globals = new Scope(null);
        BuiltinGlobals.install(globals);
        Scope root = globals.child();
        variables.forEach((key, value) -> root.set(key, Values.fromJava(value)));
        try {
            return new Renderer(name).render(body, root);
        } catch (StackOverflowError e) {
            throw TemplateException.render(name + ": template nesting too deep to render");
        }
    }
}
