package dev.tandem.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.gateway.api.ApiException;
import dev.tandem.gateway.config.GatewayConfig;
import dev.tandem.gateway.metrics.GatewayMetrics;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * HTTP-level concerns ahead of the REST layer: bodies declared larger than the limit get an OpenAI-shaped 413
 * before they are read (Quarkus' own limit still guards chunked bodies), and every API request is counted by
 * endpoint and status when its response ends.
 */
@ApplicationScoped
public class HttpFilters {

    private final long maxBodySize;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;

    public HttpFilters(GatewayConfig config, GatewayMetrics metrics, ObjectMapper json) {
        this.maxBodySize = config.maxBodySize().asLongValue();
        this.metrics = metrics;
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 100);
    }

    private void filter(RoutingContext context) {
        String path = context.normalizedPath();
        if (!path.startsWith("/v1/") && !path.equals("/health")) {
            context.next();
            return;
        }
        String endpoint = path.startsWith("/v1/") ? path.substring(4).replace('/', '_') : "health";
        context.addEndHandler(done -> metrics.requestCompleted(endpoint, context.response().getStatusCode()));
        String length = context.request().getHeader("Content-Length");
        if (length != null && tooLarge(length)) {
            ApiException error = ApiException.bodyTooLarge(maxBodySize);
            try {
                context.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close").end(json.writeValueAsString(error.body()));
            } catch (JsonProcessingException e) {
                context.fail(e);
            }
            return;
        }
        context.next();
    }

    private boolean tooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
