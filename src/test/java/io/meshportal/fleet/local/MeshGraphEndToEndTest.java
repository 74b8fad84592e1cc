package io.meshportal.fleet.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.Fault;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import io.meshportal.support.Credentials;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * After start-up the Service mesh page shows the demo factories' live request rate, errors and latency and the
 * traffic graph, in Chromium; a factory in a fault mode turns its edge red within 3 s and back within 5 s of the
 * repair; a factory manager sees only their own factory's traffic.
 */
class MeshGraphEndToEndTest extends BrowserTest {

    static final LocatorAssertions.HasAttributeOptions WITHIN_3S =
            new LocatorAssertions.HasAttributeOptions().setTimeout(3_000);
    static final LocatorAssertions.HasAttributeOptions WITHIN_5S =
            new LocatorAssertions.HasAttributeOptions().setTimeout(5_000);

    @Autowired
    LocalFleet local;

    @Test
    void liveSignalsAndGraphTurnRedOnAFaultAndBack() {
        String base = base();
        Page page = chromium.newPage();
        Chromium.signIn(page, base, "office", Credentials.password("office"));
        page.navigate(base + "/mesh");
        Locator berlin = page.locator("#mesh-graph g.edge[data-factory='berlin-1']");
        assertThat(berlin).hasAttribute("data-health", "healthy", WITHIN_5S);
        for (String id : new String[] {"lyon-1", "porto-1", "krakow-1"}) {
            assertThat(page.locator("#mesh-graph g.edge[data-factory='" + id + "']"))
                    .hasCount(1);
        }
        assertThat(page.locator("#mesh-signals-grid")).containsText("berlin-1");
        assertThat(page.locator("#mesh-signals-status")).containsText("embedded Service proxies");
        assertThat(berlin).containsText("req/s");

        FactoryServer replica = local.replicasOf("berlin-1").getFirst();
        try {
            replica.fault(Fault.ERROR);
            assertThat(berlin).hasAttribute("data-health", "failing", WITHIN_3S);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of("target/screenshots/mesh-graph-fault.png"))
                    .setFullPage(true));
        } finally {
            replica.fault(Fault.NONE);
        }
        assertThat(berlin).hasAttribute("data-health", "healthy", WITHIN_5S);
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/mesh-graph.png"))
                .setFullPage(true));
    }

    @Test
    void aFactoryManagerSeesOnlyTheirFactorysTraffic() {
        String base = base();
        Page page = chromium.newPage();
        Chromium.signIn(page, base, "manager-berlin-1", Credentials.password("manager-berlin-1"));
        page.navigate(base + "/mesh");
        assertThat(page.locator("#mesh-graph g.edge[data-factory='berlin-1']"))
                .hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(5_000));
        assertThat(page.locator("#mesh-graph g.edge")).hasCount(1);
        assertThat(page.locator("#mesh-signals-grid")).not().containsText("lyon-1");
    }
}
