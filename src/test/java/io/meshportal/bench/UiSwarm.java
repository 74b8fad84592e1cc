package io.meshportal.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark helper, run as its own process so the portal is measured alone: opens N dashboards the way the
 * browser's Flow client does — sign in (form POST), init request, the client-side navigation event over UIDL,
 * then the push WebSocket — and keeps reading what the server pushes. No rendering: the portal does the same
 * work per UI as for a browser. Usage: UiSwarm BASE_URL USER PASSWORD UIS SESSIONS [ROUTE] (ROUTE "" for the
 * dashboard, the default, or "wall" for the wall display). Prints "READY n", then
 * "PUSHED messages bytes" every 5 s.
 */
public final class UiSwarm {

    static final Pattern SECURITY_KEY = Pattern.compile("\"Vaadin-Security-Key\":\"([^\"]+)\"");
    static final Pattern PUSH_ID = Pattern.compile("\"Vaadin-Push-ID\":\"([^\"]+)\"");
    static final Pattern UI_ID = Pattern.compile("\"v-uiId\":(\\d+)");
    static final Pattern SYNC_ID = Pattern.compile("\"syncId\":(\\d+)");

    /**
     * A browser's client tells the server every few minutes that its page is still open (Vaadin's heartbeat);
     * without it the session ends after its idle timeout (30 min) and the screens with it. Sent once a minute.
     */
    static final List<Runnable> HEARTBEATS = new java.util.concurrent.CopyOnWriteArrayList<>();

    static final AtomicLong MESSAGES = new AtomicLong();
    static final AtomicLong BYTES = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int uis = Integer.parseInt(args[3]);
        int sessions = Integer.parseInt(args[4]);
        String route = args.length > 5 ? args[5] : "";
        List<HttpClient> clients = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            HttpClient client = HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            String form = "username=" + enc(args[1]) + "&password=" + enc(args[2]);
            int status = client.send(
                            HttpRequest.newBuilder(URI.create(base + "/login"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString(form))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 302) {
                throw new IllegalStateException("sign-in answered " + status);
            }
            clients.add(client);
        }
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < uis; i++) {
            sockets.add(openDashboard(clients.get(i % sessions), base, route));
        }
        System.out.println("READY " + sockets.size());
        for (long round = 1; ; round++) {
            Thread.sleep(5000);
            System.out.println("PUSHED " + MESSAGES.get() + " " + BYTES.get());
            if (round % 12 == 0) {
                HEARTBEATS.forEach(Runnable::run);
            }
        }
    }

    static WebSocket openDashboard(HttpClient client, String base, String route) throws Exception {
        String init = client.send(
                        HttpRequest.newBuilder(URI.create(base + "/?v-r=init&location=" + route + "&query="))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String key = find(SECURITY_KEY, init);
        String pushId = find(PUSH_ID, init);
        String uiId = find(UI_ID, init);
        HEARTBEATS.add(() -> client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/?v-r=heartbeat&v-uiId=" + uiId))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding()));
        String rpc = "{\"csrfToken\":\"" + key + "\",\"rpc\":[{\"type\":\"event\",\"node\":1,\"event\":\"ui-navigate\","
                + "\"data\":{\"route\":\"" + route
                + "\",\"query\":\"\",\"appShellTitle\":\"\",\"historyState\":{\"idx\":0},"
                + "\"trigger\":\"\"}}],\"syncId\":0,\"clientId\":0}";
        HttpResponse<String> navigated = client.send(
                HttpRequest.newBuilder(URI.create(base + "/?v-r=uidl&v-uiId=" + uiId))
                        .header("Content-Type", "application/json; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(rpc))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (navigated.statusCode() != 200
                || !navigated.body().contains(route.isEmpty() ? "factory-grid" : "wall-output")) {
            throw new IllegalStateException("navigation answered " + navigated.statusCode() + ": "
                    + navigated
                            .body()
                            .substring(0, Math.min(300, navigated.body().length())));
        }
        // a browser's client answers the first render with requests of its own (the grid asks for its rows, the
        // page reports its visibility); one such round trip, empty here, is what lets the server drop the first
        // response it keeps for a possible resend
        String ack = "{\"csrfToken\":\"" + key + "\",\"rpc\":[],\"syncId\":" + find(SYNC_ID, navigated.body())
                + ",\"clientId\":1}";
        HttpResponse<String> acked = client.send(
                HttpRequest.newBuilder(URI.create(base + "/?v-r=uidl&v-uiId=" + uiId))
                        .header("Content-Type", "application/json; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(ack))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (acked.statusCode() != 200 || acked.body().contains("\"meta\":{\"appError\"")) {
            throw new IllegalStateException("follow-up answered " + acked.statusCode() + ": " + acked.body());
        }
        String push = base.replaceFirst("^http", "ws") + "/VAADIN/push?v-r=push&v-uiId=" + uiId + "&v-pushId=" + pushId
                + "&X-Atmosphere-tracking-id=0&X-Atmosphere-Framework=3.1.5-javascript&X-Atmosphere-Transport=websocket"
                + "&X-Atmosphere-TrackMessageSize=true&Content-Type=" + enc("application/json; charset=UTF-8")
                + "&X-atmo-protocol=true";
        return client.newWebSocketBuilder()
                .buildAsync(URI.create(push), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        BYTES.addAndGet(data.length());
                        if (last) {
                            MESSAGES.incrementAndGet();
                        }
                        socket.request(1);
                        return null;
                    }
                })
                .get();
    }

    static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("No " + pattern + " in " + text.substring(0, Math.min(300, text.length())));
        }
        return m.group(1);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
