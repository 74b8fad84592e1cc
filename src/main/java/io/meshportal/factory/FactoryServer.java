package io.meshportal.factory;

import static io.meshportal.factory.Exchanges.error;
import static io.meshportal.factory.Exchanges.json;
import static io.meshportal.factory.Exchanges.send;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The factory API v1 over the JDK's built-in HTTP server: starts in milliseconds and idles in a few MB of heap,
 * which a Spring application would not. This class is the server: it routes each request, answers the health
 * checks and metrics, and counts what serving costs; the telemetry itself is {@link TelemetryEndpoints}', the
 * injected faults {@link FaultInjection}'s.
 */
public final class FactoryServer implements AutoCloseable {

    public static final String TELEMETRY = "/api/v1/telemetry";
    public static final String STREAM = "/api/v1/telemetry/stream";
    static final int MAX_STREAMS = 64;
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
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean stopping;
    private final FactoryLog log;
    private final RequestLog requestLog;
    private final FaultInjection faults;
    private final TelemetryEndpoints telemetry;

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
        this.faults = new FaultInjection(log, () -> stopping);
        this.telemetry = new TelemetryEndpoints(simulation, clock, log, faults, () -> stopping);
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
        faults.set(mode);
    }

    public Fault fault() {
        return faults.get();
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
                faults.setFromQuery(exchange);
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
            if (faults.get() == Fault.HANG && !path.equals(TELEMETRY)) {
                faults.misbehave(exchange); // a hung process answers nothing, its health checks included
            }
            switch (path) {
                case TELEMETRY -> telemetry.telemetry(exchange);
                case STREAM -> telemetry.stream(exchange);
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
}
