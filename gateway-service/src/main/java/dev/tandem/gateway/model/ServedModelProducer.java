package dev.tandem.gateway.model;

import dev.tandem.gateway.config.GatewayConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/** Loads the served model once, at startup (a missing or broken model directory stops the gateway). */
public class ServedModelProducer {

    @Produces
    @Singleton
    ServedModel servedModel(GatewayConfig config) {
        return ServedModel.load(config.modelDir(), config.modelAliases().orElse(List.of()));
    }
}
