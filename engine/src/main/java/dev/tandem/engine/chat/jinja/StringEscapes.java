package dev.tandem.engine.chat.jinja;

/** Decodes the backslash escapes of a string literal like Python's {@code unicode-escape} codec (Jinja's rule). */
final class StringEscapes {

    private StringEscapes() {
    }

    static String decode(String body) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                i++;
                continue;
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case '\n' -> { }
                case '\\' -> out.append('\\');
                case '\'' -> out.append('\'');
                case '"' -> out.append('"');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> i = appendHex(body, i, 2, out);
                case 'u' -> i = appendHex(body, i, 4, out);
                case 'U' -> i = appendHex(body, i, 8, out);
                case 'N' -> i = appendNamed(body, i, out);
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i - 1;
                        while (end < body.length() && end < i + 2 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
                            end++;
                        }
                        out.appendCodePoint(Integer.parseInt(body, i - 1, end, 8));
                        i = end;
                    } else {
                        // Python keeps unknown escapes such as \d as they are.
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int appendHex(String body, int start, int digits, StringBuilder out) {
        int end = start + digits;
        if (end > body.length()) {
            throw TemplateException.render("truncated \\" + body.charAt(start - 1) + " escape in string literal");
        }
        try {
            out.appendCodePoint(Integer.parseUnsignedInt(body, start, end, 16));
        } catch (IllegalArgumentException e) {
            throw TemplateException.render("invalid \\" + body.charAt(start - 1) + " escape in string literal: "
                    + body.substring(start - 2, end));
        }
        return end;
    }

    private static int appendNamed(String body, int start, StringBuilder out) {
        int close = body.indexOf('}', start);
        if (start >= body.length() || body.charAt(start) != '{' || close < 0) {
            throw TemplateException.render("malformed \\N{...} escape in string literal");
        }
        String name = body.substring(start + 1, close);
        try {
            out.appendCodePoint(Character.codePointOf(name));
        } catch (IllegalArgumentException e) {
            throw TemplateException.render("unknown Unicode character name in string literal: " + name);
        }
        return close + 1;
    }
}
