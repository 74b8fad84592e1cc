package io.meshportal.alerts;

import java.util.Map;

/** A rule change refused, with the problem per form field. */
public class AlertRequestException extends RuntimeException {

    private final Map<String, String> problems;

    public AlertRequestException(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = Map.copyOf(problems);
    }

    public Map<String, String> problems() {
        return problems;
    }
}
