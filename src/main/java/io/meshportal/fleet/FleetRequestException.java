package io.meshportal.fleet;

import io.meshportal.base.InvalidRequestException;
import java.util.Map;

/** A fleet change refused, with the problem per form field. */
public class FleetRequestException extends InvalidRequestException {

    public FleetRequestException(Map<String, String> problems) {
        super(problems);
    }
}
