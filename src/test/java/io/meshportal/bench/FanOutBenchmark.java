package io.meshportal.bench;

import io.meshportal.support.Credentials;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fan-out: heap and CPU per open dashboard at 1 Hz pushes for 100, 500 and 1,000 UIs, on the production jar
 * (production mode) in its own process with its 4 embedded demo factories. The dashboards are opened by
 * {@link UiSwarm} in another process — sign-in, init, navigation, push WebSocket, as the browser's Flow client
 * does, without rendering — ten per signed-in session. Baseline in the same run: the portal with no UI open.
 * Heap is measured after a full GC (jcmd, least of three readings), CPU from /proc over a 20 s window.
 */
@Tag("bench")
class FanOutBenchmark {

    static final int SETTLE_SECONDS = 40;
    static final int WINDOW_SECONDS = 20;
    static final Pattern USED = Pattern.compile("used (\\d+)K");

    @Test
    void heapAndCpuPerOpenDashboard(@TempDir Path dir) throws Exception {
        Path jar = ColdStartBenchmark.productionJar();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        Process portal = new ProcessBuilder(
                        java(), "-jar", jar.toString(), "--server.port=" + port, "--meshportal.data.dir=" + data)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("portal.log").toFile())
                .start();
        List<Swarm> swarms = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitLogin(base);
            Thread.sleep(10_000); // first polls, JIT
            long pid = portal.pid();
            long heap0 = usedHeapAfterGc(pid);
            double cpu0 = cpuCores(pid, WINDOW_SECONDS);
            rows.add(
                    "| open dashboards | pushes/s received | data per push | portal CPU (cores) | CPU per UI | heap after GC | heap per UI |");
            rows.add("|---:|---:|---:|---:|---:|---:|---:|");
            rows.add("| 0 (baseline) | — | — | " + String.format("%.2f", cpu0) + " | — | " + heap0 / 1024
                    + " MiB | — |");
            String password = Credentials.password(data, "office");
            int open = 0;
            for (int target : new int[] {100, 500, 1000}) {
                swarms.add(Swarm.start(base, password, target - open));
                open = target;
                Thread.sleep(SETTLE_SECONDS * 1000L);
                long messages = swarms.stream().mapToLong(Swarm::messages).sum();
                long bytes = swarms.stream().mapToLong(Swarm::bytes).sum();
                double cpu = cpuCores(pid, WINDOW_SECONDS);
                double pushes = (swarms.stream().mapToLong(Swarm::messages).sum() - messages) / (double) WINDOW_SECONDS;
                double perPush =
                        (swarms.stream().mapToLong(Swarm::bytes).sum() - bytes) / Math.max(1, pushes * WINDOW_SECONDS);
                long heap = usedHeapAfterGc(pid);
                rows.add("| " + target + " | " + Math.round(pushes) + " | " + Math.round(perPush / 1024) + " KiB | "
                        + String.format("%.2f", cpu) + " | " + String.format("%.2f ms/s", (cpu - cpu0) * 1000 / target)
                        + " | " + heap / 1024 + " MiB | " + (heap - heap0) / target + " KiB |");
            }
        } finally {
            swarms.forEach(Swarm::stop);
            portal.destroy();
            portal.waitFor(20, TimeUnit.SECONDS);
        }
        BenchReport.section(
                "Fan-out: open dashboards at 1 Hz pushes, production jar (target ≤ 200 KiB heap per UI at 1,000)",
                rows);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void awaitLogin(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(base + "/login"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("portal did not start");
    }

    /**
     * Heap in KiB after a full GC of the other process (jcmd from this JDK): the smallest of three readings two
     * seconds apart, because pushes still queued for slow sockets at the moment of a GC are live but transient.
     */
    static long usedHeapAfterGc(long pid) throws Exception {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            least = Math.min(least, oneReading(pid));
            Thread.sleep(2000);
        }
        return least;
    }

    private static long oneReading(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run")
                .redirectErrorStream(true)
                .start()
                .waitFor();
        Process info = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info")
                .redirectErrorStream(true)
                .start();
        String text = new String(info.getInputStream().readAllBytes());
        info.waitFor();
        Matcher m = USED.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in: " + text);
        }
        return Long.parseLong(m.group(1));
    }

    /** CPU of another process over a window, in cores, from /proc/PID/stat (utime + stime, 100 ticks/s). */
    static double cpuCores(long pid, int seconds) throws Exception {
        long before = ticks(pid);
        long wall = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        return (ticks(pid) - before) / 100.0 / ((System.nanoTime() - wall) / 1e9);
    }

    static long ticks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** One UiSwarm process and what it reports receiving. */
    record Swarm(Process process, long[] counters) {

        static Swarm start(String base, String password, int uis) throws Exception {
            return start(base, "office", password, uis, Math.max(1, uis / 10), "");
        }

        /** {@code uis} pages at {@code route} ("" the dashboard, "wall") over {@code sessions} sign-ins. */
        static Swarm start(String base, String user, String password, int uis, int sessions, String route)
                throws Exception {
            Process p = new ProcessBuilder(
                            java(),
                            "-Xmx512m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            UiSwarm.class.getName(),
                            base,
                            user,
                            password,
                            String.valueOf(uis),
                            String.valueOf(sessions),
                            route)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            long[] counters = new long[2];
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream()));
            String ready = lines.readLine();
            if (ready == null || !ready.startsWith("READY")) {
                throw new IllegalStateException("swarm did not start: " + ready);
            }
            Thread.ofVirtual().start(() -> {
                try {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        String[] parts = line.split(" ");
                        if (parts[0].equals("PUSHED")) {
                            synchronized (counters) {
                                counters[0] = Long.parseLong(parts[1]);
                                counters[1] = Long.parseLong(parts[2]);
                            }
                        }
                    }
                } catch (java.io.IOException ended) {
                    // stopped
                }
            });
            return new Swarm(p, counters);
        }

        long messages() {
            synchronized (counters) {
                return counters[0];
            }
        }

        long bytes() {
            synchronized (counters) {
                return counters[1];
            }
        }

        void stop() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
