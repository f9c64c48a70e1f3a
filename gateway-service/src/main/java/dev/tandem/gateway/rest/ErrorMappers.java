package dev.tandem.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tandem.gateway.api.ApiException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/** Every error leaves in OpenAI's shape; client mistakes are 4xx with the field named, never a stack trace. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e);
    }

    /** Malformed JSON or a value of the wrong type. */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String param = null;
        if (malformed(e)) {
            return respond(ApiException.invalid(null, "The request body is not valid JSON: " + e.getOriginalMessage()));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            param = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String message = param == null
                ? "The request body is not valid JSON: " + e.getOriginalMessage()
                : "Invalid type or value for '" + param + "': " + e.getOriginalMessage();
        return respond(ApiException.invalid(param, message));
    }

    /** Declared separately so that it wins over Quarkus' built-in mapper of the same type. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(e);
    }

    /** Unknown paths, wrong methods, unsupported media types and the like, in OpenAI's shape. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return json(json);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String type = status >= 500 ? "internal_error" : "invalid_request_error";
        return respond(new ApiException(status, type, e.getMessage(), null, null, null));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed unexpectedly", e);
        return respond(ApiException.internal("Internal error: " + e.getClass().getSimpleName()));
    }

    private static boolean malformed(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException) {
                return true;
            }
        }
        return false;
    }

    static Response respond(ApiException e) {
        Response.ResponseBuilder response = Response.status(e.status()).entity(e.body()).type(MediaType.APPLICATION_JSON_TYPE);
        e.retryAfter().ifPresent(after -> response.header("Retry-After", Long.toString(after.toSeconds())));
        return response.build();
    }
}
