package io.meshportal.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.meshportal.support.Chromium;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The browser part of kind/e2e.sh, against a portal running in a real kind cluster with Istio (never in
 * ./test.sh: tagged "kind"). kind/e2e.sh runs each step by name and checks the clusters between them with kubectl:
 * {@code -Dmeshportal.e2e.step=create|policy|canary|promote|abort|delete}.
 */
@Tag("kind")
class KindEndToEndTest {

    static final String URL = System.getProperty("meshportal.e2e.url", "http://localhost:8080");
    static final String PASSWORD = System.getProperty("meshportal.e2e.password", "");
    static final String FACTORY = System.getProperty("meshportal.e2e.factory", "e2e-1");
    static final String CLUSTER = System.getProperty("meshportal.e2e.cluster", "de");
    static final LocatorAssertions.HasCountOptions SLOW = new LocatorAssertions.HasCountOptions().setTimeout(180_000);

    @Test
    void step() {
        try (Chromium chromium = new Chromium()) {
            Page page = chromium.newPage();
            Chromium.signIn(page, URL, "admin", PASSWORD);
            switch (System.getProperty("meshportal.e2e.step", "")) {
                case "create" -> create(page);
                case "policy" -> policy(page);
                case "canary" -> canary(page);
                case "promote" -> promote(page);
                case "abort" -> abort(page);
                case "delete" -> delete(page);
                default ->
                    throw new IllegalArgumentException(
                            "-Dmeshportal.e2e.step=create|policy|canary|promote|abort|delete");
            }
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of("target/screenshots/kind-e2e.png"))
                    .setFullPage(true));
        }
    }

    /** Created through the portal; it reports UP on the dashboard, its telemetry fetched through the mesh. */
    private static void create(Page page) {
        page.navigate(URL + "/fleet?create");
        page.locator("#factory-id input").fill(FACTORY);
        page.locator("#factory-name input").fill("End to end");
        page.locator("#factory-country input").fill("DE");
        page.locator("#factory-cluster input").fill(CLUSTER);
        page.keyboard().press("Enter");
        page.locator("#create-submit").click();
        // the dialog closes at the first sample that reached the portal through the mesh
        assertThat(page.locator("#create-factory-dialog[opened]")).hasCount(0, SLOW);
        page.navigate(URL + "/factories/" + FACTORY);
        assertThat(page.locator("#factory-status"))
                .containsText("UP", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
    }

    /** The proposed defaults: 2 s timeout, 2 retries, STRICT mTLS, only the portal may call. */
    private static void policy(Page page) {
        page.navigate(URL + "/mesh/" + FACTORY);
        Locator apply = page.locator("#mesh-apply");
        assertThat(apply).hasCount(1, SLOW);
        apply.click();
        assertThat(page.locator("#mesh-drift")).hasCount(0);
        // mesh signals from Istio's Prometheus: the portal's own polls of the factory, reported by its sidecar
        page.navigate(URL + "/mesh");
        assertThat(page.locator("#mesh-signals-grid"))
                .containsText(FACTORY, new LocatorAssertions.ContainsTextOptions().setTimeout(120_000));
        assertThat(page.locator("#mesh-graph g.edge[data-factory='" + FACTORY + "']"))
                .hasCount(1);
        page.navigate(URL + "/mesh/" + FACTORY);
        assertThat(page.locator("#mesh-timeout input"))
                .hasValue("2000", new LocatorAssertions.HasValueOptions().setTimeout(30_000));
    }

    static final LocatorAssertions.ContainsTextOptions SLOW_TEXT =
            new LocatorAssertions.ContainsTextOptions().setTimeout(180_000);

    /** A manual rollout: v2 deployed beside v1 by the portal, then 10 % of requests to it. */
    private static void canary(Page page) {
        page.navigate(URL + "/rollouts/" + FACTORY);
        assertThat(page.locator("#rollout-start")).hasCount(1, SLOW);
        page.locator("#rollout-version input").fill("v2");
        page.locator("#rollout-automatic input").uncheck();
        page.locator("#rollout-start").click();
        assertThat(page.locator("#rollout-state")).containsText("RUNNING", SLOW_TEXT);
        page.locator("#rollout-weight input").fill("10");
        page.locator("#rollout-weigh").click();
        assertThat(page.locator("#rollout-state")).containsText("10 % v2", SLOW_TEXT);
    }

    /** v2 becomes the stable version; kind/e2e.sh checks nothing of v1 is left. */
    private static void promote(Page page) {
        page.navigate(URL + "/rollouts/" + FACTORY);
        page.locator("#rollout-promote").click();
        assertThat(page.locator("#rollout-history")).containsText("PROMOTED", SLOW_TEXT);
    }

    /** An automatic rollout of a version that rejects 30 %: aborted at its first step and rolled back. */
    private static void abort(Page page) {
        page.navigate(URL + "/rollouts/" + FACTORY);
        assertThat(page.locator("#rollout-start")).hasCount(1, SLOW);
        page.locator("#rollout-version input").fill("v3");
        page.locator("#rollout-rejectRate input").fill("0.3");
        page.locator("#rollout-steps input").fill("50, 100");
        page.locator("#rollout-dwell input").fill("20");
        page.locator("#rollout-minSamples input").fill("5");
        page.locator("#rollout-start").click();
        assertThat(page.locator("#rollout-history")).containsText("ABORTED", SLOW_TEXT);
        assertThat(page.locator("#rollout-history")).containsText("rejects");
    }

    private static void delete(Page page) {
        page.navigate(URL + "/fleet");
        page.locator("#delete-" + FACTORY).click();
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete"))
                .last()
                .click();
        assertThat(page.locator("#delete-" + FACTORY)).hasCount(0, SLOW);
    }
}
