package io.meshportal.api;

import java.util.Map;

/**
 * Every error the API answers: the HTTP status again, a stable code, a sentence, and for refused input the
 * same field → message map the forms show next to their fields.
 */
public record ApiError(int status, String error, String message, Map<String, String> fields) {

    static ApiError of(int status, String error, String message) {
        return new ApiError(status, error, message, Map.of());
    }
}
