package dev.tandem.engine.tokenizer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Typed access to GGUF metadata values, with errors naming the key and what was found instead. */
record GgufFields(Map<String, Object> metadata) {

    String string(String key) {
        return optionalString(key).orElseThrow(() -> missing(key));
    }

    Optional<String> optionalString(String key) {
        Object value = metadata.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        throw wrongType(key, "a string", value);
    }

    OptionalInt optionalInt(String key) {
        Object value = metadata.get(key);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value instanceof Number number && (number instanceof Long || number instanceof Integer
                || number instanceof Short || number instanceof Byte)) {
            return OptionalInt.of(Math.toIntExact(number.longValue()));
        }
        throw wrongType(key, "an integer", value);
    }

    boolean bool(String key, boolean fallback) {
        Object value = metadata.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "a boolean", value);
    }

    List<?> list(String key) {
        return optionalList(key).orElseThrow(() -> missing(key));
    }

    Optional<List<?>> optionalList(String key) {
        Object value = metadata.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof List<?> list) {
            return Optional.of(list);
        }
        throw wrongType(key, "an array", value);
    }

    String[] strings(String key) {
        List<?> list = list(key);
        String[] result = new String[list.size()];
        for (int i = 0; i < result.length; i++) {
            if (!(list.get(i) instanceof String s)) {
                throw wrongType(key + "[" + i + "]", "a string", list.get(i));
            }
            result[i] = s;
        }
        return result;
    }

    /** An array of numbers as floats, or null when the key is absent. */
    float[] floats(String key) {
        List<?> list = optionalList(key).orElse(null);
        if (list == null) {
            return null;
        }
        float[] result = new float[list.size()];
        for (int i = 0; i < result.length; i++) {
            if (!(list.get(i) instanceof Number number)) {
                throw wrongType(key + "[" + i + "]", "a number", list.get(i));
            }
            result[i] = number.floatValue();
        }
        return result;
    }

    /** An array of integers, or null when the key is absent. */
    int[] ints(String key) {
        List<?> list = optionalList(key).orElse(null);
        if (list == null) {
            return null;
        }
        int[] result = new int[list.size()];
        for (int i = 0; i < result.length; i++) {
            if (!(list.get(i) instanceof Number number) || number instanceof Double || number instanceof Float) {
                throw wrongType(key + "[" + i + "]", "an integer", list.get(i));
            }
            result[i] = Math.toIntExact(number.longValue());
        }
        return result;
    }

    TokenizerException problem(String key, String problem) {
        return new TokenizerException("GGUF metadata: " + key + " " + problem);
    }

    private TokenizerException missing(String key) {
        return problem(key, "is missing");
    }

    private TokenizerException wrongType(String key, String expected, Object value) {
        String shown = String.valueOf(value);
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "...";
        }
        return problem(key, "is not " + expected + " (found " + value.getClass().getSimpleName() + " " + shown + ")");
    }
}
