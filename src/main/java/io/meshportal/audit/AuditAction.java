package io.meshportal.audit;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every kind of change the audit log records. The key is what is stored and shown. */
public enum AuditAction {
    LOGIN("login"),
    LOGIN_THROTTLED("login.throttled"),
    USER_CREATE("user.create"),
    USER_ENABLE("user.enable"),
    USER_DISABLE("user.disable"),
    USER_RESET_PASSWORD("user.reset-password"),
    USER_CHANGE_PASSWORD("user.change-password"),
    USER_CHANGE_ACCESS("user.change-access"),
    USER_DELETE("user.delete"),
    USER_END_SESSION("user.end-session"),
    ACCOUNT_REQUEST("account.request"),
    ACCOUNT_APPROVE("account.approve"),
    ACCOUNT_REJECT("account.reject"),
    TOKEN_CREATE("token.create"),
    TOKEN_REVOKE("token.revoke"),
    /** A call to the HTTP API with a personal access token (the token's name in the detail). */
    API_CALL("api.call"),
    FACTORY_CREATE("factory.create"),
    FACTORY_DELETE("factory.delete"),
    FACTORY_SCALE("factory.scale"),
    FACTORY_AUTOSCALE("factory.autoscale"),
    FACTORY_RESTART("factory.restart"),
    FACTORY_CALENDAR("factory.calendar"),
    ALERT_RULE_SAVE("alert.rule.save"),
    ALERT_RULE_ENABLE("alert.rule.enable"),
    ALERT_RULE_DISABLE("alert.rule.disable"),
    ALERT_RULE_DELETE("alert.rule.delete"),
    ALERT_ACKNOWLEDGE("alert.acknowledge"),
    MESH_APPLY("mesh.apply"),
    DATABASE_BACKUP("database.backup"),
    ROLLOUT_START("rollout.start"),
    ROLLOUT_STEP("rollout.step"),
    ROLLOUT_WEIGHT("rollout.weight"),
    ROLLOUT_PROMOTE("rollout.promote"),
    ROLLOUT_ROLLBACK("rollout.rollback"),
    ROLLOUT_ABORT("rollout.abort"),
    ROLLOUT_HOLD("rollout.hold"),
    /** A key this release does not know: written by a newer release, shown as stored. */
    OTHER("other");

    private static final Map<String, AuditAction> BY_KEY =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(AuditAction::key, Function.identity()));

    private final String key;

    AuditAction(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    static AuditAction ofKey(String key) {
        return BY_KEY.getOrDefault(key, OTHER);
    }
}
