package io.meshportal.security;

import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * After the ID token has been verified (signature, issuer, audience, expiry, nonce — Spring Security's OIDC
 * provider): user info read with a deadline, the claims mapped to a portal role and factory, the account brought
 * up to date. A person without a mapped role is refused here.
 */
final class PortalOidcUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService delegate = new OidcUserService();
    private final OidcProperties properties;
    private final SingleSignOnAccounts accounts;

    PortalOidcUserService(OidcProperties properties, SingleSignOnAccounts accounts) {
        this.properties = properties;
        this.accounts = accounts;
        DefaultOAuth2UserService userInfo = new DefaultOAuth2UserService();
        userInfo.setRestOperations(ProviderHttp.restTemplate(properties.timeout()));
        delegate.setOauth2UserService(userInfo);
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = delegate.loadUser(request);
        OidcClaims.Access access = OidcClaims.map(user.getClaims(), properties);
        Viewer viewer = accounts.signIn(user.getSubject(), access);
        return new PortalOidcUser(viewer, user.getIdToken(), user.getUserInfo());
    }
}
