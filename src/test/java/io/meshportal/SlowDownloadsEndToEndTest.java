package io.meshportal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.zaxxer.hikari.HikariDataSource;
import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.base.Spool;
import io.meshportal.security.Role;
import io.meshportal.security.TestUsers;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import io.meshportal.support.Credentials;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A CSV download never holds a pooled database connection while a slow client reads it: eight audit downloads
 * (about 9 MB each, far more than the socket buffers take) whose clients read a few bytes and then stall leave the
 * real portal's four-connection pool idle, and sign-in and the dashboard answering as they do without them.
 */
class SlowDownloadsEndToEndTest extends BrowserTest {

    static final int DOWNLOADS = 8;
    static final String SEED_ACTOR = "slow-download-seed";
    static final long SIGN_IN_BOUND_MS = 2_500;
    static final long DASHBOARD_BOUND_MS = 2_500;

    @Autowired
    AuditLog audit;

    @Autowired
    TestUsers users;

    @Autowired
    DataSource dataSource;

    final List<Socket> stalled = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Socket s : stalled) {
            s.close();
        }
        new JdbcTemplate(dataSource).update("delete from audit_entry where actor = ?", SEED_ACTOR);
    }

    @Test
    void eightStalledDownloadsLeaveThePoolIdleAndSignInAndTheDashboardAnswering() throws Exception {
        seedAudit();
        users.ensure("slow-download-reader", "slow-download-password-1", Role.OFFICE_MANAGER, null);
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        assertThat(pool.getMaximumPoolSize()).as("the configured pool").isEqualTo(4);

        // before: how long sign-in and the dashboard take on this machine right now (the first is a warm-up)
        signInAndOpenTheDashboard();
        long[] before = signInAndOpenTheDashboard();

        Page office = chromium.newPage();
        Chromium.signIn(office, base(), "office", Credentials.password("office"));
        office.waitForSelector("#dashboard");
        office.navigate(base() + "/audit");
        String href = office.locator("#audit-csv").getAttribute("href");
        assertThat(href).as("the audit view's CSV link").isNotBlank();
        String path = URI.create(base() + "/").resolve(href).getRawPath();
        String cookies = office.context().cookies().stream()
                .map((Cookie c) -> c.name + "=" + c.value)
                .collect(Collectors.joining("; "));

        for (int i = 0; i < DOWNLOADS; i++) {
            stalled.add(startSlowDownload(path, cookies));
        }
        List<String> heads = new ArrayList<>();
        for (Socket s : stalled) {
            heads.add(readHeadAndSome(s, 100));
        }
        // the clients have read the head and 100 bytes of ~9 MB and read no more: every server thread is blocked
        // writing
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int active;
        do {
            active = pool.getHikariPoolMXBean().getActiveConnections();
            if (active == 0) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        int waiting = pool.getHikariPoolMXBean().getThreadsAwaitingConnection();

        long[] during = signInAndOpenTheDashboard();
        System.out.printf(
                "Slow downloads: sign-in %d ms before, %d ms during; dashboard %d ms before, %d ms during;"
                        + " pool active %d, waiting %d during%n",
                before[0], during[0], before[1], during[1], active, waiting);
        assertThat(active).as("pooled connections held while the clients stall").isZero();
        assertThat(during[0]).as("sign-in during the stalled downloads, ms").isLessThan(SIGN_IN_BOUND_MS);
        assertThat(during[1]).as("dashboard during the stalled downloads, ms").isLessThan(DASHBOARD_BOUND_MS);
        assertThat(heads).as("every download began as CSV").allSatisfy(head -> assertThat(head)
                .startsWith("HTTP/1.1 200")
                .contains("text/csv")
                .contains("time (UTC),user"));
        // the clients go away: every spooled file is deleted
        for (Socket s : stalled) {
            s.close();
        }
        long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (spooled() > 0 && System.nanoTime() < gone) {
            Thread.sleep(100);
        }
        assertThat(spooled()).as("spooled files left after the clients left").isZero();
    }

    static long spooled() throws Exception {
        try (var files = Files.list(Spool.directory())) {
            return files.count();
        }
    }

    /** Every CSV link of the views, followed as a browser does: the whole file, its length, nothing left behind. */
    @Test
    void everyCsvLinkSendsTheWholeFileWithItsLength() throws Exception {
        Page page = chromium.newPage();
        Chromium.signIn(page, base(), "office", Credentials.password("office"));
        page.waitForSelector("#dashboard");
        Map<String, String> links = new LinkedHashMap<>();
        links.put("/", "#dashboard-chart-csv");
        links.put("/factories/berlin-1", "#factory-chart-csv");
        links.put("/reports/berlin-1", "#report-csv");
        links.put("/reports/berlin-1#data", "#report-data-csv");
        links.put("/audit", "#audit-csv");
        for (var link : links.entrySet()) {
            page.navigate(base() + link.getKey().replace("#data", ""));
            page.waitForSelector(link.getValue());
            String href = page.locator(link.getValue()).getAttribute("href");
            var response = page.context()
                    .request()
                    .get(URI.create(base() + "/").resolve(href).toString());
            assertThat(response.status()).as(link.getValue()).isEqualTo(200);
            assertThat(response.headers().get("content-type"))
                    .as(link.getValue())
                    .startsWith("text/csv");
            byte[] body = response.body();
            assertThat(response.headers().get("content-length"))
                    .as(link.getValue())
                    .isEqualTo(String.valueOf(body.length));
            String text = new String(body, StandardCharsets.UTF_8);
            assertThat(text).as(link.getValue()).endsWith("\r\n");
            assertThat(text.lines().findFirst().orElse(""))
                    .as(link.getValue())
                    .matches(
                            link.getValue().equals("#report-csv")
                                    ? "factory,time zone,production day,shift,start .*"
                                    : "time \\(UTC\\),.*");
        }
        page.context().close();
        assertThat(spooled()).as("spooled files left").isZero();
    }

    /** About 8,000 entries with a 1,000-character detail: some 9 MB of CSV. */
    void seedAudit() {
        audit.record(SEED_ACTOR, AuditAction.LOGIN, "seed", AuditRecord.Outcome.SUCCESS, "x".repeat(1_000));
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (int i = 0; i < 13; i++) {
            jdbc.update(
                    "insert into audit_entry (action, actor, at, detail, outcome, target)"
                            + " select action, actor, at, detail, outcome, target from audit_entry where actor = ?",
                    SEED_ACTOR);
        }
        assertThat(jdbc.queryForObject("select count(*) from audit_entry where actor = ?", Long.class, SEED_ACTOR))
                .isEqualTo(8_192L);
    }

    /** A download whose client takes a few bytes, then stops reading (a tiny receive window). */
    Socket startSlowDownload(String path, String cookies) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(2048);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress("localhost", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nCookie: " + cookies
                        + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** The response's head and the first bytes of its body, read one byte at a time. */
    static String readHeadAndSome(Socket socket, int bodyBytes) throws Exception {
        InputStream in = socket.getInputStream();
        StringBuilder read = new StringBuilder();
        int body = -1;
        while (body < bodyBytes) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            read.append((char) b);
            if (body >= 0) {
                body++;
            } else if (read.length() >= 4 && read.lastIndexOf("\r\n\r\n") == read.length() - 4) {
                body = 0;
            }
        }
        return read.toString();
    }

    /**
     * Signs in through the form post and opens the dashboard route in that session, as a browser does: the page
     * comes with the dashboard view already built (Vaadin's first render, which reads the history). Milliseconds
     * each took: {sign-in, dashboard}.
     */
    long[] signInAndOpenTheDashboard() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        long start = System.nanoTime();
        HttpResponse<Void> signIn = client.send(
                HttpRequest.newBuilder(URI.create(base() + "/login"))
                        .timeout(Duration.ofSeconds(40))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=slow-download-reader&password=slow-download-password-1"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        long signedIn = System.nanoTime();
        assertThat(signIn.statusCode()).as("sign-in").isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        HttpResponse<String> page = client.send(
                HttpRequest.newBuilder(URI.create(base() + "/"))
                        .timeout(Duration.ofSeconds(40))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("dashboard page").isEqualTo(200);
        // what the page's script does next, as Vaadin's client does it: make the UI, then navigate it to the route
        HttpResponse<String> ui = client.send(
                HttpRequest.newBuilder(URI.create(base() + "/?v-r=init&location=&query="))
                        .timeout(Duration.ofSeconds(40))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).as("the page's UI").isEqualTo(200);
        String uiId = find(ui.body(), "\"v-uiId\":(\\d+)");
        String key = find(ui.body(), "\"Vaadin-Security-Key\":\"([^\"]+)\"");
        HttpResponse<String> dashboard = client.send(
                HttpRequest.newBuilder(URI.create(base() + "/?v-r=uidl&v-uiId=" + uiId))
                        .timeout(Duration.ofSeconds(40))
                        .header("Content-Type", "application/json; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"csrfToken\":\"" + key
                                + "\",\"rpc\":[{\"type\":\"event\",\"node\":1,\"event\":\"ui-navigate\","
                                + "\"data\":{\"route\":\"\",\"query\":\"\",\"appShellTitle\":\"\","
                                + "\"historyState\":{\"idx\":0},\"trigger\":\"\"}}],\"syncId\":0,\"clientId\":0}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long shown = System.nanoTime();
        assertThat(dashboard.statusCode()).as("dashboard").isEqualTo(200);
        assertThat(dashboard.body()).as("the dashboard view, built").contains("factory-grid");
        return new long[] {
            TimeUnit.NANOSECONDS.toMillis(signedIn - start), TimeUnit.NANOSECONDS.toMillis(shown - signedIn)
        };
    }

    static String find(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        return m.group(1);
    }
}
