package io.meshportal.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on loopback that can be told to misbehave, to break a real server (an API server, a factory) from
 * the outside: pass traffic through, hang (accept and never answer), answer every request with HTTP 500, or
 * drop every connection. Switching mode cuts the connections that are open, as a restarting server would.
 */
public final class ChaosProxy implements AutoCloseable {

    public enum Mode {
        PASS,
        HANG,
        ERROR,
        DROP
    }

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Mode mode = Mode.PASS;

    public ChaosProxy(int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public void mode(Mode next) {
        mode = next;
        open.forEach(ChaosProxy::closeQuietly);
        open.clear();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                switch (mode) {
                    case PASS -> threads.execute(() -> pass(client));
                    case HANG -> {} // held open, never read, never answered
                    case ERROR -> threads.execute(() -> error(client));
                    case DROP -> close(client);
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pass(Socket client) {
        try {
            Socket server = new Socket();
            server.connect(upstream, 2000);
            open.add(server);
            threads.execute(() -> pump(server, client));
            pump(client, server);
        } catch (IOException e) {
            close(client);
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away
        } finally {
            close(from);
            close(to);
        }
    }

    private void error(Socket client) {
        try {
            InputStream in = client.getInputStream();
            int last4 = 0;
            int read;
            // read the request head (up to its blank line), then answer and close
            for (int n = 0; n < 65_536 && last4 != 0x0D0A0D0A && (read = in.read()) >= 0; n++) {
                last4 = (last4 << 8) | read;
            }
            byte[] body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500}"
                    .getBytes(StandardCharsets.UTF_8);
            client.getOutputStream()
                    .write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().write(body);
            client.getOutputStream().flush();
        } catch (IOException e) {
            // client gone
        } finally {
            close(client);
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        mode(Mode.DROP);
        threads.shutdownNow();
    }
}
