package dev.tandem.engine.chat.jinja;

/**
 * A macro value: its definition, the scope it was defined in (its closure) and the render that runs it.
 * Calling it renders the body with the arguments bound and returns the text.
 */
record Macro(Node.Macro definition, Scope closure, Renderer renderer) implements TemplateFunction {

    @Override
    public Object call(Arguments arguments) {
        return renderer.callMacro(this, arguments);
    }
}
