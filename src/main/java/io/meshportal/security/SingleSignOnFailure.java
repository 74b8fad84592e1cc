package io.meshportal.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Every way a single sign-on can fail (provider down or misconfigured, a token that does not verify, a person
 * without a role, a cancelled sign-in) ends on the sign-in page with a sentence saying what happened, audited.
 * Local sign-in stays usable on that page.
 */
final class SingleSignOnFailure implements AuthenticationFailureHandler {

    static final int MAX_MESSAGE = 300;

    private final ApplicationEventPublisher events;
    private final boolean localAccounts;

    SingleSignOnFailure(ApplicationEventPublisher events, boolean localAccounts) {
        this.events = events;
        this.localAccounts = localAccounts;
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String reason = reason(exception);
        String username = exception instanceof SignInRefused refused ? refused.username() : null;
        events.publishEvent(new SingleSignOnFailed(username, reason, request.getRemoteAddr()));
        request.getSession().setAttribute(LoginMessages.SSO_ERROR, message(exception));
        response.sendRedirect(request.getContextPath() + "/login?sso-error");
    }

    static String reason(AuthenticationException exception) {
        if (exception instanceof SignInRefused refused) {
            return refused.reason().name().toLowerCase(Locale.ROOT);
        }
        if (exception instanceof OAuth2AuthenticationException oauth) {
            return oauth.getError().getErrorCode();
        }
        return exception.getClass().getSimpleName();
    }

    String message(AuthenticationException exception) {
        String text;
        if (exception instanceof SignInRefused) {
            text = exception.getMessage();
        } else if (exception instanceof OidcProvider.ProviderUnavailable) {
            text = "Single sign-on is not available now. " + exception.getMessage() + "."
                    + (localAccounts ? " You can still sign in with a MeshPortal account." : "");
        } else if (exception instanceof OAuth2AuthenticationException oauth) {
            text = switch (oauth.getError().getErrorCode()) {
                case "invalid_id_token" ->
                    "The identity provider's answer could not be verified, so you were not signed in. Ask your"
                            + " administrator to check the single sign-on settings.";
                case "invalid_token_response" ->
                    "The identity provider did not complete the sign-in (no answer in time, or it refused the"
                            + " portal's client). Try again, or ask your administrator.";
                case "authorization_request_not_found" ->
                    "The sign-in took too long or was started in another window. Please try again.";
                case "access_denied" -> "The sign-in was cancelled at the identity provider.";
                default -> "Single sign-on failed (" + oauth.getError().getErrorCode() + "). Please try again.";
            };
        } else {
            text = "Single sign-on failed. Please try again.";
        }
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE - 1) + "…" : text;
    }
}
