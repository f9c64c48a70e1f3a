package dev.tandem.gateway.rest;

import dev.tandem.gateway.api.ApiException;
import dev.tandem.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * When API keys are configured, {@code /v1/*} requires {@code Authorization: Bearer <key>}. Keys are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual}, in constant time, and every configured key is compared.
 */
@ApplicationScoped
public class ApiKeyFilter {

    private final List<byte[]> keyDigests;

    public ApiKeyFilter(GatewayConfig config) {
        this.keyDigests = config.apiKeys().orElse(List.of()).stream().filter(k -> !k.isBlank()).map(ApiKeyFilter::sha256).toList();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (keyDigests.isEmpty() || !request.getUriInfo().getPath().startsWith("/v1/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(ErrorMappers.respond(ApiException.unauthorized(
                    "Missing API key: send it as 'Authorization: Bearer <key>'")));
        }
        byte[] presented = sha256(header.substring(7).trim());
        boolean matched = false;
        for (byte[] key : keyDigests) {
            matched |= MessageDigest.isEqual(key, presented);
        }
        return matched ? Optional.empty() : Optional.of(ErrorMappers.respond(ApiException.unauthorized("Invalid API key")));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
