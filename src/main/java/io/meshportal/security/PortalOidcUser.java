package io.meshportal.security;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * A user signed in through the OpenID Connect provider, with the role and factory mapped from its claims. Its
 * name is the portal user name (not the provider's "sub"), so sessions, the audit log and the throttle see the
 * same name as the Users page.
 */
final class PortalOidcUser extends DefaultOidcUser implements SignedInUser {

    private final Viewer viewer;

    PortalOidcUser(Viewer viewer, OidcIdToken idToken, OidcUserInfo userInfo) {
        super(List.of(new SimpleGrantedAuthority(viewer.role().authority())), idToken, userInfo);
        this.viewer = viewer;
    }

    @Override
    public Viewer viewer() {
        return viewer;
    }

    @Override
    public String getName() {
        return viewer.username();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PortalOidcUser that && super.equals(that) && viewer.equals(that.viewer);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + viewer.hashCode();
    }
}
