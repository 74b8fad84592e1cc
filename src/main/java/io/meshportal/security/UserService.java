package io.meshportal.security;

import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** User administration. Every method takes the acting {@link Viewer} and checks it here, not in the view. */
@Service
public class UserService {

    private final UserAccountRepository users;

    UserService(UserAccountRepository users) {
        this.users = users;
    }

    @Transactional(readOnly = true)
    public List<UserSummary> list(Viewer actor) {
        actor.requireAdmin();
        return users.findAll().stream().map(UserAccount::summary)
                .sorted(java.util.Comparator.comparing(UserSummary::username)).toList();
    }
}
