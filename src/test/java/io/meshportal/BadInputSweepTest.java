package io.meshportal;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.RuleKind;
import io.meshportal.alerts.RuleSpec;
import io.meshportal.alerts.RuleView;
import io.meshportal.alerts.Severity;
import io.meshportal.fleet.FleetService;
import io.meshportal.security.Role;
import io.meshportal.security.UserService;
import io.meshportal.security.Viewer;
import io.meshportal.support.KaribuTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Every form field fed hostile input — empty, blank, over-long, control characters, injection-shaped, path
 * traversal, bidi tricks, unicode — through the real views on the real context: each value gets a message next
 * to its field, nothing is stored, and no exception escapes to the user. Route parameters get the same values.
 */
class BadInputSweepTest extends KaribuTest {

    static final String LONG = "x".repeat(5000);
    static final List<String> HOSTILE = List.of(
            "",
            "   ",
            LONG,
            "nul\u0000byte",
            "line\nbreak",
            "tab\tbell\u0007",
            "'; DROP TABLE user_account; --",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "${jndi:ldap://x/a}",
            "\u202Eexe.txt",
            "Zürich 工厂 🏭",
            "%00%0d%0a",
            "Robert'); --");
    /** Values no free-text name may take: nothing visible, too long, or carrying control characters. */
    static final List<String> BAD_NAMES = List.of("", "   ", LONG, "nul\u0000byte", "line\nbreak", "tab\tbell\u0007");

    @Autowired
    FleetService fleet;

    @Autowired
    UserService userService;

    @Autowired
    AlertService alerts;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    io.meshportal.rollout.RolloutService rollouts;

    @Autowired
    io.meshportal.security.RegistrationService registration;

    @Autowired
    io.meshportal.security.AccessTokenService accessTokens;

    @Autowired
    io.meshportal.calendar.CalendarService calendars;

    /** One field of one form: how to open the form, what else to fill in, and what counts as stored. */
    record Field(
            String form, Runnable open, String fieldId, List<?> rejected, String submitId, Supplier<Object> stored) {}

