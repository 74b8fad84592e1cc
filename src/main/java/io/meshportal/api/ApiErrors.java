package io.meshportal.api;

import io.meshportal.base.InvalidRequestException;
import io.meshportal.security.AccessDeniedException;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Exceptions → {@link ApiError} JSON with a status; never a stack trace (an unexpected one is logged by reference). */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ApiError> invalid(InvalidRequestException e) {
        return answer(new ApiError(400, "invalid", "The request has problems: see fields", e.problems()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ApiError> denied(AccessDeniedException e) {
        return answer(ApiError.of(403, "forbidden", "Your role or factory does not allow this"));
    }

    @ExceptionHandler({NoSuchElementException.class, NoResourceFoundException.class})
    ResponseEntity<ApiError> notFound(Exception e) {
        return answer(ApiError.of(404, "not_found", "No such resource, or not one you may see"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof ApiBodyLimit.TooLarge) {
            return answer(ApiError.of(413, "too_large", "At most " + ApiBodyLimit.MAX_BODY + " bytes"));
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return answer(new ApiError(
                    400,
                    "invalid",
                    "Unknown field: " + unknown.getPropertyName(),
                    java.util.Map.of(unknown.getPropertyName(), "Unknown field")));
        }
        return answer(ApiError.of(400, "malformed", "The body is not the JSON this operation takes"));
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ApiError> badParameter(Exception e) {
        String name = e instanceof MethodArgumentTypeMismatchException m
                ? m.getName()
                : ((MissingServletRequestParameterException) e).getParameterName();
        return answer(new ApiError(
                400, "invalid", "Parameter " + name + " is missing or malformed", java.util.Map.of(name, "Malformed")));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return answer(ApiError.of(415, "unsupported_media_type", "Send Content-Type: application/json"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return answer(ApiError.of(405, "method_not_allowed", "This resource does not take " + e.getMethod()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("API error (reference {})", reference, e);
        return answer(ApiError.of(500, "internal", "Something went wrong on our side (reference " + reference + ")"));
    }

    private static ResponseEntity<ApiError> answer(ApiError error) {
        return ResponseEntity.status(HttpStatus.valueOf(error.status())).body(error);
    }
}
