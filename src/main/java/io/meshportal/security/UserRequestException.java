package io.meshportal.security;

import java.util.Map;

/** A user change refused, with the problem per form field. */
public class UserRequestException extends RuntimeException {

    private final Map<String, String> problems;

    public UserRequestException(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = Map.copyOf(problems);
    }

    public Map<String, String> problems() {
        return problems;
    }
}
