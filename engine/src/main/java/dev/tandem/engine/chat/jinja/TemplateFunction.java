package dev.tandem.engine.chat.jinja;

/**
 * Something a template can call: a global function such as {@code range} or {@code raise_exception}, a macro,
 * or a bound method such as {@code text.startswith}. Pass implementations as template variables to add
 * functions. Errors should be {@link TemplateException}s (e.g. {@link TemplateException#render(String)});
 * the interpreter adds the position of the call.
 */
@FunctionalInterface
public interface TemplateFunction {

    Object call(Arguments arguments);
}
