package io.meshportal.telemetry;

import com.microsoft.playwright.Page;
import io.meshportal.bench.BenchReport;
import io.meshportal.support.Chromium;
import io.meshportal.support.Credentials;
import io.meshportal.support.TempDataDir;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Freshness in a real browser (prints figures, asserts nothing): how long a factory's new sample takes to reach
 * the DOM of a Chromium page. Heap per open UI is measured by FanOutBenchmark on the production jar.
 * Run with bench/run.sh.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UiBenchmark extends TempDataDir {

    @LocalServerPort
    int port;

    @Autowired
    TelemetryService telemetry;

    @Test
    void freshnessAndHeapPerUi() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Chromium chromium = new Chromium()) {
            String base = "http://localhost:" + port;
            Page page = chromium.newPage();
            Chromium.signIn(page, base, "office", Credentials.password("office"));
            page.navigate(base + "/factories/berlin-1");
            page.waitForSelector(".live-chart[data-points]");
            // factory sample timestamp -> attribute change in the DOM, measured in the browser (same machine clock)
            page.evaluate(
                    """
                    () => { window.__lag = []; const el = document.querySelector('.live-chart');
                      new MutationObserver(() => { const t = parseFloat(el.dataset.lastTime);
                        if (t) window.__lag.push(Date.now() - t * 1000); })
                      .observe(el, { attributes: true, attributeFilter: ['data-last-time'] }); }""");
            Thread.sleep(40_000);
            @SuppressWarnings("unchecked")
            List<Number> lags = (List<Number>) page.evaluate("() => window.__lag");
            List<Long> sorted = lags.stream().map(Number::longValue).sorted().toList();
            rows.add("| measure | value |");
            rows.add("|---|---:|");
            rows.add("| freshness samples | " + sorted.size() + " |");
            rows.add("| freshness p50 (factory sample → DOM) | " + FanInBenchmark.pct(sorted, 0.5) + " ms |");
            rows.add("| freshness p99 | " + FanInBenchmark.pct(sorted, 0.99) + " ms |");
        }
        BenchReport.section("Browser: freshness (embedded demo fleet, 4 factories; target p99 ≤ 1.2 s)", rows);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
