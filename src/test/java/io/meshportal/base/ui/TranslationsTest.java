package io.meshportal.base.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.base.Language;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every text in every language: the same keys in each bundle, well-formed patterns with the same parameters, every
 * key the code asks for present, and the translated views free of user-visible literals.
 */
class TranslationsTest {

    static final Path BUNDLES = Path.of("src/main/resources/vaadin-i18n");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

    /** Views whose every user-visible text comes from the bundles. */
    static final Set<String> TRANSLATED = Set.of(
            "shell/MainLayout.java",
            "security/ui/LoginView.java",
            "telemetry/ui/DashboardView.java",
            "telemetry/ui/DashboardGrid.java",
            "telemetry/ui/FleetFigures.java",
            "telemetry/ui/WallView.java",
            "telemetry/ui/FactoryView.java",
            "telemetry/ui/OeeBreakdown.java",
            "telemetry/ui/StateTimeline.java",
            "telemetry/ui/EventsSection.java",
            "telemetry/ui/ShiftsSection.java",
            "telemetry/ui/ProductsSection.java",
            "telemetry/ui/ProductsChart.java",
            "telemetry/ui/ChartSeries.java",
            "telemetry/ui/RangePicker.java",
            "telemetry/ui/TimeRange.java",
            "telemetry/ui/Format.java",
            "fleet/ui/FleetView.java",
            "fleet/ui/CreateFactoryDialog.java",
            "fleet/ui/ClustersView.java",
            "fleet/ui/LogsView.java",
            "fleet/ui/LogBuffer.java",
            "alerts/ui/AlertsView.java",
            "telemetry/ui/ReportView.java",
            "audit/ui/AuditView.java",
            "backup/ui/BackupView.java",
            "base/ui/ErrorView.java",
            "base/ui/NotFoundView.java",
            "security/ui/UsersView.java",
            "security/ui/PasswordView.java",
            "security/ui/AccessTokensPanel.java",
            "security/ui/RequestAccountView.java",
            "mesh/ui/MeshView.java",
            "mesh/ui/MeshPolicyForm.java",
            "mesh/ui/SignalsPanel.java",
            "mesh/ui/MeshGraph.java",
            "rollout/ui/VersionsPanel.java",
            "rollout/ui/RolloutsView.java",
            "rollout/ui/RolloutFactoriesGrid.java",
            "rollout/ui/VersionsCompareGrid.java",
            "rollout/ui/RolloutControls.java",
            "rollout/ui/StartRolloutForm.java",
            "rollout/ui/RolloutHistoryGrid.java",
            "rollout/ui/RolloutChanges.java",
            "rollout/ui/VersionMinutesGrid.java",
            "base/ui/Inputs.java",
            "base/ui/KpiTile.java",
            "base/ui/LiveChart.java",
            "manifests/ui/ManifestsView.java");

    /** UI code that shows no text of its own. */
    static final Set<String> NO_TEXT = Set.of(
            "base/ui/CsvDownload.java",
            "base/ui/FieldProblems.java",
            "base/ui/Live.java",
            "base/ui/Translations.java",
            "base/ui/package-info.java",
            "security/ui/ForcedPasswordChange.java",
            "security/ui/UserLanguage.java");

    /** Technical terms written the same in every language the portal speaks. */
    static final Set<String> UNIVERSAL = Set.of("p50", "p95", "p99");

    /** Calls that put their first argument on the screen (the last group is the literal). */
    static final List<Pattern> USER_VISIBLE = List.of(
            Pattern.compile("new (Span|H1|H2|H3|H4|Paragraph|Button|TextField|IntegerField|NumberField|PasswordField"
                    + "|TextArea|ComboBox<[^>]*>|Select<[^>]*>|Checkbox|DatePicker|DateTimePicker|KpiTile|Details|Tab"
                    + "|SideNavItem)\\(\\s*\"([^\"]*\\p{L}[^\"]*)\""),
            Pattern.compile("new Anchor\\([^,()]+,\\s*\"([^\"]*\\p{L}[^\"]*)\""),
            Pattern.compile("\\.(setText|setHeader|setLabel|setPlaceholder|setHelperText|setErrorMessage|setHeaderTitle"
                    + "|setTitle|setAriaLabel|setConfirmText|setCancelText|setRejectText|setTooltipText|asRequired)"
                    + "\\(\\s*\"([^\"]*\\p{L}[^\"]*)\""),
            Pattern.compile("Notification\\.show\\(\\s*\"([^\"]*\\p{L}[^\"]*)\""),
            Pattern.compile("setAttribute\\(\\s*\"(?:title|aria-label)\",\\s*\"([^\"]*\\p{L}[^\"]*)\""),
            Pattern.compile("@PageTitle\\((\"[^\"]*\")"));

