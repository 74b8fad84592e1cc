package io.meshportal.security;

/** Thrown by services when a viewer asks for something outside their role or factory scope. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
