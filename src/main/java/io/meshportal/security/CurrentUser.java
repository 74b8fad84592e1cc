package io.meshportal.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The signed-in user of the current request thread. */
@Component
public class CurrentUser {

    public Optional<Viewer> viewer() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof SignedInUser user) {
            return Optional.of(user.viewer());
        }
        return Optional.empty();
    }

    /** The name of the personal access token the current API call was made with, if it was. */
    public Optional<String> accessToken() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof TokenCaller caller
                ? Optional.of(caller.tokenName())
                : Optional.empty();
    }

    public Viewer require() {
        return viewer().orElseThrow(() -> new AccessDeniedException("Not signed in"));
    }
}
