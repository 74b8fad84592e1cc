package io.meshportal.shell;

import io.meshportal.fleet.DemoFactoriesSeeded;
import io.meshportal.security.InitialAccounts;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The application's first-start seeding across features: when the embedded fleet has seeded its demo factories,
 * each gets a manager account. Neither the fleet nor security knows the other for this.
 */
@Component
class DemoAccounts {

    private final InitialAccounts accounts;

    DemoAccounts(InitialAccounts accounts) {
        this.accounts = accounts;
    }

    @EventListener
    void onSeeded(DemoFactoriesSeeded seeded) {
        seeded.factoryIds().forEach(accounts::createDemoManager);
    }
}
