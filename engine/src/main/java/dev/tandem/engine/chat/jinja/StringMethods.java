package dev.tandem.engine.chat.jinja;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;

/** Python {@code str} methods callable from templates ({@code text.startswith('<think>')}, {@code text.split()}...). */
final class StringMethods {

    static final Set<String> NAMES = Set.of(
            "startswith", "endswith", "split", "rsplit", "splitlines", "strip", "lstrip", "rstrip", "upper", "lower",
            "title", "capitalize", "swapcase", "casefold", "replace", "find", "rfind", "index", "rindex", "count", "join",
            "format", "partition", "rpartition", "removeprefix", "removesuffix", "zfill", "center", "ljust", "rjust",
            "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower", "isnumeric", "isdecimal", "istitle");

    private StringMethods() {
    }

    static Object call(String s, String method, Arguments args) {
        String name = "str." + method + "()";
        return switch (method) {
            case "startswith", "endswith" -> {
                Arguments.Bound a = args.bind(name, "prefix", "start", "end");
                String window = window(s, a);
                Object affixes = a.required(0);
                List<?> options = affixes instanceof Tuple t ? t : List.of(affixes);
                yield options.stream().anyMatch(o -> method.equals("startswith")
                        ? window.startsWith(text(o, name)) : window.endsWith(text(o, name)));
            }
            case "split", "rsplit" -> {
                Arguments.Bound a = args.bind(name, "sep", "maxsplit");
                String sep = a.string(0, null);
                long max = a.integer(1, -1);
                yield method.equals("split") ? PythonStrings.split(s, sep, max) : PythonStrings.rsplit(s, sep, max);
            }
            case "splitlines" -> PythonStrings.splitlines(s, args.bind(name, "keepends").flag(0, false));
            case "strip" -> PythonStrings.strip(s, args.bind(name, "chars").string(0, null));
            case "lstrip" -> PythonStrings.lstrip(s, args.bind(name, "chars").string(0, null));
            case "rstrip" -> PythonStrings.rstrip(s, args.bind(name, "chars").string(0, null));
            case "upper" -> noArguments(args, name, s.toUpperCase(Locale.ROOT));
            case "lower", "casefold" -> noArguments(args, name, s.toLowerCase(Locale.ROOT));
            case "title" -> noArguments(args, name, PythonStrings.title(s));
            case "capitalize" -> noArguments(args, name, PythonStrings.capitalize(s));
            case "swapcase" -> noArguments(args, name, swapCase(s));
            case "replace" -> {
                Arguments.Bound a = args.bind(name, "old", "new", "count");
                yield replace(s, text(a.required(0), name), text(a.required(1), name), a.integer(2, -1));
            }
            case "find", "rfind", "index", "rindex" -> {
                Arguments.Bound a = args.bind(name, "sub", "start", "end");
                String window = window(s, a);
                String sub = text(a.required(0), name);
                int at = method.startsWith("r") ? window.lastIndexOf(sub) : window.indexOf(sub);
                if (at < 0 && method.endsWith("index")) {
                    throw TemplateException.render("substring not found");
                }
                yield at < 0 ? -1L : (long) (offset(s, a) + window.codePointCount(0, at));
            }
            case "count" -> {
                Arguments.Bound a = args.bind(name, "sub", "start", "end");
                yield count(window(s, a), text(a.required(0), name));
            }
            case "join" -> {
                StringBuilder out = new StringBuilder();
                List<Object> items = Values.iterate(args.bind(name, "iterable").required(0));
                for (int i = 0; i < items.size(); i++) {
                    out.append(i == 0 ? "" : s).append(text(items.get(i), name));
                }
                yield out.toString();
            }
            case "format" -> StringFormat.format(s, args);
            case "partition", "rpartition" -> {
                String sep = text(args.bind(name, "sep").required(0), name);
                int at = method.equals("partition") ? s.indexOf(sep) : s.lastIndexOf(sep);
                yield at < 0 ? (method.equals("partition") ? Tuple.of(s, "", "") : Tuple.of("", "", s))
                        : Tuple.of(s.substring(0, at), sep, s.substring(at + sep.length()));
            }
            case "removeprefix" -> {
                String prefix = text(args.bind(name, "prefix").required(0), name);
                yield s.startsWith(prefix) ? s.substring(prefix.length()) : s;
            }
            case "removesuffix" -> {
                String suffix = text(args.bind(name, "suffix").required(0), name);
                yield s.endsWith(suffix) && !suffix.isEmpty() ? s.substring(0, s.length() - suffix.length()) : s;
            }
            case "zfill", "center", "ljust", "rjust" -> pad(s, method, args.bind(name, "width", "fillchar"), name);
            case "isdigit" -> all(s, Character::isDigit);
            case "isdecimal" -> all(s, cp -> Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER);
            case "isnumeric" -> all(s, cp -> switch (Character.getType(cp)) {
                case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
                default -> false;
            });
            case "isalpha" -> all(s, Character::isLetter);
            case "isalnum" -> all(s, Character::isLetterOrDigit);
            case "isspace" -> all(s, PythonStrings::isSpace);
            case "isupper" -> hasCased(s) && s.codePoints().noneMatch(cp -> Character.isLowerCase(cp) || Character.isTitleCase(cp));
            case "islower" -> hasCased(s) && s.codePoints().noneMatch(cp -> Character.isUpperCase(cp) || Character.isTitleCase(cp));
            case "istitle" -> hasCased(s) && PythonStrings.title(s).equals(s);
            default -> throw TemplateException.render("'str' object has no attribute '" + method + "'");
        };
    }

