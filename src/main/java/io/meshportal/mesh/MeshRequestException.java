package io.meshportal.mesh;

import io.meshportal.base.InvalidRequestException;
import java.util.Map;

/** A policy change refused, with the problem per form field. */
public class MeshRequestException extends InvalidRequestException {

    public MeshRequestException(Map<String, String> problems) {
        super(problems);
    }
}
