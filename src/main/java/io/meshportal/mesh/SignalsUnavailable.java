package io.meshportal.mesh;

/** A source that cannot give signals, with the reason for the page; "not configured" is not a failure. */
public class SignalsUnavailable extends RuntimeException {

    private final boolean notConfigured;

    public SignalsUnavailable(String message, boolean notConfigured) {
        super(message);
        this.notConfigured = notConfigured;
    }

    public boolean notConfigured() {
        return notConfigured;
    }
}
