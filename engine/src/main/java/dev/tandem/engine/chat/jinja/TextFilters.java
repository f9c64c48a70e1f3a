package dev.tandem.engine.chat.jinja;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Filters on text: {@code trim upper lower title capitalize replace string safe escape wordcount indent format}. */
final class TextFilters {

    private static final Pattern WORD_BEGINNING_SPLIT = Pattern.compile("([-\\s(\\{\\[<]+)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

    private TextFilters() {
    }

    static void register(Map<String, Filter> filters) {
        filters.put("trim", (v, a) -> PythonStrings.strip(PythonText.str(v), a.bind("trim", "chars").string(0, null)));
        filters.put("upper", (v, a) -> text(v, a, "upper").toUpperCase(Locale.ROOT));
        filters.put("lower", (v, a) -> text(v, a, "lower").toLowerCase(Locale.ROOT));
        filters.put("capitalize", (v, a) -> PythonStrings.capitalize(text(v, a, "capitalize")));
        filters.put("title", (v, a) -> title(text(v, a, "title")));
        filters.put("string", (v, a) -> text(v, a, "string"));
        filters.put("safe", (v, a) -> text(v, a, "safe"));
        filters.put("e", TextFilters::escape);
        filters.put("escape", TextFilters::escape);
        filters.put("forceescape", TextFilters::escape);
        filters.put("replace", (v, a) -> {
            Arguments.Bound b = a.bind("replace", "old", "new", "count");
            Arguments call = new Arguments(List.of(PythonText.str(b.required(0)), PythonText.str(b.required(1)),
                    b.isPresent(2) && b.get(2, null) != null ? b.get(2, null) : -1L), Map.of());
            return StringMethods.call(PythonText.str(v), "replace", call);
        });
        filters.put("wordcount", (v, a) -> {
            Matcher m = WORD.matcher(text(v, a, "wordcount"));
            long n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        });
        filters.put("indent", TextFilters::indent);
        filters.put("format", (v, a) -> {
            if (!a.keywords().isEmpty()) {
                return PercentFormat.format(PythonText.str(v), Values.fromJava(a.keywords()));
            }
            return PercentFormat.format(PythonText.str(v), new Tuple(a.positional()));
        });
    }

    private static String text(Object value, Arguments arguments, String filter) {
        arguments.bind(filter);
        return PythonText.str(value);
    }

    /** Jinja's {@code title}: capitalize each run after spaces, dashes and opening brackets. */
    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        Matcher m = WORD_BEGINNING_SPLIT.matcher(s);
        int last = 0;
        while (m.find()) {
            appendCapitalizedWord(out, s.substring(last, m.start()));
            out.append(m.group());
            last = m.end();
        }
        appendCapitalizedWord(out, s.substring(last));
        return out.toString();
    }

    private static void appendCapitalizedWord(StringBuilder out, String word) {
        if (!word.isEmpty()) {
            int first = word.codePointAt(0);
            int rest = Character.charCount(first);
            out.append(Character.toString(first).toUpperCase(Locale.ROOT)).append(word.substring(rest).toLowerCase(Locale.ROOT));
        }
    }

    /** HTML escaping like markupsafe: {@code & < > " '}. */
    private static Object escape(Object value, Arguments arguments) {
        arguments.bind("escape");
        String s = PythonText.str(value);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Jinja's {@code indent(width=4, first=False, blank=False)}. */
    private static Object indent(Object value, Arguments arguments) {
        Arguments.Bound a = arguments.bind("indent", "width", "first", "blank");
        Object width = a.get(0, 4L);
        String indentation = width instanceof String s ? s : " ".repeat((int) a.integer(0, 4));
        boolean first = a.flag(1, false);
        boolean blank = a.flag(2, false);
        List<Object> lines = PythonStrings.splitlines(PythonText.str(value) + "\n", false);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = (String) lines.get(i);
            if (i > 0) {
                out.append('\n');
                if (blank || !line.isEmpty()) {
                    out.append(indentation);
                }
            }
            out.append(line);
        }
        return first ? indentation + out : out.toString();
    }
}
