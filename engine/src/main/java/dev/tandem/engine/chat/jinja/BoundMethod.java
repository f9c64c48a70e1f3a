package dev.tandem.engine.chat.jinja;

import java.util.List;
import java.util.Map;

/** A method looked up on a value, such as {@code text.startswith} or {@code message.items}, ready to call. */
record BoundMethod(Object receiver, String name) implements TemplateFunction {

    @Override
    public Object call(Arguments arguments) {
        return switch (receiver) {
            case String s -> StringMethods.call(s, name, arguments);
            case Map<?, ?> map -> ContainerMethods.callDictMethod(map, name, arguments);
            case List<?> list -> ContainerMethods.callListMethod(list, name, arguments);
            case LoopState loop -> loop.call(name, arguments);
            default -> throw TemplateException.render("'" + Values.typeName(receiver) + "' has no method '" + name + "'");
        };
    }
}