    static Map<Language, Properties> bundles() throws IOException {
        Map<Language, Properties> bundles = new TreeMap<>();
        for (Language language : Language.values()) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(
                    BUNDLES.resolve("translations_" + language.tag() + ".properties"), StandardCharsets.UTF_8)) {
                p.load(in);
            }
            bundles.put(language, p);
        }
        return bundles;
    }

    @Test
    void everyLanguageHasEveryKeyAndNoEmptyText() throws IOException {
        Map<Language, Properties> bundles = bundles();
        Set<String> english = bundles.get(Language.ENGLISH).stringPropertyNames();
        assertThat(english).hasSizeGreaterThan(200);
        bundles.forEach((language, texts) -> {
            assertThat(texts.stringPropertyNames()).as(language + " keys").isEqualTo(english);
            texts.forEach(
                    (k, v) -> assertThat(v.toString()).as(language + " " + k).isNotBlank());
        });
    }

    @Test
    void patternsAreWellFormedWithTheSameParametersInEveryLanguage() throws IOException {
        Map<Language, Properties> bundles = bundles();
        Properties english = bundles.get(Language.ENGLISH);
        List<String> problems = new ArrayList<>();
        bundles.forEach((language, texts) -> {
            for (String key : texts.stringPropertyNames()) {
                String text = texts.getProperty(key);
                Set<String> params = placeholders(text);
                if (!params.equals(placeholders(english.getProperty(key)))) {
                    problems.add(language + " " + key + ": parameters " + params);
                }
                if (params.isEmpty()) {
                    // used as written: a doubled apostrophe would show twice
                    if (text.contains("''")) {
                        problems.add(language + " " + key + ": '' in a text without parameters");
                    }
                } else {
                    if (text.replace("''", "").contains("'")) {
                        problems.add(language + " " + key + ": a lone ' in a pattern (write '')");
                    }
                    try {
                        new MessageFormat(text, language.locale());
                    } catch (IllegalArgumentException e) {
                        problems.add(language + " " + key + ": " + e.getMessage());
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyKeyTheCodeAsksForExists() throws Exception {
        Set<String> english = bundles().get(Language.ENGLISH).stringPropertyNames();
        Set<String> asked = new TreeSet<>();
        Pattern call = Pattern.compile("(getTranslation|Translations\\.t)\\(\\s*\"([a-zA-Z0-9_.-]+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = call.matcher(Files.readString(f));
                while (m.find()) {
                    asked.add(m.group(2));
                }
            }
        }
        assertThat(asked).hasSizeGreaterThan(150);
        // a key made at run time from a prefix: every such prefix is one of the closed sets enumerated below
        Set<String> prefixes =
                new TreeSet<>(asked.stream().filter(k -> k.endsWith(".")).toList());
        asked.removeAll(prefixes);
        assertThat(prefixes)
                .isSubsetOf(
                        "state.",
                        "status.",
                        "role.",
                        "severity.",
                        "mix.",
                        "clusters.status.",
                        "events.type.",
                        "range.",
                        "logs.since.",
                        "rule.",
                        "rollout.state.",
                        "alerts.filter.",
                        "menu.");
        // keys made from a prefix and a closed set's names
        prefixed(asked, "state.", io.meshportal.factory.FactoryState.values());
        asked.add("state.UNREACHABLE");
        prefixed(asked, "status.", io.meshportal.telemetry.FactoryStatus.values());
        prefixed(asked, "role.", io.meshportal.security.Role.values());
        prefixed(asked, "severity.", io.meshportal.alerts.Severity.values());
        prefixed(asked, "mix.", io.meshportal.fleet.ProductMix.values());
        prefixed(asked, "rule.", io.meshportal.alerts.RuleKind.values());
        prefixed(asked, "rollout.state.", io.meshportal.rollout.RolloutState.values());
        asked.addAll(List.of("alerts.filter.ANY", "alerts.filter.ACTIVE", "alerts.filter.RESOLVED"));
        prefixed(asked, "clusters.status.", io.meshportal.fleet.ClusterInfo.Status.values());
        prefixed(asked, "events.type.", io.meshportal.fleet.FactoryEvent.Type.values());
        prefixed(asked, "range.", (Enum<?>[])
                Class.forName("io.meshportal.telemetry.ui.TimeRange").getEnumConstants());
        prefixed(asked, "logs.since.", (Enum<?>[])
                Class.forName("io.meshportal.fleet.ui.LogsView$Since").getEnumConstants());
        // the menu: "menu." and the route's path ("home" for the dashboard)
        var scanner = new org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(
                new org.springframework.core.type.filter.AnnotationTypeFilter(com.vaadin.flow.router.Menu.class));
        for (var candidate : scanner.findCandidateComponents("io.meshportal")) {
            String path = Class.forName(candidate.getBeanClassName())
                    .getAnnotation(com.vaadin.flow.router.Route.class)
                    .value();
            asked.add("menu." + (path.isEmpty() ? "home" : path.replace('/', '.')));
        }
        assertThat(english).containsAll(asked);
    }

    @Test
    void translatedViewsHoldNoUserVisibleLiteral() throws IOException {
        Path root = Path.of("src/main/java/io/meshportal");
        // every view is checked: a new one must be added to TRANSLATED (or NO_TEXT)
        try (Stream<Path> files = Files.walk(root)) {
            List<String> views = files.filter(
                            f -> f.getParent().endsWith("ui") && f.toString().endsWith(".java"))
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .toList();
            assertThat(views).isNotEmpty().allSatisfy(v -> assertThat(TRANSLATED.contains(v) || NO_TEXT.contains(v))
                    .as(v + " is in TRANSLATED or NO_TEXT")
                    .isTrue());
        }
        assertThat(TRANSLATED).contains("shell/MainLayout.java");
        List<String> found = new ArrayList<>();
        for (String file : TRANSLATED) {
            String code = withoutComments(Files.readString(root.resolve(file)));
            for (Pattern p : USER_VISIBLE) {
                Matcher m = p.matcher(code);
                while (m.find()) {
                    if (!UNIVERSAL.contains(m.group(m.groupCount()))) {
                        found.add(file + ": " + m.group());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
        // the check itself finds what it is meant to
        assertThat(USER_VISIBLE.stream().anyMatch(p -> p.matcher("grid.addColumn(x).setHeader(\"Factory\")")
                        .find()))
                .isTrue();
        assertThat(USER_VISIBLE.stream().anyMatch(p -> p.matcher("new Anchor(\"logs/\" + id, \"Logs\")")
                        .find()))
                .isTrue();
        assertThat(USER_VISIBLE.stream().anyMatch(p -> p.matcher("new Anchor(\"logs/\" + id, getTranslation(\"x\"))")
                        .find()))
                .isFalse();
    }

    @Test
    void aMissingKeyIsMarkedAndParametersAreFormattedForTheLanguage() {
        Translations t = new Translations();
        assertThat(t.getTranslation("no.such.key", Language.GERMAN.locale())).isEqualTo("!no.such.key!");
        assertThat(t.getTranslation("menu.fleet", Language.POLISH.locale())).isEqualTo("Zakłady");
        assertThat(t.getTranslation("fleet.between", Language.GERMAN.locale(), 1000))
                .isEqualTo("Zwischen 1 und 1.000");
        assertThat(t.getTranslation("fleet.between", Language.ENGLISH.locale(), 1000))
                .isEqualTo("Between 1 and 1,000");
        // an apostrophe in a French pattern survives formatting
        assertThat(t.getTranslation("factory.today", Language.FRENCH.locale(), "12"))
                .isEqualTo("12 aujourd'hui");
        // a language the portal does not speak falls back to English
        assertThat(t.getTranslation("menu.fleet", java.util.Locale.JAPANESE)).isEqualTo("Factories");
    }

    private static void prefixed(Set<String> keys, String prefix, Enum<?>[] values) {
        for (Enum<?> v : values) {
            keys.add(prefix + v.name());
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text.replace("''", ""));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "")
                .replaceAll("(?m)^\\s*//.*$", "")
                .replaceAll("\\s//[^\"\\n]*$", "");
    }
}
