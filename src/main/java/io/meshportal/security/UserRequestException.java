package io.meshportal.security;

import io.meshportal.base.InvalidRequestException;
import java.util.Map;

/** A user change refused, with the problem per form field. */
public class UserRequestException extends InvalidRequestException {

    public UserRequestException(Map<String, String> problems) {
        super(problems);
    }
}
