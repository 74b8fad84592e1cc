package io.meshportal.base;

import java.util.Map;

/** A change refused because of its input, with one message per form field so each shows next to its field. */
public class InvalidRequestException extends RuntimeException {

    private final Map<String, String> problems;

    public InvalidRequestException(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = Map.copyOf(problems);
    }

    public Map<String, String> problems() {
        return problems;
    }
}
