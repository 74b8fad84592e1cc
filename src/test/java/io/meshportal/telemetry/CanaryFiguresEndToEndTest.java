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

    @Autowired
    HistoryService history;

    @Autowired
    io.meshportal.telemetry.rollup.RollupStore store;

    /** One tick as the portal counted it, and what the fleet would show with stable versions only. */
    record Tick(
            long at,
            double fleetRate,
            double stableOnlyRate,
            java.util.Map<String, double[]> parts,
            long madeToday,
            boolean stateChanged) {}

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
                java.util.Map<String, double[]> parts = new java.util.HashMap<>(); // {share, rate}
                StringBuilder states = new StringBuilder();
                for (FactoryTelemetry f : update.factories()) {
                    if (f.latest() == null) {
                        continue;
                    }
                    states.append(f.id()).append(f.latest().state());
                    if (f.versions().isEmpty()) {
                        stableOnly += f.latest().outputRate();
                        parts.put(f.id(), new double[] {1, f.latest().outputRate()});
                    } else {
                        for (VersionReading r : f.versions()) {
                            if (r.latest() != null) {
                                states.append(r.version()).append(r.latest().state());
                                parts.put(
                                        f.id() + "|" + r.version(),
                                        new double[] {r.share(), r.latest().outputRate()});
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
                        parts,
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

            // 2. no one-second change beyond what the versions themselves make: 3 standard deviations of the stable
            // versions' own rate over the window, or — at a minute boundary, where the simulated speeds step — the
            // share-weighted sum of every version's own step that second (a true mix cannot change by more). The
            // seconds a factory changed state (a real step) are left out.
            double mean =
                    ticks.stream().mapToDouble(Tick::stableOnlyRate).average().orElse(0);
            double sd = Math.sqrt(ticks.stream()
                    .mapToDouble(t -> Math.pow(t.stableOnlyRate() - mean, 2))
                    .average()
                    .orElse(0));
            double[] allowed = new double[ticks.size()];
            for (int i = 1; i < ticks.size(); i++) {
                Tick now = ticks.get(i);
                Tick before = ticks.get(i - 1);
                double own = 0;
                for (var part : now.parts().entrySet()) {
                    double[] was = before.parts().get(part.getKey());
                    if (was != null) {
                        own += part.getValue()[0] * Math.abs(part.getValue()[1] - was[1]);
                    }
                }
                allowed[i] = Math.max(3 * sd, own) + 0.01;
                if (now.stateChanged() || before.stateChanged() || now.at() - before.at() > 1500) {
                    continue;
                }
                assertThat(Math.abs(now.fleetRate() - before.fleetRate()))
                        .as("one-second change of the fleet's output rate at tick %d (3 sd %.3f)", i, 3 * sd)
                        .isLessThanOrEqualTo(allowed[i]);
            }
            // the page shows the ticks' figures: between two of its readings, no more change than the ticks between
            for (int i = 1; i < shown.size(); i++) {
                long from = (long) shownAt(shown, i - 1) - 1500;
                long to = (long) shownAt(shown, i);
                double bound = 0.1; // the tile shows one decimal
                boolean stateChange = false;
                for (int t = 1; t < ticks.size(); t++) {
                    if (ticks.get(t).at() > from && ticks.get(t).at() <= to) {
                        bound += allowed[t];
                        stateChange |= ticks.get(t).stateChanged();
                    }
                }
                if (!stateChange) {
                    double step = Math.abs(shown.get(i)[1] - shown.get(i - 1)[1]);
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

            // 4. the stored minutes follow the rule: each whole minute with both versions polled throughout, the
            // factory's units made are half of each version's own (±1 for rounding), and each version's minute is
            // kept with its share
            // wait (at most 80 s) until a whole minute after the canary's first has been written
            List<HistoryService.VersionMinute> minutes = List.of();
            long until = System.currentTimeMillis() + 80_000;
            while (System.currentTimeMillis() < until
                    && minutes.stream()
                                    .filter(m -> m.version().equals("v9"))
                                    .map(HistoryService.VersionMinute::minute)
                                    .distinct()
                                    .count()
                            < 2) {
                Thread.sleep(500); // the history writer runs every 5 s
                java.time.Instant now = java.time.Instant.now();
                minutes = history.versionMinutes(
                        SYSTEM, "berlin-1", new HistoryRange(now.minus(java.time.Duration.ofMinutes(6)), now));
            }
            java.util.Map<java.time.Instant, java.util.Map<String, HistoryService.VersionMinute>> byMinute =
                    new java.util.TreeMap<>();
            minutes.forEach(m -> byMinute.computeIfAbsent(m.minute(), k -> new java.util.HashMap<>())
                    .put(m.version(), m));
            int checked = 0;
            java.time.Instant first = byMinute.keySet().stream().findFirst().orElseThrow();
            for (var e : byMinute.entrySet()) {
                var v1 = e.getValue().get("v1");
                var v9 = e.getValue().get("v9");
                if (e.getKey().equals(first) || v1 == null || v9 == null) {
                    continue; // the canary's first minute also holds seconds of v1 alone
                }
                assertThat(v1.share()).isEqualTo(0.5);
                assertThat(v9.share()).isEqualTo(0.5);
                long minute = e.getKey().getEpochSecond() / 60;
                long[] made = {-1};
                store.slots(false, List.of("berlin-1"), minute, minute + 1, slot -> made[0] = slot.made());
                assertThat((double) made[0])
                        .as("berlin-1's minute %s from v1 %d and v9 %d", e.getKey(), v1.made(), v9.made())
                        .isCloseTo(0.5 * v1.made() + 0.5 * v9.made(), org.assertj.core.data.Offset.offset(1.0));
                checked++;
            }
            assertThat(checked)
                    .as("whole minutes with both versions: %s", byMinute.keySet())
                    .isPositive();
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
