package io.meshportal.bench;

import io.meshportal.mesh.SignalsSource;
import io.meshportal.mesh.signals.PrometheusSignals;
import io.meshportal.support.IstioExporter;
import io.meshportal.support.PrometheusServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden signals for 500 factories (two versions each) from a real Prometheus: the time of one refresh (all the
 * queries of one reading) and the portal's CPU for it, against the poll budget (one reading a second).
 */
@Tag("bench")
class MeshSignalsBenchmark {

    static final int FACTORIES = 500;
    static final int REFRESHES = 20;

    @Test
    void signalsOfFiveHundredFactories(@TempDir Path dir) throws Exception {
        try (IstioExporter exporter = new IstioExporter();
                PrometheusServer prometheus = PrometheusServer.start(dir, List.of(exporter.target()))) {
            for (int i = 0; i < FACTORIES; i++) {
                String cluster = "c" + (i % 5);
                exporter.stream("f-" + i, cluster, "v1", 1.8, 200, 7);
                exporter.stream("f-" + i, cluster, "v1", 0.1, 503, 7);
                exporter.stream("f-" + i, cluster, "v2", 0.2, 200, 30);
            }
            Thread.sleep(15_000); // a full 10 s window of scrapes
            SignalsSource source =
                    new PrometheusSignals(List.of(prometheus.url()), Duration.ofSeconds(10), Duration.ofSeconds(10));
            source.read(); // warm up connections and the JIT
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long idleCpu = os.getProcessCpuTime();
            Thread.sleep(5_000);
            double idleCores = (os.getProcessCpuTime() - idleCpu) / 5e9; // the exporter's own share
            List<Long> millis = new ArrayList<>();
            int factories = 0;
            long cpuStart = os.getProcessCpuTime();
            long wallStart = System.nanoTime();
            for (int i = 0; i < REFRESHES; i++) {
                long started = System.nanoTime();
                SignalsSource.Readings r = source.read();
                millis.add((System.nanoTime() - started) / 1_000_000);
                factories = (int)
                        r.factories().stream().filter(f -> f.version() == null).count();
            }
            double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9 - idleCores * wallSeconds;
            millis.sort(Long::compare);
            long median = millis.get(millis.size() / 2);
            long max = millis.getLast();
            BenchReport.section(
                    "Mesh signals from a real Prometheus: " + FACTORIES + " factories × 2 versions",
                    List.of(
                            "| factories read | queries per refresh | refresh median | refresh max | of the 1 s budget |"
                                    + " portal CPU per refresh |",
                            "|---:|---:|---:|---:|---:|---:|",
                            String.format(
                                    Locale.ROOT,
                                    "| %d | 15 | %d ms | %d ms | %.0f %% | %.0f ms |",
                                    factories,
                                    median,
                                    max,
                                    100.0 * median / 1000,
                                    1000 * cpuSeconds / REFRESHES)));
        }
    }
}
