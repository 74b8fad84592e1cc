package io.meshportal.rollout;

import io.meshportal.base.InvalidRequestException;
import java.util.Map;

/** A rollout request refused, with the problem per form field. */
public class RolloutRequestException extends InvalidRequestException {

    public RolloutRequestException(Map<String, String> problems) {
        super(problems);
    }
}