    private static Object noArguments(Arguments args, String name, Object result) {
        args.bind(name);
        return result;
    }

    private static String text(Object value, String name) {
        if (!(value instanceof String s)) {
            throw TemplateException.render(name + " expects a string argument, not " + Values.typeName(value));
        }
        return s;
    }

    /** {@code s[start:end]} for methods with optional start/end arguments (code point positions). */
    private static String window(String s, Arguments.Bound a) {
        Object start = a.get(1, null);
        Object end = a.get(2, null);
        return start == null && end == null ? s : (String) Access.slice(s, start, end, null);
    }

    private static int offset(String s, Arguments.Bound a) {
        Object start = a.get(1, null);
        if (start == null) {
            return 0;
        }
        long length = PythonStrings.length(s);
        long i = Values.toLong(start);
        return (int) Math.max(0, Math.min(length, i < 0 ? i + length : i));
    }

    private static String replace(String s, String old, String replacement, long count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (long n = 0; n < count; n++) {
            int at = old.isEmpty() ? (from <= s.length() ? from : -1) : s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(s, from, at).append(replacement);
            if (old.isEmpty()) {
                if (at < s.length()) {
                    out.appendCodePoint(s.codePointAt(at));
                }
                from = at + (at < s.length() ? Character.charCount(s.codePointAt(at)) : 1);
            } else {
                from = at + old.length();
            }
        }
        return from <= s.length() ? out.append(s.substring(from)).toString() : out.toString();
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return PythonStrings.length(s) + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String pad(String s, String method, Arguments.Bound a, String name) {
        int width = (int) a.integer(0, 0);
        int missing = width - PythonStrings.length(s);
        if (missing <= 0) {
            return s;
        }
        if (method.equals("zfill")) {
            boolean signed = s.startsWith("-") || s.startsWith("+");
            return signed ? s.charAt(0) + "0".repeat(missing) + s.substring(1) : "0".repeat(missing) + s;
        }
        String fill = a.string(1, " ");
        if (PythonStrings.length(fill) != 1) {
            throw TemplateException.render(name + ": the fill character must be exactly one character long");
        }
        return switch (method) {
            case "ljust" -> s + fill.repeat(missing);
            case "rjust" -> fill.repeat(missing) + s;
            default -> {
                int left = missing / 2 + (missing & width & 1);
                yield fill.repeat(left) + s + fill.repeat(missing - left);
            }
        };
    }

    private static boolean all(String s, IntPredicate predicate) {
        return !s.isEmpty() && s.codePoints().allMatch(predicate);
    }

    private static boolean hasCased(String s) {
        return s.codePoints().anyMatch(PythonStrings::isCased);
    }

    private static String swapCase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.append(Character.isUpperCase(cp)
                ? Character.toString(cp).toLowerCase(Locale.ROOT) : Character.toString(cp).toUpperCase(Locale.ROOT)));
        return out.toString();
    }
}
