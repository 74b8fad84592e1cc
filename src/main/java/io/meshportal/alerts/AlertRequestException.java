package io.meshportal.alerts;

import io.meshportal.base.InvalidRequestException;
import java.util.Map;

/** A rule change refused, with the problem per form field. */
public class AlertRequestException extends InvalidRequestException {

    public AlertRequestException(Map<String, String> problems) {
        super(problems);
    }
}
