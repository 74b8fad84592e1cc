package io.meshportal.shell;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.HasValueUtilsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.select.Select;
import io.meshportal.base.Language;
import io.meshportal.security.Role;
import io.meshportal.security.UserService;
import io.meshportal.security.Viewer;
import io.meshportal.support.KaribuTest;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A user's language: English unless chosen, chosen in the top bar, remembered with the account for later screens. */
class LanguageTest extends KaribuTest {

    static final Viewer OFFICE = new Viewer("k-office", Role.OFFICE_MANAGER, null);

    @AfterEach
    void browsersLanguageAgain() {
        context.getBean(UserService.class).setLanguage(OFFICE, null);
    }

    @Test
    void theSwitchChangesTheLanguageAndItIsRememberedForTheNextScreen() {
        UserService users = context.getBean(UserService.class);
        signIn("k-office");
        UI.getCurrent().navigate("fleet");
        assertThat(_get(H2.class).getText()).isEqualTo("Factories");
        @SuppressWarnings("unchecked")
        Select<Language> language = _get(Select.class, s -> s.withId("language"));
        assertThat(language.getValue()).isEqualTo(Language.ENGLISH);

        HasValueUtilsKt._setValue(language, Language.GERMAN);
        assertThat(users.language(OFFICE)).contains(Language.GERMAN);
        assertThat(UI.getCurrent().getLocale()).isEqualTo(Locale.GERMAN);
        UI.getCurrent().navigate("clusters");
        UI.getCurrent().navigate("fleet");
        assertThat(_get(H2.class).getText()).isEqualTo("Werke");

        // a new screen (another tab, the next sign-in) opens in the remembered language
        signIn("k-office"); // a fresh screen for the same user
        UI.getCurrent().navigate("fleet");
        assertThat(UI.getCurrent().getLocale()).isEqualTo(Locale.GERMAN);
        assertThat(_get(H2.class).getText()).isEqualTo("Werke");
        assertThat(_get(Select.class, s -> s.withId("language")).getValue()).isEqualTo(Language.GERMAN);
    }

    @Test
    void datePickersNameMonthsAndDaysInTheScreensLanguage() {
        signIn("k-office");
        UI.getCurrent().setLocale(Locale.GERMAN);
        UI.getCurrent().navigate("audit");
        var from = _get(com.vaadin.flow.component.datepicker.DatePicker.class, s -> s.withId("audit-from"));
        assertThat(from.getI18n().getMonthNames()).startsWith("Januar", "Februar", "März");
        assertThat(from.getI18n().getWeekdaysShort()).startsWith("So", "Mo");
        assertThat(from.getI18n().getFirstDayOfWeek()).isEqualTo(1); // Monday, as in Germany
        assertThat(from.getI18n().getToday()).isEqualTo("Heute");
    }

    /**
     * What the services refuse, they say in English (the API's words); the screen says it in its language. Every
     * problem the validators can give is matched by a text, in every language.
     */
    @Test
    void problemsFromTheServicesAreShownInTheScreensLanguage() {
        signIn("k-office");
        java.util.List<String> english = new java.util.ArrayList<>();
        english.addAll(new io.meshportal.fleet.NewFactory("Bad Id!", "", "x", null, null, 0, 0)
                .problems()
                .values());
        english.addAll(new io.meshportal.fleet.NewFactory("", "tab\tname", "DE", null, null, 1, 1)
                .problems()
                .values());
        english.addAll(new io.meshportal.fleet.NewFactory("x".repeat(41), "y".repeat(101), "DE", null, null, 1, 1)
                .problems()
                .values());
        english.addAll(new io.meshportal.fleet.LogQuery(0, Duration.ofDays(30))
                .problems()
                .values());
        english.addAll(new io.meshportal.mesh.MeshPolicy(
                        Duration.ZERO,
                        -1,
                        Duration.ZERO,
                        "x",
                        0,
                        0,
                        0,
                        Duration.ZERO,
                        "",
                        "",
                        50,
                        20,
                        null,
                        java.util.List.of("bad"))
                .problems()
                .values());
        english.addAll(new io.meshportal.alerts.RuleSpec("", null, -1, -1, null, null, "ftp://x")
                .problems()
                .values());
        english.addAll(new io.meshportal.rollout.RolloutPlan(
                        new io.meshportal.fleet.NewVersion("Bad!", "bad tag!", null, 0),
                        true,
                        java.util.List.of(50, 10),
                        Duration.ZERO,
                        0,
                        new io.meshportal.rollout.Thresholds(-1, 0, -1, -1, -1))
                .problems()
                .values());
        english.add(io.meshportal.security.PasswordPolicy.problem("someone", "short"));
        english.add(io.meshportal.security.PasswordPolicy.problem("someone", "someone-is-my-password"));
        english.removeIf(java.util.Objects::isNull);
        assertThat(english).hasSizeGreaterThan(30);
        for (Language l : Language.values()) {
            UI.getCurrent().setLocale(l.locale());
            for (String message : english) {
                String shown = io.meshportal.base.ui.Translations.problem(message);
                if (l == Language.ENGLISH) {
                    assertThat(shown).isEqualTo(message);
                } else {
                    assertThat(shown)
                            .as(l + ": " + message)
                            .isNotEqualTo(message)
                            .doesNotContain("!problem.");
                }
            }
        }
        UI.getCurrent().setLocale(Locale.GERMAN);
        assertThat(io.meshportal.base.ui.Translations.problem("Between 1 and 10 replicas"))
                .isEqualTo("Zwischen 1 und 10 Replikaten");
        assertThat(io.meshportal.base.ui.Translations.problem("No pod of oslo-1 runs version v3 (v1, v2)"))
                .isEqualTo("Kein Pod von oslo-1 läuft mit Version v3 (v1, v2)");
        assertThat(io.meshportal.base.ui.Translations.problem(
                        "Gave up after 5 attempts: the connection broke (EOFException)"))
                .isEqualTo("Nach 5 Versuchen aufgegeben: die Verbindung brach ab (EOFException)");
        assertThat(io.meshportal.base.ui.Translations.problem("Something nobody wrote a text for"))
                .isEqualTo("Something nobody wrote a text for");
    }

    @Test
    void eachLanguageNamesThePagesInItsOwnWords() {
        signIn("k-office");
        for (Language l : Language.values()) {
            UI.getCurrent().setLocale(l.locale());
            UI.getCurrent().navigate("clusters");
            UI.getCurrent().navigate("fleet");
            String heading = _get(H2.class).getText();
            assertThat(heading)
                    .as(l.name())
                    .isEqualTo(
                            switch (l) {
                                case ENGLISH -> "Factories";
                                case GERMAN -> "Werke";
                                case FRENCH -> "Usines";
                                case PORTUGUESE -> "Fábricas";
                                case POLISH -> "Zakłady";
                            });
        }
    }
}
