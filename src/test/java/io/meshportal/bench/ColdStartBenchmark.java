package io.meshportal.bench;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold start of the production jar: process start → the login page answers 200, on an empty data directory
 * (first start: schema, accounts, demo fleet) and on an existing one. Baseline in the same run: the same JVM
 * starting the standalone factory service (no Spring) until its /healthz answers. Needs the jar: bench/run.sh
 * packages it first.
 */
@Tag("bench")
class ColdStartBenchmark {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

    @Test
    void startToLoginPage(@TempDir Path dir) throws Exception {
        Path jar = productionJar();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> rows = new ArrayList<>();
        rows.add("| start | to first answer | ratio to baseline |");
        rows.add("|---|---:|---:|");
        List<String> factory = List.of(
                java,
                "-cp",
                jar.toString(),
                "-Dloader.main=io.meshportal.factory.FactoryMain",
                "org.springframework.boot.loader.launch.PropertiesLauncher");
        List<Long> baselines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            baselines.add(startMillis(factory, "/healthz", dir, "FACTORY_PORT"));
        }
        long baseline = median(baselines);
        rows.add("| baseline: factory service from the same jar (JVM + jar loader, no Spring) | " + baseline
                + " ms | 1.0 |");
        Path data = dir.resolve("data");
        List<String> portal = List.of(java, "-jar", jar.toString(), "--meshportal.data.dir=" + data);
        long first = startMillis(portal, "/login", dir, null);
        rows.add("| portal, empty data directory (schema, accounts, 4 demo factories) | " + first + " ms | "
                + ratio(first, baseline) + " |");
        List<Long> warm = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            warm.add(startMillis(portal, "/login", dir, null));
        }
        long warmMedian = median(warm);
        rows.add("| portal, existing data (median of 3: " + warm + ") | " + warmMedian + " ms | "
                + ratio(warmMedian, baseline) + " |");

        // as docker/portal.Dockerfile runs it: the jar extracted, with a class-data-sharing archive from a training run
        Path app = dir.resolve("app");
        run(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", app.toString()), dir);
        Path extracted = app.resolve(jar.getFileName());
        Path archive = dir.resolve("portal.jsa");
        run(
                List.of(
                        java,
                        "-XX:ArchiveClassesAtExit=" + archive,
                        "-Dspring.context.exit=onRefresh",
                        "-jar",
                        extracted.toString(),
                        "--server.port=0",
                        "--meshportal.data.dir=" + dir.resolve("training")),
                dir);
        List<Long> extractedOnly = new ArrayList<>();
        List<Long> withCds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            extractedOnly.add(startMillis(
                    List.of(java, "-jar", extracted.toString(), "--meshportal.data.dir=" + data), "/login", dir, null));
            withCds.add(startMillis(
                    List.of(
                            java,
                            "-XX:SharedArchiveFile=" + archive,
                            "-jar",
                            extracted.toString(),
                            "--meshportal.data.dir=" + data),
                    "/login",
                    dir,
                    null));
        }
        // as run.sh and the container image run it on JDK 25: an ahead-of-time cache (JEP 483/514/515) from the
        // same kind of training run (also with the data directory's own state: the start reads the existing data)
        Path aot = dir.resolve("portal.aot");
        List<String> nativeAccess = List.of("--enable-native-access=ALL-UNNAMED");
        List<String> training = new ArrayList<>(List.of(java, "-XX:AOTCacheOutput=" + aot));
        training.addAll(nativeAccess);
        training.addAll(List.of(
                "-Dspring.context.exit=onRefresh",
                "-jar",
                extracted.toString(),
                "--server.port=0",
                "--meshportal.data.dir=" + dir.resolve("training-aot")));
        run(training, dir);
        List<Long> withAot = new ArrayList<>();
        List<Long> plainJar = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> start = new ArrayList<>(List.of(java, "-XX:AOTCache=" + aot));
            start.addAll(nativeAccess);
            start.addAll(List.of("-jar", extracted.toString(), "--meshportal.data.dir=" + data));
            withAot.add(startMillis(start, "/login", dir, null));
            List<String> plain = new ArrayList<>(List.of(java));
            plain.addAll(nativeAccess);
            plain.addAll(List.of("-jar", jar.toString(), "--meshportal.data.dir=" + data));
            plainJar.add(startMillis(plain, "/login", dir, null));
        }
        rows.add("| portal, extracted jar (median of 3: " + extractedOnly + ") | " + median(extractedOnly) + " ms | "
                + ratio(median(extractedOnly), baseline) + " |");
        rows.add(
                "| portal, extracted jar + CDS archive (how run.sh and the image started it before; JDK 21 still does) (median of 3: "
                        + withCds + ") | " + median(withCds) + " ms | " + ratio(median(withCds), baseline) + " |");
        rows.add("| portal, extracted jar + AOT cache, as `./run.sh` and the container image start it (median of 3: "
                + withAot + ") | " + median(withAot) + " ms | " + ratio(median(withAot), baseline) + " |");
        rows.add("| portal, plain `java -jar` of the packaged jar, same run (median of 3: " + plainJar + ") | "
                + median(plainJar) + " ms | " + ratio(median(plainJar), baseline) + " |");
        BenchReport.section("Cold start of the production jar to the login page (target ≤ 3 s as shipped)", rows);
    }

    /** Runs a command to its end (extraction, training run). */
    static void run(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.log").toFile())
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " failed: "
                    + Files.readString(dir.resolve("run.log")).lines().limit(30).toList());
        }
    }

    /** Starts the command with a free port, returns ms until {@code path} answers 200, then stops it. */
    static long startMillis(List<String> command, String path, Path dir, String portEnv) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> full = new ArrayList<>(command);
        if (portEnv == null) {
            full.add("--server.port=" + port);
        }
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("start-" + port + ".log").toFile());
        if (portEnv != null) {
            builder.environment().put(portEnv, String.valueOf(port));
            builder.environment().put("FACTORY_ID", "bench-start");
        }
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + port + path);
            while (process.isAlive() && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120)) {
                try {
                    if (HTTP.send(
                                            HttpRequest.newBuilder(uri)
                                                    .timeout(Duration.ofSeconds(2))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return (System.nanoTime() - started) / 1_000_000;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            List<String> log = Files.readString(dir.resolve("start-" + port + ".log"))
                    .lines()
                    .toList();
            throw new IllegalStateException(
                    "No answer on " + uri + " (exit " + (process.isAlive() ? "-" : process.exitValue())
                            + "); log ends: " + log.subList(Math.max(0, log.size() - 25), log.size()));
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static Path productionJar() {
        File[] jars =
                new File("target").listFiles((d, name) -> name.startsWith("meshportal-") && name.endsWith(".jar"));
        Assumptions.assumeTrue(jars != null && jars.length == 1, "package the jar first (bench/run.sh does)");
        return jars[0].toPath().toAbsolutePath();
    }

    static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    static String ratio(long value, long baseline) {
        return String.format("%.1f", (double) value / baseline);
    }
}
