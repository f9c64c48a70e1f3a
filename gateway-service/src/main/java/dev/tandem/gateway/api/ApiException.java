package dev.tandem.gateway.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A request that ends in an OpenAI-shaped error: the HTTP status, {@code error.type}, {@code error.param} and
 * {@code error.code}; {@code retryAfter} becomes a {@code Retry-After} header.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Duration retryAfter;

    public ApiException(int status, String type, String message, String param, String code, Duration retryAfter) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** 400: the request is malformed or a value is out of range; {@code param} names the field (or null). */
    public static ApiException invalid(String param, String message) {
        return new ApiException(400, "invalid_request_error", message, param, null, null);
    }

    public static ApiException modelNotFound(String model) {
        return new ApiException(404, "invalid_request_error", "The model '" + model + "' does not exist", "model",
                "model_not_found", null);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "authentication_error", message, null, "invalid_api_key", null);
    }

    public static ApiException bodyTooLarge(long limit) {
        return new ApiException(413, "invalid_request_error",
                "The request body is larger than the limit of " + limit + " bytes", null, "request_too_large", null);
    }

    /** 503: no decode worker can take the request now. */
    public static ApiException noWorker(String message) {
        return new ApiException(503, "service_unavailable", message, null, "no_worker_available", Duration.ofSeconds(1));
    }

    /** 429: every worker refused the request because it is overloaded. */
    public static ApiException overloaded(String message) {
        return new ApiException(429, "rate_limit_exceeded", message, null, "overloaded", Duration.ofSeconds(1));
    }

    public static ApiException timeout(Duration limit) {
        return new ApiException(504, "timeout", "The request did not complete within " + limit, null, "timeout", null);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "internal_error", message, null, null, null);
    }

    public int status() {
        return status;
    }

    public ErrorResponse body() {
        return new ErrorResponse(new ErrorResponse.Error(getMessage(), type, param, code));
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
