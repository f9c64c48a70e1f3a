package dev.tandem.engine.chat.jinja;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Shared assertions for the interpreter tests. Expected strings in the tests were produced by Python Jinja2 3.1
 * with transformers' environment (trim_blocks, lstrip_blocks, loopcontrols, tojson = json.dumps(ensure_ascii=False)).
 */
final class JinjaAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JinjaAssertions() {
    }

    /** Renders {@code template} (transformers' settings) with variables given as name, value pairs. */
    static String render(String template, Object... namesAndValues) {
        return Template.compile(template).render(variables(namesAndValues));
    }

    static void assertRenders(String expected, String template, Object... namesAndValues) {
        assertEquals(expected, render(template, namesAndValues), () -> "template: " + template);
    }

    /** The error that rendering (or compiling) {@code template} throws. */
    static TemplateException renderError(String template, Object... namesAndValues) {
        return assertThrows(TemplateException.class, () -> render(template, namesAndValues), () -> "template: " + template);
    }

    static Map<String, Object> variables(Object... namesAndValues) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            variables.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return variables;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
