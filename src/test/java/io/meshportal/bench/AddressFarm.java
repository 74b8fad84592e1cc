package io.meshportal.bench;

import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.Simulation;
import io.meshportal.factory.TelemetryJson;
import io.meshportal.fleet.kubernetes.BenchFleet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Benchmark helper, run as its own process: factory {@code i} answers {@code GET /api/v1/telemetry} at its own
 * loopback address ({@link BenchFleet#address}) on the factories' port, so to the portal each factory is its own
 * address:port with its own connections, as Services are. One selector thread serves all of them (HTTP/1.1 with
 * keep-alive; thousands of listening sockets would otherwise need thousands of threads); each snapshot is
 * computed at most once a second.
 *
 * <p>Usage: AddressFarm RANGE COUNT [FAIL_EVERY_S FAIL_FOR_S FAIL_ONE_IN]: with a failure schedule, in every period
 * of FAIL_EVERY_S seconds one factory in FAIL_ONE_IN (a different share each period) stops answering for the
 * first FAIL_FOR_S seconds (its connections are closed without an answer), then recovers. Prints "READY", then
 * "SERVED n t" (answers so far, and the epoch milliseconds they were counted at) every second.
 */
public final class AddressFarm {

    private static final byte[] HEAD =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ".getBytes(StandardCharsets.US_ASCII);

    private final Simulation[] simulations;
    private final long[] second;
    private final byte[][] answer;
    private final long failEvery;
    private final long failFor;
    private final int oneIn;
    private long served;

    private AddressFarm(int count, long failEvery, long failFor, int oneIn) {
        this.simulations = new Simulation[count];
        this.second = new long[count];
        this.answer = new byte[count][];
        for (int i = 0; i < count; i++) {
            simulations[i] = new Simulation(FactorySpec.furniture(BenchFleet.id(i), "Factory " + i, "DE"));
        }
        this.failEvery = failEvery;
        this.failFor = failFor;
        this.oneIn = oneIn;
    }

    /** A connection: which factory, and the request bytes read so far. */
    private static final class Connection {
        final int factory;
        final ByteBuffer in = ByteBuffer.allocate(2048);
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();

        Connection(int factory) {
            this.factory = factory;
        }
    }

    public static void main(String[] args) throws Exception {
        int range = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        AddressFarm farm = new AddressFarm(
                count,
                args.length > 2 ? Long.parseLong(args[2]) : 0,
                args.length > 3 ? Long.parseLong(args[3]) : 0,
                args.length > 4 ? Integer.parseInt(args[4]) : 1);
        Selector selector = Selector.open();
        for (int i = 0; i < count; i++) {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(
                    new InetSocketAddress(InetAddress.getByName(BenchFleet.address(range, i)), BenchFleet.PORT), 64);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT, i);
        }
        System.out.println("READY");
        System.out.flush();
        long report = System.currentTimeMillis() + 1000;
        while (true) {
            selector.select(250);
            for (SelectionKey key : selector.selectedKeys()) {
                try {
                    farm.handle(selector, key);
                } catch (IOException | RuntimeException broken) {
                    if (!(key.channel() instanceof ServerSocketChannel)) {
                        key.channel()
                                .close(); // a broken connection; a failed accept (no descriptors) keeps the listener
                    }
                }
            }
            selector.selectedKeys().clear();
            long now = System.currentTimeMillis();
            if (now >= report) {
                report += 1000;
                System.out.println("SERVED " + farm.served + " " + now);
                System.out.flush();
            }
        }
    }

    private void handle(Selector selector, SelectionKey key) throws IOException {
        if (key.isAcceptable()) {
            SocketChannel client = ((ServerSocketChannel) key.channel()).accept();
            if (client != null) {
                client.configureBlocking(false);
                client.register(selector, SelectionKey.OP_READ, new Connection((Integer) key.attachment()));
            }
            return;
        }
        SocketChannel channel = (SocketChannel) key.channel();
        Connection c = (Connection) key.attachment();
        if (key.isReadable()) {
            if (channel.read(c.in) < 0) {
                channel.close();
                return;
            }
            // answer every complete request (a keep-alive client sends the next only after the answer)
            while (requestComplete(c.in)) {
                long now = System.currentTimeMillis();
                long s = now / 1000;
                if (failEvery > 0 && s % failEvery < failFor && c.factory % oneIn == (s / failEvery) % oneIn) {
                    channel.close(); // no answer: the portal sees the factory down
                    return;
                }
                if (answer[c.factory] == null || second[c.factory] != s) {
                    byte[] body = TelemetryJson.write(simulations[c.factory].at(Instant.ofEpochMilli(now)));
                    byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                    ByteBuffer whole = ByteBuffer.allocate(HEAD.length + length.length + body.length);
                    whole.put(HEAD).put(length).put(body);
                    answer[c.factory] = whole.array();
                    second[c.factory] = s;
                }
                c.out.add(ByteBuffer.wrap(answer[c.factory]));
                served++;
            }
        }
        while (!c.out.isEmpty()) {
            ByteBuffer next = c.out.peek();
            channel.write(next);
            if (next.hasRemaining()) {
                break;
            }
            c.out.poll();
        }
        key.interestOps(c.out.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    /** True (and the request consumed) when the buffer holds a request's end (a GET has no body). */
    private static boolean requestComplete(ByteBuffer in) {
        int end = -1;
        for (int i = 3; i < in.position(); i++) {
            if (in.get(i - 3) == '\r' && in.get(i - 2) == '\n' && in.get(i - 1) == '\r' && in.get(i) == '\n') {
                end = i + 1;
                break;
            }
        }
        if (end < 0) {
            if (!in.hasRemaining()) {
                throw new IllegalStateException("request too large");
            }
            return false;
        }
        in.flip();
        in.position(end);
        in.compact();
        return true;
    }
}
