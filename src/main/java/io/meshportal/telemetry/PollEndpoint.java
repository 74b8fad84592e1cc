package io.meshportal.telemetry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One factory's telemetry endpoint, polled with a plain HTTP/1.1 GET over kept-alive sockets by the poll's own
 * virtual thread (a blocking read parks it in the JDK's poller, it holds no platform thread).
 *
 * <p>Why not the JDK HTTP client for this one request: with thousands of factories its per-request machinery (an
 * exchange of futures handed between the caller and a selector thread, a timer per request, its idle-connection
 * list walked on every return) was the largest part of the portal's CPU in the whole-portal benchmark. Here the
 * request's bytes are made once per factory and a poll is a write and a read. Plain {@code http} only: the mesh's
 * sidecars encrypt between pods; an {@code https} URL (a factory behind a TLS gateway) keeps the JDK client.
 */
final class PollEndpoint implements AutoCloseable {

    /** The bulkhead lets two polls of a factory be in flight, so at most two connections are worth keeping. */
    static final int MAX_IDLE = 2;

    private final String host;
    private final int port;
    private final byte[] request;
    private final ConcurrentLinkedDeque<Socket> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    PollEndpoint(URI uri) {
        this(uri, null);
    }

    /** @param version a version to pin the request to ({@code x-meshportal-version}), or null */
    PollEndpoint(URI uri, String version) {
        if (!supports(uri)) {
            throw new IllegalArgumentException("not a plain http URL: " + uri);
        }
        String h = uri.getHost();
        this.host = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        this.request = ("GET " + target + " HTTP/1.1\r\n"
                        + "Host: " + uri.getRawAuthority() + "\r\n"
                        + "Accept: application/json\r\n"
                        // who calls, for the embedded Service proxy's metrics (in the mesh the sidecar knows it)
                        + "X-Source-Workload: meshportal\r\n"
                        + (version == null ? "" : io.meshportal.fleet.Versions.HEADER + ": " + version + "\r\n")
                        + "User-Agent: meshportal\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static boolean supports(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
    }

    /**
     * GETs the endpoint, done by the deadline ({@link System#nanoTime()}) or failed. A kept-alive connection the
     * factory closed while it was idle is noticed before any answer arrives and the request goes once more on a
     * new connection (a GET is safe to repeat, RFC 9110 §9.2.2).
     */
    HttpAnswerReader.Answer get(long deadlineNanos, int maxBody) throws IOException {
        Socket reused = idle.pollFirst();
        if (reused != null) {
            try {
                return exchange(reused, deadlineNanos, maxBody);
            } catch (HttpAnswerReader.NothingReadException staleConnection) {
                // closed by the factory while idle: once more below
            }
        }
        return exchange(open(deadlineNanos), deadlineNanos, maxBody);
    }

    private Socket open(long deadlineNanos) throws IOException {
        long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
            throw new SocketTimeoutException("timed out");
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, remainingMillis));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private HttpAnswerReader.Answer exchange(Socket socket, long deadlineNanos, int maxBody) throws IOException {
        boolean keep = false;
        try {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
            } catch (java.net.SocketException e) {
                throw new HttpAnswerReader.NothingReadException("connection closed before the request was sent");
            }
            HttpAnswerReader.Answer answer = new HttpAnswerReader(socket, deadlineNanos).read(maxBody);
            keep = answer.keepAlive();
            return answer;
        } finally {
            if (keep) {
                release(socket);
            } else {
                socket.close();
            }
        }
    }

    private void release(Socket socket) throws IOException {
        if (closed || idle.size() >= MAX_IDLE) {
            socket.close();
            return;
        }
        idle.offerFirst(socket);
        if (closed) {
            drain(); // closed while we were offering: nobody else would close it
        }
    }

    int idleConnections() {
        return idle.size();
    }

    /** Closes the kept connections; one still in use is closed when its poll ends. */
    @Override
    public void close() {
        closed = true;
        drain();
    }

    private void drain() {
        for (Socket socket = idle.pollFirst(); socket != null; socket = idle.pollFirst()) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
