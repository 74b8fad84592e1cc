package io.meshportal.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The production jar in its own process, with what the benchmarks read from outside: CPU, heap, metrics. */
final class PortalProcess implements AutoCloseable {

    static final Pattern AGE = Pattern.compile("^meshportal_factory_sample_age_seconds\\{[^}]*} ([0-9.eE+-]+|NaN)$");

    final Process process;
    final String base;

    private PortalProcess(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    /** Starts the jar with these JVM options and arguments (after --server.port) and waits for /login. */
    static PortalProcess start(Path log, List<String> jvm, List<String> args, String adminPassword) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(FanOutBenchmark.java()));
        command.addAll(jvm);
        command.addAll(List.of("-jar", ColdStartBenchmark.productionJar().toString(), "--server.port=" + port));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("MESHPORTAL_SECURITY_ADMIN_PASSWORD", adminPassword);
        PortalProcess portal = new PortalProcess(builder.start(), "http://127.0.0.1:" + port);
        FanOutBenchmark.awaitLogin(portal.base);
        return portal;
    }

    long pid() {
        return process.pid();
    }

    long heapAfterGcKiB() throws Exception {
        return FanOutBenchmark.usedHeapAfterGc(pid());
    }

    double cpuCores(int seconds) throws Exception {
        return FanOutBenchmark.cpuCores(pid(), seconds);
    }

    /** Every factory's sample age (seconds) as the portal's own /actuator/prometheus reports it now. */
    List<Double> sampleAges() throws Exception {
        String text = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        List<Double> ages = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = AGE.matcher(line);
            if (m.matches()) {
                ages.add(m.group(1).equals("NaN") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)));
            }
        }
        return ages;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
