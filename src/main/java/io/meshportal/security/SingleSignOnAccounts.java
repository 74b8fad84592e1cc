package io.meshportal.security;

import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The portal's record of each person who signs in through the provider: created at their first sign-in, its role
 * and factory brought up to date from the claims at every sign-in (the provider owns them). A change ends the
 * person's other sessions, as an administrator's change does. An administrator can still disable the account.
 */
@Component
class SingleSignOnAccounts {

    /** The actor the audit log names for changes the provider's claims make. */
    static final String ACTOR = "single sign-on";

    private final UserAccountRepository users;
    private final FactoryDirectory factories;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    SingleSignOnAccounts(
            UserAccountRepository users,
            FactoryDirectory factories,
            TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.users = users;
        this.factories = factories;
        this.tx = tx;
        this.events = events;
    }

    /** The viewer for a sign-in with these claims, or a refusal with the reason shown to the person. */
    Viewer signIn(String subject, OidcClaims.Access access) {
        if (access.factoryId() != null && !factories.exists(access.factoryId())) {
            throw new SignInRefused(
                    SignInRefused.Reason.NO_FACTORY,
                    access.username(),
                    "The factory your account names (" + access.factoryId()
                            + ") does not exist here. Ask your administrator.");
        }
        UserChanged.Action done = tx.execute(s -> {
            UserAccount account = users.findByUsername(access.username()).orElse(null);
            if (account == null) {
                users.save(UserAccount.singleSignOn(access.username(), subject, access.role(), access.factoryId()));
                return UserChanged.Action.CREATE;
            }
            if (account.signIn() != SignIn.SINGLE_SIGN_ON || !Objects.equals(account.subject(), subject)) {
                // a local account, or another person at the provider who had this name before
                throw new SignInRefused(
                        SignInRefused.Reason.NAME_TAKEN,
                        access.username(),
                        "The user name " + access.username()
                                + " belongs to another account here. Ask your administrator.");
            }
            if (!account.enabled()) {
                throw new SignInRefused(SignInRefused.Reason.DISABLED, access.username(), LoginMessages.DISABLED);
            }
            if (account.role() != access.role() || !Objects.equals(account.factoryId(), access.factoryId())) {
                account.access(access.role(), access.factoryId());
                return UserChanged.Action.CHANGE_ACCESS;
            }
            return null;
        });
        if (done != null) {
            // after the transaction: the audit entry is another write and SQLite has one writer
            events.publishEvent(new UserChanged(
                    ACTOR,
                    done,
                    access.username(),
                    UserChanged.Result.SUCCESS,
                    access.role() + (access.factoryId() == null ? "" : " of " + access.factoryId())));
        }
        return new Viewer(access.username(), access.role(), access.factoryId());
    }
}
