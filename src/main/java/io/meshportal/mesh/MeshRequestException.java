package io.meshportal.mesh;

import java.util.Map;

/** A policy change refused, with the problem per form field. */
public class MeshRequestException extends RuntimeException {

    private final Map<String, String> problems;

    public MeshRequestException(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = Map.copyOf(problems);
    }

    public Map<String, String> problems() {
        return problems;
    }
}
