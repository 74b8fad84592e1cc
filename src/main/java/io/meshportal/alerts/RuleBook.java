package io.meshportal.alerts;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The stored alert rules, and the enabled ones kept in memory for evaluation. No authorization here. */
@Component
class RuleBook {

    private final AlertRuleRepository rules;
    private final TransactionTemplate tx;
    private volatile List<RuleView> active = List.of();

    RuleBook(AlertRuleRepository rules, TransactionTemplate tx) {
        this.rules = rules;
        this.tx = tx;
        reload();
    }

    List<RuleView> all() {
        return rules.findAll().stream().map(AlertRule::view).toList();
    }

    /** The enabled rules as of the last change. */
    List<RuleView> active() {
        return active;
    }

    RuleView save(Long id, RuleSpec spec) {
        RuleView saved = tx.execute(s -> {
            AlertRule rule = id == null
                    ? new AlertRule(spec)
                    : rules.findById(id)
                            .orElseThrow(() -> new AlertRequestException(Map.of("name", "This rule no longer exists")));
            rule.update(spec);
            return rules.save(rule).view();
        });
        reload();
        return saved;
    }

    void setEnabled(long id, boolean enabled) {
        tx.executeWithoutResult(s -> rules.findById(id).ifPresent(r -> r.enabled(enabled)));
        reload();
    }

    void delete(long id) {
        tx.executeWithoutResult(s -> rules.deleteById(id));
        reload();
    }

    private void reload() {
        active = rules.findAll().stream()
                .map(AlertRule::view)
                .filter(RuleView::enabled)
                .toList();
    }
}
