package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code GET /v1/models}. */
public record ModelList(String object, List<Card> data) {

    public record Card(String id, String object, long created, @JsonProperty("owned_by") String ownedBy,
                       @JsonProperty("max_model_len") int maxModelLen) {
    }
}
