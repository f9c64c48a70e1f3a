package dev.tandem.engine.chat.jinja;

/**
 * Python's {@code str.format} for replacement fields without format specs: {@code {}}, {@code {0}},
 * {@code {name}}, and {@code {{ }}} for literal braces.
 */
final class StringFormat {

    private StringFormat() {
    }

    static String format(String format, Arguments args) {
        StringBuilder out = new StringBuilder();
        int automatic = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c == '}') {
                if (i + 1 < format.length() && format.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw TemplateException.render("single '}' encountered in format string");
            }
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < format.length() && format.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
                continue;
            }
            int close = format.indexOf('}', i);
            if (close < 0) {
                throw TemplateException.render("single '{' encountered in format string");
            }
            String field = format.substring(i + 1, close);
            if (field.contains(":") || field.contains("!") || field.contains(".") || field.contains("[")) {
                throw TemplateException.render("str.format(): format specs, conversions and lookups in '{" + field
                        + "}' are not supported");
            }
            Object value;
            if (field.isEmpty()) {
                value = positional(args, automatic++);
            } else if (field.chars().allMatch(Character::isDigit)) {
                value = positional(args, Integer.parseInt(field));
            } else if (args.keywords().containsKey(field)) {
                value = args.keywords().get(field);
            } else {
                throw TemplateException.render("str.format(): no argument named '" + field + "'");
            }
            out.append(PythonText.str(value));
            i = close + 1;
        }
        return out.toString();
    }

    private static Object positional(Arguments args, int index) {
        if (index >= args.positional().size()) {
            throw TemplateException.render("str.format(): replacement index " + index + " out of range");
        }
        return args.positional().get(index);
    }
}
