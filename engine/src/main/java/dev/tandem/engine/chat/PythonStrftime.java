package dev.tandem.engine.chat;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * Python's {@code datetime.strftime} in the C locale, for the {@code strftime_now(format)} function that
 * transformers gives templates (Llama 3 prints {@code strftime_now("%d %b %Y")}). glibc's {@code %-d} style
 * (no padding) is accepted too.
 */
final class PythonStrftime {

    private PythonStrftime() {
    }

    static String format(String format, ZonedDateTime time) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            boolean unpadded = format.charAt(i + 1) == '-' && i + 2 < format.length();
            char directive = format.charAt(unpadded ? i + 2 : i + 1);
            i += unpadded ? 2 : 1;
            out.append(directive(directive, unpadded, time));
        }
        return out.toString();
    }

    private static String directive(char directive, boolean unpadded, ZonedDateTime t) {
        return switch (directive) {
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'd' -> number(t.getDayOfMonth(), 2, unpadded);
            case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'm' -> number(t.getMonthValue(), 2, unpadded);
            case 'y' -> number(t.getYear() % 100, 2, unpadded);
            case 'Y' -> Integer.toString(t.getYear());
            case 'H' -> number(t.getHour(), 2, unpadded);
            case 'I' -> number(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2, unpadded);
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'M' -> number(t.getMinute(), 2, unpadded);
            case 'S' -> number(t.getSecond(), 2, unpadded);
            case 'f' -> number(t.getNano() / 1000, 6, unpadded);
            case 'j' -> number(t.getDayOfYear(), 3, unpadded);
            case 'U' -> number((t.getDayOfYear() + 6 - t.getDayOfWeek().getValue() % 7) / 7, 2, unpadded);
            case 'W' -> number((t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() + 6) % 7) / 7, 2, unpadded);
            case 'V' -> number(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, unpadded);
            case 'G' -> Integer.toString(t.get(IsoFields.WEEK_BASED_YEAR));
            case 'u' -> Integer.toString(t.get(ChronoField.DAY_OF_WEEK));
            // transformers formats a naive datetime.now(): no time zone to print.
            case 'z', 'Z' -> "";
            case 'c' -> format("%a %b ", t) + padded(t.getDayOfMonth(), ' ') + format(" %H:%M:%S %Y", t);
            case 'x' -> format("%m/%d/%y", t);
            case 'X' -> format("%H:%M:%S", t);
            case 'D' -> format("%m/%d/%y", t);
            case 'F' -> format("%Y-%m-%d", t);
            case 'T' -> format("%H:%M:%S", t);
            case 'e' -> padded(t.getDayOfMonth(), ' ');
            case 'n' -> "\n";
            case 't' -> "\t";
            case '%' -> "%";
            default -> "%" + (unpadded ? "-" : "") + directive;
        };
    }

    private static String number(int value, int width, boolean unpadded) {
        String digits = Integer.toString(value);
        return unpadded ? digits : "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    private static String padded(int value, char pad) {
        return value < 10 ? pad + Integer.toString(value) : Integer.toString(value);
    }
}
