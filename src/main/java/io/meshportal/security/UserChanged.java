package io.meshportal.security;

/**
 * Published after every user change, also refused ones. Security sits below the audit log, so this event is how
 * user administration reaches it.
 */
public record UserChanged(String actor, Action action, String username, Result result, String detail) {

    /** What was done to an account. */
    public enum Action {
        CREATE,
        ENABLE,
        DISABLE,
        RESET_PASSWORD,
        CHANGE_PASSWORD,
        /** Role or factory changed. */
        CHANGE_ACCESS,
        DELETE,
        /** A user ended one of their own sessions. */
        END_SESSION,
        REQUEST_ACCOUNT,
        APPROVE_ACCOUNT,
        REJECT_ACCOUNT,
        /** A personal access token made by its owner for themselves. */
        CREATE_TOKEN,
        REVOKE_TOKEN
    }

    /** How it ended: done, refused because of its input or state, or denied to the actor. */
    public enum Result {
        SUCCESS,
        FAILURE,
        DENIED
    }
}
