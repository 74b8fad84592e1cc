package io.meshportal.security;

import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How a change reaches one account, for the administrator's changes and one's own alike: in one short write
 * transaction, a missing account reported and refused; and which accounts belong to the identity provider (their
 * password and access are not changed here).
 */
@Component
class AccountChanges {

    private final UserAccountRepository users;
    private final UserEvents userEvents;
    private final TransactionTemplate tx;

    AccountChanges(UserAccountRepository users, UserEvents userEvents, TransactionTemplate tx) {
        this.users = users;
        this.userEvents = userEvents;
        this.tx = tx;
    }

    /** Whether {@code username} signs in through the identity provider. */
    boolean singleSignOn(String username) {
        return users.findByUsername(username)
                .map(a -> a.signIn() == SignIn.SINGLE_SIGN_ON)
                .orElse(false);
    }

    /**
     * One short write transaction. Events are published only after it has ended and released its connection:
     * the audit entry they become is another write, and SQLite has one writer and the pool a few connections.
     */
    void update(Viewer actor, UserChanged.Action action, String username, Consumer<UserAccount> change) {
        boolean found = Boolean.TRUE.equals(tx.execute(s -> users.findByUsername(username)
                .map(account -> {
                    change.accept(account);
                    return true;
                })
                .orElse(false)));
        if (!found) {
            userEvents.changed(actor, action, username, false, "no such user");
            throw new UserRequestException(Map.of("username", "No user " + username));
        }
    }
}
