package io.meshportal.telemetry;

import io.meshportal.bench.BenchReport;
import io.meshportal.bench.FactoryFarm;
import io.meshportal.fleet.FactoryRef;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fan-in benchmark (not a test: it asserts nothing, it prints figures): the production pollers against N
 * factories served by a separate process, at 1 Hz. Run with bench/run.sh.
 */
@Tag("bench")
class FanInBenchmark {

    @Test
    void pollFleetsOfGrowingSize() throws Exception {
        int[] sizes = {250, 1000, 2000, 3000};
        List<String> rows = new ArrayList<>();
        rows.add(
                "| factories | polls/s | portal CPU (cores) | CPU per 1,000 factories | staleness p50 | staleness p99 | DOWN |");
        rows.add("|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : sizes) {
            Process farm = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx512m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            FactoryFarm.class.getName(),
                            String.valueOf(n))
                    .redirectErrorStream(true)
                    .start();
            try {
                int port = Integer.parseInt(new BufferedReader(new InputStreamReader(farm.getInputStream()))
                        .readLine()
                        .split(" ")[1]);
                rows.add(run(n, port));
            } finally {
                farm.destroyForcibly().waitFor();
            }
        }
        BenchReport.section("Fan-in: pollers at 1 Hz against a separate factory process", rows);
    }

    private static String run(int n, int port) throws InterruptedException {
        List<FactoryRef> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            refs.add(new FactoryRef(
                    "f-" + i,
                    "Factory " + i,
                    "DE",
                    "bench",
                    null,
                    URI.create("http://127.0.0.1:" + port + "/f/f-" + i + "/")));
        }
        List<TelemetryUpdate> updates = new CopyOnWriteArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (TelemetryPoller poller =
                new TelemetryPoller(() -> refs, TelemetryProperties.defaults(), Clock.systemUTC(), updates::add)) {
            poller.start();
            Thread.sleep(5_000); // warm-up: JIT, connections
            updates.clear();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep(15_000);
            long cpu = os.getProcessCpuTime() - cpu0;
            double seconds = (System.nanoTime() - t0) / 1e9;
            Set<String> polls = new HashSet<>();
            List<Long> staleness = new ArrayList<>();
            int down = 0;
            for (TelemetryUpdate u : updates) {
                for (FactoryTelemetry f : u.factories()) {
                    Instant good = f.health().lastGoodAt();
                    if (good != null) {
                        polls.add(f.id() + "@" + good.toEpochMilli());
                        staleness.add(u.at().toEpochMilli() - good.toEpochMilli());
                    }
                }
                down = (int) u.factories().stream()
                        .filter(f -> f.health().status() == FactoryStatus.DOWN)
                        .count();
            }
            staleness.sort(null);
            double cores = cpu / 1e9 / seconds;
            return String.format(
                    "| %d | %.0f | %.2f | %.2f | %d ms | %d ms | %d |",
                    n,
                    polls.size() / seconds,
                    cores,
                    cores * 1000 / n,
                    pct(staleness, 0.50),
                    pct(staleness, 0.99),
                    down);
        }
    }

    static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }
}