    @Test
    void everyFieldRejectsHostileInputWithAMessageAndStoresNothing() {
        users.ensure("sweep-password", "irrelevant-password-sw", Role.OFFICE_MANAGER, null);
        Viewer admin = users.signIn("k-admin");
        Supplier<Object> factories = () -> fleet.workloads(admin).size();
        Supplier<Object> userList = () -> userService.list(admin).size();
        Supplier<Object> rules = () -> alerts.rules(admin).size();
        Supplier<Object> passwordHash =
                () -> accounts.loadUserByUsername("sweep-password").getPassword();
        Runnable createFactory = () -> open("fleet", "create-factory");
        Runnable newUser = () -> {
            open("users", "new-user");
            set("new-role", Role.OFFICE_MANAGER);
        };
        Runnable newRule = () -> {
            open("alerts", "new-rule");
            set("rule-name", "sweep rule");
            set("rule-kind", RuleKind.OUTPUT_RATE_BELOW);
            set("rule-threshold", 1.0);
        };
        Runnable password = () -> {
            signIn("sweep-password");
            UI.getCurrent().navigate("password");
            set("current-password", "irrelevant-password-sw");
        };
        Runnable newRollout = () -> UI.getCurrent().navigate("rollouts/berlin-1");
        Supplier<Object> rolloutsOfA = () -> rollouts.history(admin, "berlin-1").size() + " rollouts, canary "
                + rollouts.versions(admin, "berlin-1").canary();
        List<String> notNumbers = List.of("", "   ", "x", "NaN", "Infinity", LONG, "1e400", "nul\u0000byte");
        Runnable requestAccount = () -> {
            UI.getCurrent().navigate("request-account");
            set("request-username", "sweep-requester");
            set("request-full-name", "Sweep Requester");
            set("request-password", "a-long-sweep-passphrase-1");
            set("request-repeat", "a-long-sweep-passphrase-1");
        };
        Supplier<Object> pendingRequests = () -> registration.pending(admin).size();
        Runnable tokenForm = () -> UI.getCurrent().navigate("password");
        Supplier<Object> adminTokens = () -> accessTokens.mine(admin).size();
        Runnable shiftsOfA = () -> UI.getCurrent().navigate("factories/berlin-1");
        Supplier<Object> calendarOfA = () -> calendars.get(admin, "berlin-1");
        List<Field> fields = List.of(
                new Field("access token", tokenForm, "token-name", BAD_NAMES, "create-token", adminTokens),
                new Field(
                        "shifts",
                        shiftsOfA,
                        "calendar-zone",
                        Stream.concat(HOSTILE.stream(), Stream.of("Mars/Olympus", "+01:00", "europe/berlin"))
                                .toList(),
                        "calendar-save",
                        calendarOfA),
                new Field("shifts", shiftsOfA, "calendar-shift-0-name", BAD_NAMES, "calendar-save", calendarOfA),
                new Field(
                        "shifts",
                        shiftsOfA,
                        "calendar-shift-0-hours",
                        List.of(0, -1, 25),
                        "calendar-save",
                        calendarOfA),
                new Field(
                        "shifts",
                        shiftsOfA,
                        "calendar-shift-1-start",
                        java.util.Arrays.asList(null, java.time.LocalTime.of(13, 0), java.time.LocalTime.of(15, 0)),
                        "calendar-save",
                        calendarOfA),
                new Field(
                        "request account",
                        requestAccount,
                        "request-username",
                        HOSTILE,
                        "request-send",
                        pendingRequests),
                new Field(
                        "request account",
                        requestAccount,
                        "request-full-name",
                        BAD_NAMES,
                        "request-send",
                        pendingRequests),
                new Field(
                        "request account",
                        requestAccount,
                        "request-password",
                        List.of("", "short", LONG, "password1234", "aaaaaaaaaaaaaa", "sweep-requester-2026"),
                        "request-send",
                        pendingRequests),
                new Field(
                        "request account",
                        requestAccount,
                        "request-reason",
                        List.of(LONG, "nul\u0000byte"),
                        "request-send",
                        pendingRequests),
                new Field("rollout", newRollout, "rollout-version", HOSTILE, "rollout-start", rolloutsOfA),
                new Field(
                        "rollout",
                        newRollout,
                        "rollout-imageTag",
                        without(HOSTILE, "", "   "),
                        "rollout-start",
                        rolloutsOfA),
                new Field(
                        "rollout",
                        newRollout,
                        "rollout-cycleTimeFactor",
                        Stream.concat(notNumbers.stream(), Stream.of("0.5", "-1", "6"))
                                .toList(),
                        "rollout-start",
                        rolloutsOfA),
                new Field(
                        "rollout",
                        newRollout,
                        "rollout-rejectRate",
                        List.of("x", "NaN", "-0.1", "1.5", LONG),
                        "rollout-start",
                        rolloutsOfA),
                new Field(
                        "rollout",
                        newRollout,
                        "rollout-stoppageRate",
                        Stream.concat(notNumbers.stream(), Stream.of("-1", "2")).toList(),
                        "rollout-start",
                        rolloutsOfA),
                new Field(
                        "rollout",
                        newRollout,
                        "rollout-steps",
                        List.of(
                                "",
                                "x",
                                "50, 40",
                                "10, 50",
                                "0, 100",
                                "100, 100",
                                "-10, 100",
                                "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100",
                                LONG),
                        "rollout-start",
                        rolloutsOfA),
                new Field(
                        "rollout",
                        newRollout,
                        "rollout-dwell",
                        Stream.concat(notNumbers.stream(), Stream.of("0", "-1", "0.4", "86401"))
                                .toList(),
                        "rollout-start",
                        rolloutsOfA),
                new Field(
                        "rollout",
                        newRollout,
                        "rollout-minSamples",
                        List.of(0, -1, 10_001),
                        "rollout-start",
                        rolloutsOfA),
                new Field("rollout", newRollout, "rollout-replicas", List.of(0, -1, 11), "rollout-start", rolloutsOfA),
                new Field(
                        "rollout",
                        newRollout,
                        "rollout-maxP99Ratio",
                        List.of("0.5", "11", "x", "NaN"),
                        "rollout-start",
                        rolloutsOfA),
                new Field(
                        "rollout",
                        newRollout,
                        "rollout-maxOeeDrop",
                        List.of("-1", "101", "x"),
                        "rollout-start",
                        rolloutsOfA),
                new Field("create factory", createFactory, "factory-id", HOSTILE, "create-submit", factories),
                new Field("create factory", createFactory, "factory-name", BAD_NAMES, "create-submit", factories),
                new Field("create factory", createFactory, "factory-country", HOSTILE, "create-submit", factories),
                new Field(
                        "create factory",
                        createFactory,
                        "factory-capacity",
                        List.of(0, -1, 51, Integer.MAX_VALUE),
                        "create-submit",
                        factories),
                new Field(
                        "create factory",
                        createFactory,
                        "factory-replicas",
                        List.of(0, -3, 11),
                        "create-submit",
                        factories),
                new Field("new user", newUser, "new-username", HOSTILE, "create-user", userList),
                new Field("alert rule", newRule, "rule-name", BAD_NAMES, "save-rule", rules),
                new Field("alert rule", newRule, "rule-factory", without(HOSTILE, "", "   "), "save-rule", rules),
                new Field(
                        "alert rule",
                        newRule,
                        "rule-webhook",
                        Stream.concat(
                                        without(HOSTILE, "", "   ").stream(),
                                        Stream.of(
                                                "ftp://example.com/x",
                                                "javascript:alert(1)",
                                                "file:///etc/passwd",
                                                "http://"))
                                .toList(),
                        "save-rule",
                        rules),
                new Field(
                        "alert rule",
                        newRule,
                        "rule-threshold",
                        List.of(-1.0, Double.NEGATIVE_INFINITY),
                        "save-rule",
                        rules),
                new Field(
                        "alert rule", newRule, "rule-hold", List.of(-5, 86_401, Integer.MIN_VALUE), "save-rule", rules),
                new Field(
                        "password",
                        password,
                        "new-password",
                        List.of(
                                "",
                                "   ",
                                "short",
                                LONG,
                                "x".repeat(100),
                                "é".repeat(40),
                                "password1234",
                                "sweep-password-2026",
                                "aaaaaaaaaaaaaa"),
                        "change-password",
                        passwordHash));

        List<String> wrong = new ArrayList<>();
        for (Field f : fields) {
            for (Object value : f.rejected()) {
                signIn("k-admin");
                f.open().run();
                Object before = f.stored().get();
                set(f.fieldId(), value);
                if (f.fieldId().equals("new-password")) {
                    set("repeat-password", value);
                }
                if (f.fieldId().equals("request-password")) {
                    set("request-repeat", value);
                }
                _click(_get(Button.class, s -> s.withId(f.submitId())));
                HasValidation field = (HasValidation) _get(Component.class, s -> s.withId(f.fieldId()));
                String shown = show(value);
                if (!field.isInvalid()
                        || field.getErrorMessage() == null
                        || field.getErrorMessage().isBlank()) {
                    wrong.add(f.form() + " / " + f.fieldId() + " accepted " + shown);
                }
                if (!f.stored().get().equals(before)) {
                    wrong.add(f.form() + " / " + f.fieldId() + " stored something for " + shown);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void textThatIsOddButValidIsKeptExactlyAsTyped() {
        Viewer admin = users.signIn("k-admin");
        String odd = "<b>Zürich</b> '; DROP TABLE alert_rule; -- 工厂 🏭 ${jndi:x}";
        RuleView saved =
                alerts.saveRule(admin, null, new RuleSpec(odd, RuleKind.STOCK_BELOW, 1, 0, Severity.INFO, null, null));
        try {
            assertThat(alerts.rules(admin))
                    .anyMatch(r -> r.id().equals(saved.id()) && r.spec().name().equals(odd));
        } finally {
            alerts.deleteRule(admin, saved.id());
        }
    }

    @Test
    void hostileRouteParametersShowAPageNotAnError() {
        signIn("k-admin");
        for (String value : HOSTILE) {
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            for (String path : List.of(
                    "factories/" + encoded,
                    "mesh/" + encoded,
                    "rollouts/" + encoded,
                    "logs/" + encoded,
                    "manifests/" + encoded)) {
                UI.getCurrent().navigate(path);
                assertThat(_find(Component.class, s -> s.withId("error-view")))
                        .as(path)
                        .isEmpty();
            }
            UI.getCurrent()
                    .navigate(
                            "wall",
                            com.vaadin.flow.router.QueryParameters.simple(
                                    java.util.Map.of("mode", value, "every", value)));
            assertThat(_find(Component.class, s -> s.withId("error-view")))
                    .as("wall " + show(value))
                    .isEmpty();
        }
    }

    private static void open(String route, String buttonId) {
        UI.getCurrent().navigate(route);
        _click(_get(Button.class, s -> s.withId(buttonId)));
    }

    @SuppressWarnings("unchecked")
    private static void set(String id, Object value) {
        ((HasValue<?, Object>) _get(Component.class, s -> s.withId(id))).setValue(value);
    }

    private static List<String> without(List<String> values, String... removed) {
        return values.stream().filter(v -> !List.of(removed).contains(v)).toList();
    }

    private static String show(Object value) {
        String text = String.valueOf(value);
        return "'"
                + (text.length() > 30 ? text.substring(0, 30) + "…(" + text.length() + ")" : text)
                        .replaceAll("\\p{Cntrl}", "?")
                + "'";
    }
}
