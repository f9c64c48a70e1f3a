package dev.tandem.gateway.rest;

import dev.tandem.gateway.api.ModelList;
import dev.tandem.gateway.model.ServedModel;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/models}: the served names (the model directory and its aliases). */
@Path("/v1/models")
public class ModelsResource {

    private final ServedModel model;
    private final long created = System.currentTimeMillis() / 1000;

    public ModelsResource(ServedModel model) {
        this.model = model;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ModelList list() {
        return new ModelList("list", model.names().stream()
                .map(name -> new ModelList.Card(name, "model", created, "tandem", model.contextLength()))
                .toList());
    }
}
