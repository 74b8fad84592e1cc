package io.meshportal.rollout;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.meshportal.alerts.AlertService;
import io.meshportal.audit.AuditLog;
import io.meshportal.factory.Tuning;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.ProductMix;
import io.meshportal.fleet.Progress;
import io.meshportal.security.Role;
import io.meshportal.security.TestUsers;
import io.meshportal.security.Viewer;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import io.meshportal.support.Credentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Canary rollouts on the embedded fleet, in Chromium: a version that rejects more is aborted at its first step and
 * rolled back; one that behaves is promoted step by step. Both judged on what the versions report, each polled
 * through the factory's Service pinned by the version header.
 */
class RolloutEndToEndTest extends BrowserTest {

    static final LocatorAssertions.ContainsTextOptions WITHIN_60_S =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    @Autowired
    FleetService fleet;

    @Autowired
    RolloutService rollouts;

    @Autowired
    AuditLog audit;

    @Autowired
    AlertService alerts;

    @Autowired
    TestUsers users;

    @Test
    void aBadVersionIsAbortedAtTheFirstStepAndAGoodOneIsPromoted() throws Exception {
        users.ensure("rollout-office", "rollout-office-passphrase-1", Role.OFFICE_MANAGER, null);
        Viewer office = users.signIn("rollout-office");
        TestUsers.signOut();
        for (String id : List.of("canary-bad", "canary-good")) {
            fleet.create(office, new NewFactory(id, id, "DE", "local", ProductMix.FURNITURE, 4, 1), Progress.NONE)
                    .get(30, TimeUnit.SECONDS);
        }
        Page page = chromium.newPage();
        Chromium.signIn(page, base(), "office", Credentials.password("office"));

        // from the factory's page to its versions; before any rollout they show the stable version's own figures,
        // polled while the page is open
        page.navigate(base() + "/factories/canary-bad");
        assertThat(page.locator("#factory-versions-grid")).containsText("v1", WITHIN_60_S);
        page.locator("#factory-versions").click();
        assertThat(page).hasURL(base() + "/rollouts/canary-bad");
        assertThat(page.locator("#rollout-compare")).containsText("%", WITHIN_60_S);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> rollouts.compare(office, "canary-bad").getFirst().oeePercent() != null);
        assertThat(rollouts.compare(office, "canary-bad")).singleElement().satisfies(f -> {
            assertThat(f.version()).isEqualTo("v1");
            assertThat(f.samples()).isPositive();
            assertThat(f.outputPerMinute()).isNotNull();
        });

        // bad input: a version that is not a DNS label is refused next to its field, nothing is deployed
        page.locator("#rollout-version input").fill("V2!");
        page.locator("#rollout-start").click();
        assertThat(page.locator("#rollout-version")).hasAttribute("invalid", "");
        assertThat(page.locator("#rollout-version")).containsText("DNS label");
        assertThat(rollouts.versions(office, "canary-bad").canary()).isNull();
        page.locator("#rollout-steps input").fill("50, 40");
        page.locator("#rollout-version input").fill("v2");
        page.locator("#rollout-start").click();
        assertThat(page.locator("#rollout-steps")).containsText("Rising percentages");
        assertThat(rollouts.versions(office, "canary-bad").canary()).isNull();

        // a version that rejects 30 % of what it makes
        page.locator("#rollout-rejectRate input").fill("0.3");
        page.locator("#rollout-steps input").fill("50, 100");
        page.locator("#rollout-dwell input").fill("3");
        page.locator("#rollout-minSamples input").fill("2");
        page.locator("#rollout-start").click();
        assertThat(page.locator("#rollout-compare")).containsText("v2", WITHIN_60_S);
        // a second rollout while one runs is refused
        assertThatThrownBy(() -> rollouts.start(office, "canary-bad", plan("v3"), Progress.NONE))
                .isInstanceOfSatisfying(
                        RolloutRequestException.class,
                        e -> assertThat(e.problems().get("factory")).contains("already running"));
        assertThat(page.locator("#rollout-history")).containsText("ABORTED", WITHIN_60_S);
        assertThat(page.locator("#rollout-history")).containsText("rejects");
        assertThat(page.locator("#rollout-state")).containsText("No rollout running · v1");
        assertThat(rollouts.versions(office, "canary-bad").canary()).isNull();
        assertThat(rollouts.history(office, "canary-bad").getFirst().stepIndex())
                .as("aborted at the first step")
                .isZero();
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/rollout-aborted.png"))
                .setFullPage(true));

        // a version that behaves as designed goes 50 % → 100 % → promoted
        page.navigate(base() + "/rollouts/canary-good");
        // latency on a loaded 2-core test machine is noise, not the version: judged on production and errors here
        page.locator("#rollout-maxP99Ratio input").fill("10");
        page.locator("#rollout-steps input").fill("50, 100");
        page.locator("#rollout-dwell input").fill("3");
        page.locator("#rollout-minSamples input").fill("2");
        page.locator("#rollout-start").click();
        assertThat(page.locator("#rollout-history")).containsText("PROMOTED", WITHIN_60_S);
        assertThat(page.locator("#rollout-state")).containsText("No rollout running · v2");
        assertThat(rollouts.versions(office, "canary-good").stable().name()).isEqualTo("v2");
        page.navigate(base() + "/factories/canary-good");
        assertThat(page.locator("#factory-versions-grid")).containsText("v2", WITHIN_60_S);
        assertThat(rollouts.versions(office, "canary-good").canary()).isNull();
        assertThat(fleet.workloads(office).stream()
                        .filter(w -> w.factoryId().equals("canary-good"))
                        .flatMap(w -> w.replicas().stream())
                        .map(r -> r.version()))
                .containsOnly("v2");

        // every step and decision audited and raised as a notice
        assertThat(audit.recent(office, 200))
                .extracting(r -> r.action() + " " + r.target())
                .contains(
                        "rollout.start canary-bad",
                        "rollout.step canary-bad",
                        "rollout.abort canary-bad",
                        "rollout.start canary-good",
                        "rollout.promote canary-good");
        assertThat(audit.recent(office, 200))
                .filteredOn(r -> r.action().equals("rollout.step") && r.target().equals("canary-good"))
                .hasSize(2);
        assertThat(alerts.history(office, 200))
                .extracting(a -> a.ruleName() + " " + a.factoryId())
                .contains("Canary rollout aborted canary-bad", "Canary promoted canary-good");
        for (String id : List.of("canary-bad", "canary-good")) {
            fleet.delete(office, id, Progress.NONE).get(30, TimeUnit.SECONDS);
        }
    }

    static RolloutPlan plan(String version) {
        return new RolloutPlan(
                new NewVersion(version, null, Tuning.STANDARD, 1),
                true,
                List.of(50, 100),
                Duration.ofSeconds(3),
                2,
                Thresholds.DEFAULTS);
    }
}
