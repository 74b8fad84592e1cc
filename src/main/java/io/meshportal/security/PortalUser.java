package io.meshportal.security;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** The authenticated principal: Spring's user plus the role and factory scope the services check. */
final class PortalUser extends User implements SignedInUser {

    private final Viewer viewer;

    PortalUser(UserAccount account, boolean locked) {
        super(
                account.username(),
                account.passwordHash(),
                account.enabled(),
                true,
                true,
                !locked,
                List.of(new SimpleGrantedAuthority(account.role().authority())));
        this.viewer = new Viewer(account.username(), account.role(), account.factoryId());
    }

    @Override
    public Viewer viewer() {
        return viewer;
    }
}
