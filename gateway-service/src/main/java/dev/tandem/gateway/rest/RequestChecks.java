package dev.tandem.gateway.rest;

import dev.tandem.gateway.api.ApiException;
import dev.tandem.gateway.model.ServedModel;

import java.util.UUID;

/** Checks every generation endpoint makes first. */
final class RequestChecks {

    private RequestChecks() {
    }

    /** The model must be one of the served names. */
    static void model(String requested, ServedModel model) {
        if (requested == null || requested.isBlank()) {
            throw ApiException.invalid("model", "model is required; this server serves " + model.names());
        }
        if (!model.answersTo(requested)) {
            throw ApiException.modelNotFound(requested);
        }
    }

    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }
}
