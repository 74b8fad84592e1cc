package io.meshportal.factory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The factory API v1 over the JDK's built-in HTTP server: starts in milliseconds and idles in a few MB of heap,
 * which a Spring application would not.
 */
public final class FactoryServer implements AutoCloseable {

    public static final String TELEMETRY = "/api/v1/telemetry";
    public static final String STREAM = "/api/v1/telemetry/stream";
    static final int MAX_STREAMS = 64;
    private static final Set<String> TELEMETRY_PARAMS = Set.of("at");
    private static final Set<String> ROUTES = Set.of(TELEMETRY, STREAM, "/healthz", "/readyz", "/metrics");

    private final Simulation simulation;
    private final Clock clock;
    private final boolean faultControl;
    private final HttpServer server;
    // Platform threads (not virtual) so the CPU each request costs can be measured per factory.
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "factory-http");
        t.setDaemon(true);
        return t;
    });
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    private final AtomicLong requests = new AtomicLong();
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private volatile boolean stopping;
    private final FactoryLog log;
    private final RequestLog requestLog;
    private volatile FactoryState lastState;

    /**
     * @param faultControl expose {@code POST /fault?mode=…}; only for test deployments, never by default
     */
    public FactoryServer(FactorySpec spec, InetAddress address, int port, Clock clock, boolean faultControl)
            throws IOException {
        this(spec, address, port, clock, faultControl, new FactoryLog(FactoryLog.DEFAULT_CAPACITY, clock, null));
    }

    /** @param log where the factory logs what it does (the container's: echoed to standard output) */
    public FactoryServer(
            FactorySpec spec, InetAddress address, int port, Clock clock, boolean faultControl, FactoryLog log)
            throws IOException {
        this.log = log;
        this.requestLog = new RequestLog(log, clock);
        this.simulation = new Simulation(spec);
        this.clock = clock;
        this.faultControl = faultControl;
        this.server = HttpServer.create(new InetSocketAddress(address, port), 128);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** A factory on a free loopback port: how the portal's embedded fleet and the tests run factories. */
    public static FactoryServer onLoopback(FactorySpec spec) throws IOException {
        return new FactoryServer(spec, InetAddress.getLoopbackAddress(), 0, Clock.systemUTC(), false).start();
    }

    public FactoryServer start() {
        server.start();
        log.info("factory " + simulation.spec().id() + " version "
                + simulation.spec().version() + " serving API v1 on port " + port()
                + (faultControl ? " (fault control ENABLED)" : ""));
        return this;
    }

    /** What this factory process has logged (the newest lines). */
    public FactoryLog log() {
        return log;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    public FactorySpec spec() {
        return simulation.spec();
    }

    /** In-process switch for tests; the network switch exists only with fault control enabled. */
    public void fault(Fault mode) {
        Fault before = fault.getAndSet(mode);
        if (before != mode) {
            if (mode == Fault.NONE) {
                log.info("fault " + before + " cleared");
            } else {
                log.warn("fault injected: " + mode);
            }
        }
    }

    public Fault fault() {
        return fault.get();
    }

    @Override
    public void close() {
        if (!stopping) {
            log.info("stopping");
        }
        stopping = true;
        server.stop(0);
        executor.shutdownNow();
    }

    /** CPU time spent serving requests so far: a real per-factory reading where replicas share one process. */
    public long cpuNanos() {
        return cpuNanos.get();
    }

    public long requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try (exchange) {
            if (faultControl && path.equals("/fault")) {
                if (!method.equals("POST")) {
                    error(exchange, 405, "method_not_allowed", "Use POST");
                    return;
                }
                setFaultFromQuery(exchange);
                return;
            }
            if (!ROUTES.contains(path)) {
                error(exchange, 404, "not_found", "No resource at " + path);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                error(exchange, 405, "method_not_allowed", method + " is not supported; use GET");
                return;
            }
            if (fault.get() == Fault.HANG && !path.equals(TELEMETRY)) {
                misbehave(exchange); // a hung process answers nothing, its health checks included
            }
            switch (path) {
                case TELEMETRY -> telemetry(exchange);
                case STREAM -> stream(exchange);
                case "/healthz" -> json(exchange, 200, "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8));
                case "/readyz" ->
                    json(
                            exchange,
                            stopping ? 503 : 200,
                            ("{\"status\":\"" + (stopping ? "STOPPING" : "READY") + "\"}")
                                    .getBytes(StandardCharsets.UTF_8));
                case "/metrics" ->
                    send(
                            exchange,
                            200,
                            "text/plain; version=0.0.4; charset=utf-8",
                            PrometheusText.of(simulation.at(clock.instant()), requests.get())
                                    .getBytes(StandardCharsets.UTF_8));
                default -> throw new IllegalStateException("route without handler: " + path);
            }
        } catch (IOException clientGone) {
            // The client closed the connection: nothing to answer.
        } finally {
            requestLog.served(method, path, exchange.getResponseCode(), (System.nanoTime() - started) / 1_000_000);
            long cpuEnd = THREADS.getCurrentThreadCpuTime();
            if (cpuStart >= 0 && cpuEnd >= cpuStart) {
                cpuNanos.addAndGet(cpuEnd - cpuStart);
            }
        }
    }

    private void telemetry(HttpExchange exchange) throws IOException {
        Map<String, String> query;
        try {
            query = query(exchange);
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "bad_request", e.getMessage());
            return;
        }
        for (String name : query.keySet()) {
            if (!TELEMETRY_PARAMS.contains(name)) {
                error(exchange, 400, "unknown_parameter", "Unknown query parameter '" + name + "'; supported: at");
                return;
            }
        }
        Instant at = clock.instant();
        if (query.containsKey("at")) {
            try {
                at = Instant.parse(query.get("at"));
            } catch (DateTimeParseException e) {
                error(exchange, 400, "bad_parameter", "'at' must be an ISO-8601 instant like 2026-01-01T08:00:00Z");
                return;
            }
        }
        if (misbehave(exchange)) {
            return;
        }
        TelemetrySnapshot snapshot = simulation.at(at);
        if (!query.containsKey("at")) {
            stateSeen(snapshot.state());
        }
        json(exchange, 200, TelemetryJson.write(snapshot));
    }

    /** Server-Sent Events, one telemetry event per second on the second. */
    private void stream(HttpExchange exchange) throws IOException {
        if (!streams.tryAcquire()) {
            error(exchange, 503, "too_many_streams", "At most " + MAX_STREAMS + " streams at once");
            return;
        }
        try {
            if (misbehave(exchange)) {
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!stopping && !Thread.currentThread().isInterrupted()) {
                Instant now = clock.instant();
                String event = "id: " + now.getEpochSecond() + "\nevent: telemetry\ndata: "
                        + TelemetryJson.writeString(simulation.at(now)) + "\n\n";
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(1000 - clock.millis() % 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.release();
        }
    }

    /** Logs a change of the production state, as the polls see it. */
    private void stateSeen(FactoryState state) {
        FactoryState before = lastState;
        lastState = state;
        if (before != null && before != state) {
            String message = "state " + before + " -> " + state;
            if (state == FactoryState.DOWN) {
                log.warn(message);
            } else {
                log.info(message);
            }
        }
    }

    /** Applies the current fault; true when the response has been dealt with. */
    private boolean misbehave(HttpExchange exchange) throws IOException {
        switch (fault.get()) {
            case NONE -> {
                return false;
            }
            case SLOW -> {
                sleep(2500);
                return false;
            }
            case ERROR -> error(exchange, 500, "internal_error", "Injected fault");
            case GARBAGE -> json(exchange, 200, "{\"factoryId\": <<not json".getBytes(StandardCharsets.UTF_8));
            case HANG -> {
                while (fault.get() == Fault.HANG && !stopping) {
                    sleep(100);
                }
                return false;
            }
            case HUGE -> {
                byte[] body = new byte[10 * 1024 * 1024];
                Arrays.fill(body, (byte) ' ');
                body[0] = '[';
                body[body.length - 1] = ']';
                json(exchange, 200, body);
            }
        }
        return true;
    }

    private void setFaultFromQuery(HttpExchange exchange) throws IOException {
        try {
            Fault mode = Fault.valueOf(query(exchange).getOrDefault("mode", "").toUpperCase());
            fault.set(mode);
            json(exchange, 200, ("{\"fault\":\"" + mode + "\"}").getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "bad_parameter", "mode must be one of " + Arrays.toString(Fault.values()));
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> result = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (result.put(name, value) != null) {
                throw new IllegalArgumentException("Query parameter '" + name + "' given twice");
            }
        }
        return result;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, TelemetryJson.write(Map.of("error", code, "message", message, "status", status)));
    }

    private static void json(HttpExchange exchange, int status, byte[] body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
