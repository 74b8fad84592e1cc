package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pollers' own HTTP/1.1 GET against a real socket server on loopback that answers exactly the bytes each test
 * scripts: framing by length, by chunks and by close; kept-alive connections reused and a stale one replaced;
 * everything malformed, too large or too slow refused with a reason, by the deadline.
 */
class PollEndpointTest {

    static final int MAX = 1 << 20;
    static final String CLOSE = "<close>";
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /**
     * A server that answers the n-th request (counted over all connections) with {@code script.apply(n)}; a null
     * answer closes the connection without answering, "HANG" never answers, an answer ending in {@link #CLOSE} is
     * followed by the close of the connection.
     */
    final class ScriptedServer implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        final List<String> heads = new CopyOnWriteArrayList<>();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();

        ScriptedServer(IntFunction<String> script) throws IOException {
            open.add(this);
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        sockets.add(s);
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(s, script));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s, IntFunction<String> script) {
            try (s) {
                InputStream in = s.getInputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    heads.add(head);
                    String answer = script.apply(requests.incrementAndGet());
                    if (answer == null) {
                        return;
                    }
                    if (answer.equals("HANG")) {
                        Thread.sleep(60_000);
                        return;
                    }
                    boolean close = answer.endsWith(CLOSE);
                    s.getOutputStream().write(answer.replace(CLOSE, "").getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    if (close) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException ended) {
                // the client went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                String text = head.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r\n\r\n")) {
                    return text;
                }
            }
            return null;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/v1/telemetry?at=now");
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body;
    }

    static long in(long millis) {
        return System.nanoTime() + millis * 1_000_000;
    }

    PollEndpoint endpoint(ScriptedServer server) {
        PollEndpoint endpoint = new PollEndpoint(server.uri());
        open.add(endpoint);
        return endpoint;
    }

    @Test
    void keptAliveAnswersReuseOneConnectionAndTheRequestIsWhatAFactoryExpects() throws Exception {
        ScriptedServer server = new ScriptedServer(n -> ok("{\"n\":" + n + "}"));
        PollEndpoint endpoint = endpoint(server);
        for (int i = 1; i <= 20; i++) {
            HttpAnswerReader.Answer answer = endpoint.get(in(2000), MAX);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":" + i + "}");
        }
        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.heads.getFirst())
                .startsWith("GET /api/v1/telemetry?at=now HTTP/1.1\r\n")
                .contains("\r\nHost: 127.0.0.1:" + server.server.getLocalPort() + "\r\n")
                .contains("\r\nAccept: application/json\r\n")
                .contains("\r\nX-Source-Workload: meshportal\r\n");
    }

    @Test
    void chunkedInterimAndHeaderCaseAreRead() throws Exception {
        ScriptedServer server = new ScriptedServer(n -> "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nX-Other: a:b\r\n\r\n"
                + "5;ext=1\r\nhello\r\n" + "7\r\n, world\r\n" + "0\r\nTrailer: x\r\n\r\n");
        PollEndpoint endpoint = endpoint(server);
        for (int i = 0; i < 3; i++) {
            HttpAnswerReader.Answer answer = endpoint.get(in(2000), MAX);
            assertThat(new String(answer.body(), StandardCharsets.US_ASCII)).isEqualTo("hello, world");
            assertThat(answer.keepAlive()).isTrue();
        }
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void answersThatEndTheConnectionAreNotKept() throws Exception {
        ScriptedServer server = new ScriptedServer(n -> switch (n) {
            case 1 -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok";
            case 2 -> "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok";
            default -> "HTTP/1.1 200 OK\r\n\r\nuntil the end" + CLOSE; // framed by the close
        });
        PollEndpoint endpoint = endpoint(server);
        assertThat(endpoint.get(in(2000), MAX).keepAlive()).isFalse();
        assertThat(endpoint.get(in(2000), MAX).keepAlive()).isFalse();
        HttpAnswerReader.Answer answer = endpoint.get(in(2000), MAX);
        assertThat(new String(answer.body(), StandardCharsets.US_ASCII)).isEqualTo("until the end");
        assertThat(answer.keepAlive()).isFalse();
        assertThat(endpoint.idleConnections()).isZero();
        assertThat(server.connections.get()).isEqualTo(3);
    }

    @Test
    void aKeptConnectionTheFactoryClosedWhileIdleIsReplacedWithoutAnError() throws Exception {
        ScriptedServer server = new ScriptedServer(n -> ok("{}"));
        PollEndpoint endpoint = endpoint(server);
        endpoint.get(in(2000), MAX);
        assertThat(endpoint.idleConnections()).isEqualTo(1);
        for (Socket s : server.sockets) {
            s.close(); // the factory's idle timeout
        }
        Thread.sleep(100);
        assertThat(new String(endpoint.get(in(2000), MAX).body(), StandardCharsets.US_ASCII))
                .isEqualTo("{}");
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void errorStatusesAreAnswersAndKeepTheConnection() throws Exception {
        ScriptedServer server = new ScriptedServer(
                n -> "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 19\r\n\r\nno healthy upstream");
        PollEndpoint endpoint = endpoint(server);
        assertThat(endpoint.get(in(2000), MAX).status()).isEqualTo(503);
        assertThat(endpoint.get(in(2000), MAX).status()).isEqualTo(503);
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void malformedOrOversizedAnswersAreRefusedWithAReason() throws Exception {
        record Case(String answer, String reason) {}
        List<Case> cases = List.of(
                new Case("garbage\r\n\r\n", "not an HTTP/1.1 answer"),
                new Case("HTTP/1.1 2x0 OK\r\n\r\n", "malformed status line"),
                new Case("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header field"),
                new Case("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", "malformed Content-Length"),
                new Case(
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
                        "conflicting Content-Length"),
                new Case("HTTP/1.1 200 OK\r\nContent-Length: 10485760\r\n\r\n", "response too large: 10485760 bytes"),
                new Case("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "malformed chunk size"),
                new Case(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXX\r\n0\r\n\r\n",
                        "malformed chunk"),
                new Case("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n", "response too large"),
                new Case("HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n", "header too large"));
        for (Case c : cases) {
            ScriptedServer server = new ScriptedServer(n -> c.answer());
            PollEndpoint endpoint = endpoint(server);
            assertThatThrownBy(() -> endpoint.get(in(2000), MAX))
                    .as(c.answer().substring(0, Math.min(40, c.answer().length())))
                    .isInstanceOf(IOException.class)
                    .hasMessage(c.reason());
            assertThat(endpoint.idleConnections()).isZero();
        }
    }

    @Test
    void anAnswerCutShortIsAnErrorNotAShortBody() throws Exception {
        ScriptedServer server =
                new ScriptedServer(n -> "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this" + CLOSE);
        PollEndpoint endpoint = endpoint(server);
        assertThatThrownBy(() -> endpoint.get(in(3000), MAX))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("connection closed before the end of the answer");
    }

    @Test
    void aFactoryThatNeverAnswersFailsByTheDeadline() throws Exception {
        ScriptedServer server = new ScriptedServer(n -> "HANG");
        PollEndpoint endpoint = endpoint(server);
        long start = System.nanoTime();
        assertThatThrownBy(() -> endpoint.get(in(300), MAX)).isInstanceOf(SocketTimeoutException.class);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).isBetween(250L, 2000L);
    }

    @Test
    void noFactoryListeningIsAConnectFailureAndClosingDropsTheKeptConnections() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        PollEndpoint nobody = new PollEndpoint(URI.create("http://127.0.0.1:" + freePort + "/"));
        assertThatThrownBy(() -> nobody.get(in(1000), MAX)).isInstanceOf(java.net.ConnectException.class);

        ScriptedServer server = new ScriptedServer(n -> ok("{}"));
        PollEndpoint endpoint = endpoint(server);
        endpoint.get(in(2000), MAX);
        Socket serverSide = server.sockets.getFirst();
        endpoint.close();
        assertThat(endpoint.idleConnections()).isZero();
        // the factory sees the close: its side ends the connection after reading the end of the stream
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(2))
                .until(serverSide::isClosed);
    }

    @Test
    void onlyPlainHttpUrlsAreItsOwn() {
        assertThat(PollEndpoint.supports(URI.create("http://factory-a.eu.svc.cluster.local:8080/")))
                .isTrue();
        assertThat(PollEndpoint.supports(URI.create("https://gateway.example.com/factories/a/")))
                .isFalse();
        assertThatThrownBy(() -> new PollEndpoint(URI.create("https://gateway.example.com/")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
