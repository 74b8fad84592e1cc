package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.vaadin.flow.shared.Registration;
import io.meshportal.factory.Tuning;
import io.meshportal.fleet.Fleet;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.Progress;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import io.meshportal.support.Credentials;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A 50 % canary of a much slower version, watched for 60 s in Chromium: the fleet's tiles never alternate between
 * the two versions' figures (A-B-A), no one-second change is larger than the stable versions themselves make, and
 * the units made today only grow. Before versions were counted apart, the tiles flipped every second between the
 * two versions' figures (the unpinned poll answered from either).
 */
class CanaryFiguresEndToEndTest extends BrowserTest {

    static final Viewer SYSTEM = new Viewer("canary-figures-test", Role.ADMIN, null);
    static final Pattern NUMBER = Pattern.compile("[0-9][0-9,]*(\\.[0-9]+)?");

    @Autowired
    Fleet fleet;

    @Autowired
    TelemetryService telemetry;

    /** One tick as the portal counted it, and what the fleet would show with stable versions only. */
    record Tick(long at, double fleetRate, double stableOnlyRate, long madeToday, boolean stateChanged) {}

    @Test
    void fleetTilesShowOneConsistentFigureWhileACanaryRunsAtHalf() throws Exception {
        fleet.deployCanary("berlin-1", new NewVersion("v9", null, new Tuning(3.0, 0.10, 0.15), 1), Progress.NONE);
        fleet.weigh("berlin-1", 50);
        try {
            awaitBothVersions();
            List<Tick> ticks = new CopyOnWriteArrayList<>();
            String[] lastStates = {""};
            Registration recording = telemetry.subscribe(SYSTEM, update -> {
                double stableOnly = 0;
                StringBuilder states = new StringBuilder();
                for (FactoryTelemetry f : update.factories()) {
                    if (f.latest() == null) {
                        continue;
                    }
                    states.append(f.id()).append(f.latest().state());
                    if (f.versions().isEmpty()) {
                        stableOnly += f.latest().outputRate();
                    } else {
                        for (VersionReading r : f.versions()) {
                            if (r.latest() != null) {
                                states.append(r.version()).append(r.latest().state());
                                if (r.version().equals("v1")) {
                                    stableOnly += r.latest().outputRate();
                                }
                            }
                        }
                    }
                }
                boolean changed = !lastStates[0].isEmpty() && !lastStates[0].equals(states.toString());
                lastStates[0] = states.toString();
                ticks.add(new Tick(
                        update.at().toEpochMilli(),
                        update.totals().outputRatePerMinute(),
                        stableOnly,
                        update.totals().outputTotal(),
                        changed));
            });
            List<double[]> shown = new ArrayList<>(); // {epoch ms, rate shown, made today shown}
            try {
                Page page = chromium.newPage();
                Chromium.signIn(page, base(), "office", Credentials.password("office"));
                com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#kpi-output"))
                        .isVisible();
                for (int i = 0; i < 60; i++) {
                    String value = page.locator("#kpi-output .kpi-value").textContent();
                    String detail = page.locator("#kpi-output .kpi-detail").textContent();
                    shown.add(new double[] {System.currentTimeMillis(), number(value), number(detail)});
                    page.waitForTimeout(1000);
                }
            } finally {
                recording.remove();
            }

            // 1. no A-B-A: a value that leaves and comes straight back the next second
            int flips = 0;
            for (int i = 1; i + 1 < shown.size(); i++) {
                double a = shown.get(i - 1)[1];
                double b = shown.get(i)[1];
                double c = shown.get(i + 1)[1];
                if (b != a && Math.abs(c - a) < 1e-9) {
                    flips++;
                }
            }
            assertThat(flips)
                    .as("A-B-A alternations of the products-out tile: %s", rates(shown))
                    .isZero();

            // 2. no one-second change beyond what the stable versions alone make (3 standard deviations of their
            // rate, or their own largest step), leaving out the seconds a factory changed state (a real step)
            List<Tick> quiet = new ArrayList<>();
            for (int i = 1; i < ticks.size(); i++) {
                if (!ticks.get(i).stateChanged() && !ticks.get(i - 1).stateChanged()) {
                    quiet.add(ticks.get(i));
                }
            }
            double mean =
                    ticks.stream().mapToDouble(Tick::stableOnlyRate).average().orElse(0);
            double sd = Math.sqrt(ticks.stream()
                    .mapToDouble(t -> Math.pow(t.stableOnlyRate() - mean, 2))
                    .average()
                    .orElse(0));
            double stableStep = 0;
            for (int i = 1; i < ticks.size(); i++) {
                if (!ticks.get(i).stateChanged()) {
                    stableStep = Math.max(
                            stableStep,
                            Math.abs(ticks.get(i).stableOnlyRate()
                                    - ticks.get(i - 1).stableOnlyRate()));
                }
            }
            double bound = Math.max(3 * sd, stableStep) + 0.1; // the tile shows one decimal
            for (int i = 1; i < quiet.size(); i++) {
                if (quiet.get(i).at() - quiet.get(i - 1).at() > 1500) {
                    continue; // not consecutive seconds
                }
                double step =
                        Math.abs(quiet.get(i).fleetRate() - quiet.get(i - 1).fleetRate());
                assertThat(step)
                        .as("one-second change of the fleet's output rate (bound %.2f)", bound)
                        .isLessThanOrEqualTo(bound);
            }
            // the page showed figures of the same kind: its changes stay within the same bound
            for (int i = 1; i < shown.size(); i++) {
                double step = Math.abs(shown.get(i)[1] - shown.get(i - 1)[1]);
                long at = (long) shownAt(shown, i);
                boolean nearStateChange =
                        ticks.stream().anyMatch(t -> t.stateChanged() && Math.abs(t.at() - at) < 2500);
                if (!nearStateChange) {
                    assertThat(step)
                            .as("tile change at second %d: %s", i, rates(shown))
                            .isLessThanOrEqualTo(bound);
                }
            }

            // 3. made today only grows, never by more than the fleet's capacity in a second or two
            for (int i = 1; i < ticks.size(); i++) {
                long step = ticks.get(i).madeToday() - ticks.get(i - 1).madeToday();
                assertThat(step).as("made today, tick %d", i).isBetween(0L, 20L);
            }
            for (int i = 1; i < shown.size(); i++) {
                assertThat(shown.get(i)[2]).isGreaterThanOrEqualTo(shown.get(i - 1)[2]);
            }
        } finally {
            fleet.removeCanary("berlin-1", Progress.NONE);
        }
    }

    private void awaitBothVersions() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            var berlin = telemetry.factory(SYSTEM, "berlin-1").orElseThrow();
            if (berlin.versions().size() == 2 && berlin.versions().stream().allMatch(v -> v.latest() != null)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("berlin-1's two versions were never both polled");
    }

    private static double shownAt(List<double[]> shown, int i) {
        return shown.get(i)[0];
    }

    private static String rates(List<double[]> shown) {
        return shown.stream().map(s -> String.valueOf(s[1])).toList().toString();
    }

    /** The first number in a tile's text ("25.3 /min", "made today 1,234 …"). */
    private static double number(String text) {
        Matcher m = NUMBER.matcher(text == null ? "" : text);
        return m.find() ? Double.parseDouble(m.group().replace(",", "")) : Double.NaN;
    }
}
