package io.meshportal.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.fleet.FleetService;
import io.meshportal.security.AccessTokenService;
import io.meshportal.security.Role;
import io.meshportal.security.UserService;
import io.meshportal.security.Viewer;
import io.meshportal.support.TempDataDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP API over real HTTP against the running portal and its SQLite file: every operation for the callers
 * it must serve and refuse (three roles, none, expired, revoked, disabled, garbage), bad input answered in JSON,
 * every call audited with its token's name, and an OpenAPI document that lists exactly the served operations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiEndToEndTest extends TempDataDir {

    static final Viewer ADMIN = new Viewer("admin", Role.ADMIN, null);
    static final Viewer OFFICE = new Viewer("office", Role.OFFICE_MANAGER, null);
    static final Viewer BERLIN = new Viewer("manager-berlin-1", Role.FACTORY_MANAGER, "berlin-1");

    @LocalServerPort
    int port;

    @Autowired
    AccessTokenService tokens;

    @Autowired
    UserService users;

    @Autowired
    FleetService fleet;

    @Autowired
    AuditLog audit;

    @Autowired
    tools.jackson.databind.json.JsonMapper appJson;

    @Autowired
    io.meshportal.alerts.AlertService alerts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();
    final Map<String, String> callers = new LinkedHashMap<>();

    @BeforeAll
    void tokens() {
        callers.put("admin", tokens.create(ADMIN, "ci-admin", 30).secret());
        callers.put("office", tokens.create(OFFICE, "ci-office", 30).secret());
        callers.put("berlin", tokens.create(BERLIN, "ci-berlin", 30).secret());
        callers.put("none", null);
        String expired = tokens.create(OFFICE, "old", 7).secret();
        jdbc.update("update access_token set expires_at = created_at where name = 'old'");
        callers.put("expired", expired);
        var revoked = tokens.create(OFFICE, "revoked", 7);
        tokens.revoke(OFFICE, revoked.token().id());
        callers.put("revoked", revoked.secret());
        callers.put("garbage", "mpat_not-a-token");
    }

    /** The factory the matrix made goes again, so later tests in this context see the fleet they expect. */
    @org.junit.jupiter.api.AfterAll
    void removeMadeFactory() throws Exception {
        for (int i = 0; i < 100 && !fleet.exists("api-made"); i++) {
            Thread.sleep(100); // made in the background after the 202
        }
        if (fleet.exists("api-made")) {
            fleet.delete(ADMIN, "api-made", io.meshportal.fleet.Progress.NONE)
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Operation × caller → status, as the UI allows it (factory managers: their own factory only). */
    @Test
    void authorizationMatrix() throws Exception {
        String cluster = fleet.clusters(OFFICE).getFirst().name();
        record Op(String method, String path, String body, Map<String, Integer> expected) {}
        Map<String, Integer> everyone = Map.of("admin", 200, "office", 200, "berlin", 200);
        Map<String, Integer> office = Map.of("admin", 200, "office", 200, "berlin", 403);
        List<Op> ops = List.of(
                new Op("GET", "/api/v1/factories", null, everyone),
                new Op("GET", "/api/v1/factories/berlin-1", null, everyone),
                new Op("GET", "/api/v1/factories/lyon-1", null, office),
                new Op("GET", "/api/v1/factories/berlin-1/telemetry", null, everyone),
                new Op("GET", "/api/v1/factories/lyon-1/telemetry", null, office),
                new Op("GET", "/api/v1/factories/berlin-1/history", null, everyone),
                new Op("GET", "/api/v1/factories/berlin-1/events", null, everyone),
                new Op("GET", "/api/v1/factories/lyon-1/events", null, office),
                new Op("GET", "/api/v1/factories/berlin-1/manifests", null, everyone),
                new Op("GET", "/api/v1/factories/lyon-1/manifests", null, office),
                new Op("GET", "/api/v1/manifests", null, everyone),
                new Op("GET", "/api/v1/factories/lyon-1/history", null, office),
                new Op("GET", "/api/v1/factories/berlin-1/history/versions", null, everyone),
                new Op("GET", "/api/v1/factories/berlin-1/history?by=product", null, everyone),
                new Op("GET", "/api/v1/factories/lyon-1/history?by=product", null, office),
                new Op(
                        "GET",
                        "/api/v1/factories/berlin-1/history?by=nonsense",
                        null,
                        Map.of("admin", 400, "office", 400, "berlin", 400)),
                new Op("GET", "/api/v1/factories/lyon-1/history/versions", null, office),
                new Op("GET", "/api/v1/factories/berlin-1/mesh-policy", null, everyone),
                new Op("GET", "/api/v1/factories/lyon-1/mesh-policy", null, office),
                new Op("GET", "/api/v1/factories/berlin-1/calendar", null, everyone),
                new Op("GET", "/api/v1/factories/lyon-1/calendar", null, office),
                // a factory's manager sets their own factory's shifts; nobody else's
                new Op("PUT", "/api/v1/factories/berlin-1/calendar", threeShifts("Europe/Berlin"), everyone),
                new Op("PUT", "/api/v1/factories/lyon-1/calendar", threeShifts("Europe/Paris"), office),
                new Op("GET", "/api/v1/alerts", null, everyone),
                new Op("GET", "/api/v1/alert-rules", null, everyone),
                new Op("GET", "/api/v1/audit", null, office),
                new Op(
                        "PUT",
                        "/api/v1/factories/berlin-1/replicas",
                        "{\"replicas\":1}",
                        Map.of("admin", 202, "office", 202, "berlin", 202)),
                new Op(
                        "PUT",
                        "/api/v1/factories/lyon-1/replicas",
                        "{\"replicas\":1}",
                        Map.of("admin", 202, "office", 202, "berlin", 403)),
                new Op(
                        "PUT",
                        "/api/v1/factories/lyon-1/autoscaling",
                        "{\"minReplicas\":null,\"maxReplicas\":null}",
                        Map.of("admin", 202, "office", 202, "berlin", 403)),
                // the administrator goes first and makes it; the office's identical request then finds the id taken
                new Op(
                        "POST",
                        "/api/v1/factories",
                        "{\"id\":\"api-made\",\"name\":\"Made by API\",\"country\":\"DE\",\"cluster\":\"" + cluster
                                + "\",\"mix\":\"FURNITURE\",\"capacity\":2,\"replicas\":1}",
                        // the administrator goes first and makes it; the office's same request finds the id taken
                        Map.of("admin", 202, "office", 400, "berlin", 403)),
                new Op(
                        "DELETE",
                        "/api/v1/alert-rules/999999",
                        null,
                        // deleting is idempotent, as in the UI; a factory manager may not edit rules at all
                        Map.of("admin", 204, "office", 204, "berlin", 403)),
                // past authorization and refused as input ("allow" in the UI's matrix): 400; not allowed: 403
                new Op("DELETE", "/api/v1/factories/no-such", null, Map.of("admin", 400, "office", 400, "berlin", 403)),
                new Op(
                        "POST",
                        "/api/v1/factories/no-such/restart",
                        null,
                        Map.of("admin", 400, "office", 400, "berlin", 403)),
                new Op("POST", "/api/v1/alert-rules", "{}", Map.of("admin", 400, "office", 400, "berlin", 403)),
                new Op(
                        "PUT",
                        "/api/v1/alert-rules/999999",
                        "{\"name\":\"\"}",
                        Map.of("admin", 400, "office", 400, "berlin", 403)),
                new Op(
                        "PUT",
                        "/api/v1/factories/lyon-1/mesh-policy",
                        badPolicy(),
                        Map.of("admin", 400, "office", 400, "berlin", 403)),
                // an alert that does not exist is refused like one of another factory: no probing
                new Op(
                        "POST",
                        "/api/v1/alerts/999999/acknowledge",
                        null,
                        Map.of("admin", 403, "office", 403, "berlin", 403)));
        List<String> wrong = new java.util.ArrayList<>();
        for (Op op : ops) {
            for (var caller : callers.entrySet()) {
                int expected = op.expected().getOrDefault(caller.getKey(), 401);
                HttpResponse<String> answer = call(op.method(), op.path(), op.body(), caller.getValue());
                if (answer.statusCode() != expected) {
                    wrong.add(op.method() + " " + op.path() + " as " + caller.getKey() + ": " + answer.statusCode()
                            + " (expected " + expected + ") " + answer.body());
                }
                // JSON throughout, errors included; the manifests as YAML or a zip when they are answered
                String type = answer.statusCode() != 200 || !op.path().endsWith("manifests")
                        ? "application/json"
                        : op.path().startsWith("/api/v1/factories/") ? "application/yaml" : "application/zip";
                assertThat(answer.headers().firstValue("Content-Type").orElse("application/json"))
                        .as(op.method() + " " + op.path() + " as " + caller.getKey())
                        .startsWith(type);
                assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty(); // no session for token calls
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void alertsAreAcknowledgedWithinTheCallersScope() throws Exception {
        long lyon = alerts.notice("API test", io.meshportal.alerts.Severity.WARNING, "lyon-1", "lyon-1")
                .id();
        long berlin = alerts.notice("API test", io.meshportal.alerts.Severity.WARNING, "berlin-1", "berlin-1")
                .id();
        assertThat(call("POST", "/api/v1/alerts/" + lyon + "/acknowledge", null, callers.get("berlin"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/api/v1/alerts/" + berlin + "/acknowledge", null, callers.get("berlin"))
                        .statusCode())
                .isEqualTo(204);
        assertThat(call("POST", "/api/v1/alerts/" + lyon + "/acknowledge", null, callers.get("office"))
                        .statusCode())
                .isEqualTo(204);
        JsonNode listed = json.readTree(
                call("GET", "/api/v1/alerts", null, callers.get("berlin")).body());
        assertThat(listed.valueStream().map(a -> a.get("factoryId").asString())).doesNotContain("lyon-1");
        assertThat(listed.valueStream().filter(a -> a.get("id").asLong() == berlin))
                .singleElement()
                .satisfies(a -> assertThat(a.get("acknowledgedBy").asString()).isEqualTo("manager-berlin-1"));
    }

    /** What a pipeline takes to a cluster or a GitOps repository: YAML per factory, the fleet as a kustomization. */
    @Test
    void manifestsComeAsYamlAndTheFleetAsAKustomizationWithinTheCallersScope() throws Exception {
        HttpResponse<String> yaml = call("GET", "/api/v1/factories/berlin-1/manifests", null, callers.get("berlin"));
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body())
                .contains("kind: Deployment")
                .contains("name: factory-berlin-1")
                .contains("---");
        assertError(call("GET", "/api/v1/factories/no-such/manifests", null, callers.get("office")), 404, "not_found");
        HttpResponse<byte[]> zip = http.send(
                request("/api/v1/manifests", callers.get("berlin")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        java.util.List<String> entries = new java.util.ArrayList<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        // a factory manager's fleet is their own factory
        assertThat(entries).contains("kustomization.yaml", "berlin-1/kustomization.yaml", "berlin-1/deployment.yaml");
        assertThat(entries).noneMatch(e -> e.startsWith("lyon-1/"));
    }

    @Test
    void aFactoryManagerSeesOnlyTheirFactory() throws Exception {
        JsonNode list = json.readTree(
                call("GET", "/api/v1/factories", null, callers.get("berlin")).body());
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("id").asString()).isEqualTo("berlin-1");
        JsonNode all = json.readTree(
                call("GET", "/api/v1/factories", null, callers.get("office")).body());
        assertThat(all.size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void badInputIsAnsweredInJsonWithTheFormsMessages() throws Exception {
        String office = callers.get("office");
        var invalid =
                call("POST", "/api/v1/factories", "{\"id\":\"Bad Id\",\"name\":\"\",\"country\":\"germany\"}", office);
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(invalid.body());
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("fields").get("name").asString()).isEqualTo("Give the factory a name");
        assertThat(body.get("fields").get("country").asString()).isEqualTo("Two upper-case letters, e.g. DE");
        assertThat(body.get("fields").has("id")).isTrue();

        assertError(call("POST", "/api/v1/factories", "{\"id\": ", office), 400, "malformed");
        assertError(call("POST", "/api/v1/factories", "[1,2]", office), 400, "malformed");
        // every body-taking operation: JSON null, an empty object, wrong types — never a 5xx
        for (String[] op : new String[][] {
            {"POST", "/api/v1/factories"},
            {"PUT", "/api/v1/factories/berlin-1/replicas"},
            {"PUT", "/api/v1/factories/berlin-1/autoscaling"},
            {"POST", "/api/v1/alert-rules"},
            {"PUT", "/api/v1/alert-rules/1"},
            {"PUT", "/api/v1/factories/berlin-1/mesh-policy"},
            {"PUT", "/api/v1/factories/berlin-1/calendar"}
        }) {
            for (String sent : List.of("null", "{}", "\"text\"", "{\"name\":{}}", "", "{\"replicas\":1e400}")) {
                var answer = call(op[0], op[1], sent, office);
                assertThat(answer.statusCode())
                        .as(op[0] + " " + op[1] + " with " + sent + ": " + answer.body())
                        .isIn(400, 202);
                assertThat(answer.body()).doesNotContain("Exception");
            }
        }
        var unknown = call("PUT", "/api/v1/factories/berlin-1/replicas", "{\"replicas\":2,\"colour\":\"red\"}", office);
        assertError(unknown, 400, "invalid");
        assertThat(json.readTree(unknown.body()).get("fields").has("colour")).isTrue();
        assertError(call("PUT", "/api/v1/factories/berlin-1/replicas", "{\"replicas\":99}", office), 400, "invalid");
        assertError(
                call("PUT", "/api/v1/factories/berlin-1/replicas", "{\"replicas\":\"many\"}", office),
                400,
                "malformed");
        String huge = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
        assertError(call("POST", "/api/v1/factories", huge, office), 413, "too_large");
        assertError(
                send(request("/api/v1/factories", office)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))),
                415,
                "unsupported_media_type");
        assertError(call("DELETE", "/api/v1/alert-rules/not-a-number", null, office), 400, "invalid");
        assertError(call("GET", "/api/v1/alerts?limit=0", null, office), 400, "invalid");
        assertError(call("GET", "/api/v1/factories/berlin-1/history?from=yesterday", null, office), 400, "invalid");
        assertError(call("GET", "/api/v1/factories/no-such", null, office), 404, "not_found");
        assertError(call("GET", "/api/v1/factories", null, "Basic b2ZmaWNlOng="), 401, "invalid_token");
        assertError(call("GET", "/api/v1/factories", null, "mpat_" + "a".repeat(500)), 401, "invalid_token");
        assertError(call("PATCH", "/api/v1/factories", "{}", office), 404, "not_found");
        assertError(call("GET", "/api/v1/no-such-thing", null, office), 404, "not_found");
        assertError(call("GET", "/api/v2/factories", null, office), 404, "not_found");
    }

    /** The factory's shifts and zone: stored as sent and read back; refused by field, and then nothing stored. */
    @Test
    void aCalendarIsReadBackAsStoredAndBadOnesAreRefusedByField() throws Exception {
        String berlin = callers.get("berlin");
        String twelveHours = "{\"zone\":\"Europe/Berlin\",\"shifts\":["
                + "{\"name\":\"Day\",\"start\":\"06:00\",\"minutes\":720,"
                + "\"breaks\":[{\"start\":\"12:00\",\"minutes\":30}]},"
                + "{\"name\":\"Night\",\"start\":\"18:00\",\"minutes\":720}]}";
        try {
            assertThat(call("PUT", "/api/v1/factories/berlin-1/calendar", twelveHours, berlin)
                            .statusCode())
                    .isEqualTo(200);
            JsonNode read = json.readTree(call("GET", "/api/v1/factories/berlin-1/calendar", null, berlin)
                    .body());
            assertThat(read.get("zone").asString()).isEqualTo("Europe/Berlin");
            assertThat(read.get("custom").asBoolean()).isTrue();
            assertThat(read.get("shifts").size()).isEqualTo(2);
            assertThat(read.at("/shifts/0/start").asString()).isEqualTo("06:00");
            assertThat(read.at("/shifts/0/breaks/0/start").asString()).isEqualTo("12:00");
            assertThat(read.at("/shifts/1/minutes").asInt()).isEqualTo(720);
            assertThat(read.get("today").size()).isEqualTo(2);
            assertThat(read.at("/today/0/plannedMinutes").asLong()).isEqualTo(690);
            assertThat(read.at("/today/0/start").asString()).contains("T06:00");

            var refused = call(
                    "PUT",
                    "/api/v1/factories/berlin-1/calendar",
                    "{\"zone\":\"Mars/Olympus\",\"shifts\":[{\"name\":\"A\",\"start\":\"06:00\",\"minutes\":600},"
                            + "{\"name\":\"B\",\"start\":\"14:00\",\"minutes\":840}]}",
                    berlin);
            assertError(refused, 400, "invalid");
            JsonNode fields = json.readTree(refused.body()).get("fields");
            assertThat(fields.get("zone").asString())
                    .isEqualTo("An IANA time zone such as Europe/Berlin; \"Mars/Olympus\" is not one");
            assertThat(fields.get("shifts[1].start").asString())
                    .isEqualTo("Overlaps shift A: it should start at 16:00");
            var gap = call(
                    "PUT",
                    "/api/v1/factories/berlin-1/calendar",
                    "{\"zone\":\"Europe/Berlin\",\"shifts\":[{\"name\":\"A\",\"start\":\"06:00\",\"minutes\":480},"
                            + "{\"name\":\"B\",\"start\":\"15:00\",\"minutes\":900}]}",
                    berlin);
            assertThat(gap.statusCode()).isEqualTo(400);
            assertThat(json.readTree(gap.body())
                            .get("fields")
                            .get("shifts[1].start")
                            .asString())
                    .isEqualTo("Leaves a gap after shift A: it should start at 14:00");
            var unreadable = call(
                    "PUT",
                    "/api/v1/factories/berlin-1/calendar",
                    "{\"zone\":\"Europe/Berlin\",\"shifts\":[{\"name\":\"A\",\"start\":\"six\",\"minutes\":1440}]}",
                    berlin);
            assertThat(json.readTree(unreadable.body())
                            .get("fields")
                            .get("shifts[0].start")
                            .asString())
                    .isEqualTo("A time of day as HH:mm, like 06:00");
            // none of them stored anything
            JsonNode after = json.readTree(call("GET", "/api/v1/factories/berlin-1/calendar", null, berlin)
                    .body());
            assertThat(after.get("shifts")).isEqualTo(read.get("shifts"));
            assertError(
                    call("GET", "/api/v1/factories/no-such/calendar", null, callers.get("office")), 404, "not_found");
            assertError(
                    call("PUT", "/api/v1/factories/no-such/calendar", threeShifts("UTC"), callers.get("office")),
                    404,
                    "not_found");
        } finally {
            call("PUT", "/api/v1/factories/berlin-1/calendar", threeShifts("Europe/Berlin"), berlin);
        }
    }

    /** The default calendar in the API's words, in the given zone. */
    static String threeShifts(String zone) {
        return "{\"zone\":\"" + zone + "\",\"shifts\":["
                + "{\"name\":\"Early\",\"start\":\"06:00\",\"minutes\":480,\"breaks\":[{\"start\":\"10:00\",\"minutes\":30}]},"
                + "{\"name\":\"Late\",\"start\":\"14:00\",\"minutes\":480,\"breaks\":[{\"start\":\"18:00\",\"minutes\":30}]},"
                + "{\"name\":\"Night\",\"start\":\"22:00\",\"minutes\":480,\"breaks\":[{\"start\":\"02:00\",\"minutes\":30}]}]}";
    }

    @Test
    void callsAreAuditedWithTheTokensName() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        assertThat(call("GET", "/api/v1/alert-rules", null, callers.get("berlin"))
                        .statusCode())
                .isEqualTo(200);
        List<AuditRecord> entries = audit.between(OFFICE, before, Instant.now().plusSeconds(1), 100);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("manager-berlin-1");
            assertThat(e.target()).isEqualTo("GET /api/v1/alert-rules");
            assertThat(e.detail()).contains("token 'ci-berlin'").contains("status 200");
        });
    }

    @Test
    void aDisabledAccountsTokensStopAndADeletedAccountsGo() throws Exception {
        users.create(ADMIN, "api-temp", Role.OFFICE_MANAGER, null);
        Viewer temp = new Viewer("api-temp", Role.OFFICE_MANAGER, null);
        String secret = tokens.create(temp, "temp", 7).secret();
        assertThat(call("GET", "/api/v1/factories", null, secret).statusCode()).isEqualTo(200);
        users.setEnabled(ADMIN, "api-temp", false);
        assertThat(call("GET", "/api/v1/factories", null, secret).statusCode()).isEqualTo(401);
        users.setEnabled(ADMIN, "api-temp", true);
        assertThat(call("GET", "/api/v1/factories", null, secret).statusCode()).isEqualTo(200);
        users.delete(ADMIN, "api-temp");
        assertThat(jdbc.queryForObject("select count(*) from access_token where username = 'api-temp'", Integer.class))
                .isZero();
        assertThat(call("GET", "/api/v1/factories", null, secret).statusCode()).isEqualTo(401);
    }

    @Test
    void tokensAreStoredAsDigestsAndShownOnce() {
        var made = tokens.create(ADMIN, "digest-check", 90);
        assertThat(made.secret()).startsWith("mpat_").hasSizeGreaterThan(40);
        String stored =
                jdbc.queryForObject("select secret_digest from access_token where name = 'digest-check'", String.class);
        assertThat(stored).hasSize(64).doesNotContain(made.secret().substring(5, 15));
        assertThat(tokens.mine(ADMIN)).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("digest-check");
            assertThat(Duration.between(t.createdAt(), t.expiresAt())).isEqualTo(Duration.ofDays(90));
        });
        assertThat(tokens.mine(OFFICE)).noneMatch(t -> t.name().equals("digest-check"));
    }

    /** The published document is OpenAPI 3 and lists exactly the operations the portal serves under /api/v1. */
    @Test
    void openApiDocumentMatchesTheServedOperations() throws Exception {
        var answer = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/openapi.json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode doc = json.readTree(answer.body());
        assertThat(doc.get("openapi").asString()).startsWith("3.");
        assertThat(doc.get("info").get("title").asString()).isEqualTo("MeshPortal API");
        assertThat(doc.at("/components/securitySchemes/token/scheme").asString())
                .isEqualTo("bearer");
        Set<String> documented = new TreeSet<>();
        doc.get("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    documented.add(op.getKey().toUpperCase() + " " + path.getKey());
                    assertThat(op.getValue().has("responses")).as(path.getKey()).isTrue();
                }));
        Set<String> served = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> m :
                mappings.getHandlerMethods().entrySet()) {
            if (!m.getValue().getBeanType().getPackageName().equals(ApiError.class.getPackageName())
                    || m.getValue().getBeanType() == ApiFallback.class) {
                continue;
            }
            for (String pattern : m.getKey().getPatternValues()) {
                m.getKey().getMethodsCondition().getMethods().forEach(method -> served.add(method + " " + pattern));
            }
        }
        assertThat(served).hasSizeGreaterThanOrEqualTo(17);
        assertThat(documented).isEqualTo(served);
    }

    /** The default policy as the API writes it, with a retry count the form would refuse. */
    private String badPolicy() {
        var node =
                (tools.jackson.databind.node.ObjectNode) appJson.valueToTree(io.meshportal.mesh.MeshPolicy.defaults());
        node.put("retryAttempts", -1);
        return node.toString();
    }

    private void assertError(HttpResponse<String> answer, int status, String error) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        JsonNode body = json.readTree(answer.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asString()).isEqualTo(error);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = request(path, token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        if (token != null) {
            request.header("Authorization", token.startsWith("Basic ") ? token : "Bearer " + token);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
