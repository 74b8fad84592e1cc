package io.meshportal.fleet;

import java.util.Map;

/** A change the fleet refuses, with the problem per form field. */
public class FleetRequestException extends RuntimeException {

    private final Map<String, String> problems;

    public FleetRequestException(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = Map.copyOf(problems);
    }

    public Map<String, String> problems() {
        return problems;
    }
}
