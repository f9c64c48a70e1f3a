package dev.tandem.engine.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Typed access to the fields of one JSON object read from a checkpoint file, with errors that name the
 * field and the file. Absent and {@code null} fields are treated alike.
 */
final class JsonFields {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode node;
    private final String source;

    /** @param source what the errors name, e.g. the file's path */
    JsonFields(JsonNode node, String source) {
        if (node == null || !node.isObject()) {
            throw new CheckpointException("%s: expected a JSON object, got %s".formatted(source, describe(node)));
        }
        this.node = node;
        this.source = source;
    }

    /** Parses a JSON file into its top-level object. */
    static JsonFields readFile(Path file) {
        try {
            return new JsonFields(MAPPER.readTree(Files.readAllBytes(file)), file.toString());
        } catch (NoSuchFileException e) {
            throw new CheckpointException("file not found: " + file, e);
        } catch (JsonProcessingException e) {
            throw new CheckpointException("malformed JSON in %s: %s".formatted(file, e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read %s: %s".formatted(file, e.getMessage()), e);
        }
    }

    JsonNode node() {
        return node;
    }

    String source() {
        return source;
    }

    /** The field, or null when absent or JSON null. */
    JsonNode get(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String field) {
        return get(field) != null;
    }

    int requireInt(String field) {
        return optionalInt(field).orElseThrow(() -> missing(field));
    }

    OptionalInt optionalInt(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(field, "an integer", value);
        }
        return OptionalInt.of(value.intValue());
    }

    OptionalLong optionalLong(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "an integer", value);
        }
        return OptionalLong.of(value.longValue());
    }

    double requireDouble(String field) {
        return optionalDouble(field).orElseThrow(() -> missing(field));
    }

    OptionalDouble optionalDouble(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber()) {
            throw wrongType(field, "a number", value);
        }
        return OptionalDouble.of(value.doubleValue());
    }

    boolean optionalBoolean(String field, boolean fallback) {
        JsonNode value = get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false", value);
        }
        return value.booleanValue();
    }

    String optionalString(String field, String fallback) {
        JsonNode value = get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        return value.textValue();
    }

    /** The field as a nested object. */
    JsonFields requireObject(String field) {
        JsonNode value = get(field);
        if (value == null) {
            throw missing(field);
        }
        if (!value.isObject()) {
            throw wrongType(field, "an object", value);
        }
        return new JsonFields(value, source + " (field " + field + ")");
    }

    CheckpointException missing(String field) {
        return new CheckpointException("required field '%s' is missing in %s".formatted(field, source));
    }

    CheckpointException wrongType(String field, String expected, JsonNode value) {
        return new CheckpointException("field '%s' in %s must be %s, got %s".formatted(field, source, expected, describe(value)));
    }

    private static String describe(JsonNode value) {
        if (value == null) {
            return "nothing";
        }
        String text = value.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
