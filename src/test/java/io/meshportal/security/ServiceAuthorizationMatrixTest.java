package io.meshportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.AlertView;
import io.meshportal.alerts.RuleKind;
import io.meshportal.alerts.RuleSpec;
import io.meshportal.alerts.RuleView;
import io.meshportal.alerts.Severity;
import io.meshportal.audit.AuditLog;
import io.meshportal.backup.BackupService;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.ProductMix;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Workload;
import io.meshportal.mesh.MeshOverviewRow;
import io.meshportal.mesh.MeshPolicy;
import io.meshportal.mesh.MeshService;
import io.meshportal.security.AuthorizationTable.Outcome;
import io.meshportal.support.TempDataDir;
import io.meshportal.telemetry.FactoryTelemetry;
import io.meshportal.telemetry.TelemetryService;
import io.meshportal.telemetry.TelemetryUpdate;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Service;

/**
 * Every public method of every service × admin, office manager, manager of A (berlin-1), manager of B (lyon-1)
 * and anonymous (a null caller), against the real embedded fleet and SQLite file, as the table
 * {@code authorization-matrix.txt} says. A service method without a row there, or a row without a call here,
 * fails the test: a new method cannot skip the question of who may call it.
 */
@SpringBootTest
class ServiceAuthorizationMatrixTest extends TempDataDir {

    static final String A = "berlin-1";
    static final Duration MINUTE = Duration.ofMinutes(1);

    /** How to call one method as a given caller, and which factories an answer mentions (for "own"). */
    record Call(Invocation invoke, Function<Object, Collection<String>> factories) {}

    interface Invocation {
        Object call(Viewer viewer, String who) throws Exception;
    }

    @Autowired
    TestUsers users;

    @Autowired
    TelemetryService telemetry;

    @Autowired
    FleetService fleet;

    @Autowired
    io.meshportal.rollout.RolloutService rollouts;

    @Autowired
    io.meshportal.telemetry.HistoryService history;

    @Autowired
    RegistrationService registration;

    @Autowired
    io.meshportal.calendar.CalendarService calendar;

    @Autowired
    MeshService mesh;

    @Autowired
    io.meshportal.manifests.ManifestService manifests;

    @Autowired
    io.meshportal.mesh.MeshSignalsService signals;

    @Autowired
    AlertService alerts;

    @Autowired
    AuditLog audit;

    @Autowired
    UserService userService;

    @Autowired
    BackupService backups;

    @Autowired
    io.meshportal.security.AccessTokenService accessTokens;

    final List<Long> rulesToRemove = new ArrayList<>();
    Viewer admin;

    @AfterEach
    void removeRules() {
        rulesToRemove.forEach(id -> alerts.deleteRule(admin, id));
    }

    @Test
    void everyServiceMethodHasARowAndEveryRowACall() {
        AuthorizationTable table = AuthorizationTable.load();
        Set<String> declared = new TreeSet<>();
        Set<String> takingAViewer = new TreeSet<>();
        for (Class<?> service : services()) {
            for (Method m : service.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !Modifier.isStatic(m.getModifiers())) {
                    String name = service.getSimpleName() + "." + m.getName();
                    declared.add(name);
                    if (Arrays.asList(m.getParameterTypes()).contains(Viewer.class)) {
                        takingAViewer.add(name);
                    }
                }
            }
        }
        Set<String> serviceRows = names(table.of("service"));
        Set<String> systemRows = names(table.of("system"));
        assertThat(union(serviceRows, systemRows))
                .as("rows for public service methods")
                .isEqualTo(declared);
        assertThat(serviceRows).as("methods acting for a caller take a Viewer").isEqualTo(takingAViewer);
        assertThat(table.of("system"))
                .allSatisfy(r -> assertThat(r.reason()).as(r.target()).isNotBlank());
        assertThat(calls(Map.of()).keySet()).isEqualTo(serviceRows);
    }

    @Test
    void everyCallerGetsExactlyWhatTheTableSays() throws Exception {
        Map<String, Viewer> viewers = viewers();
        admin = viewers.get("admin");
        // data each row needs: live telemetry, alert rules scoped to A and B, an alert firing on A
        Awaitility.await()
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> telemetry.current(admin).factories().stream()
                                .filter(f -> f.latest() != null)
                                .count()
                        >= 4);
        rulesToRemove.add(alerts.saveRule(admin, null, rule("matrix-a", RuleKind.OUTPUT_RATE_BELOW, 0, A))
                .id());
        rulesToRemove.add(alerts.saveRule(admin, null, rule("matrix-b", RuleKind.OUTPUT_RATE_BELOW, 0, "lyon-1"))
                .id());
        rulesToRemove.add(alerts.saveRule(admin, null, rule("matrix-stock", RuleKind.STOCK_BELOW, 1e12, null))
                .id());
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> alerts.history(admin, 500).stream()
                .anyMatch(a ->
                        a.active() && A.equals(a.factoryId()) && a.ruleName().equals("matrix-stock")));

        Map<String, Call> calls = calls(viewers);
        List<String> wrong = new ArrayList<>();
        for (AuthorizationTable.Row row : AuthorizationTable.load().of("service")) {
            for (String who : AuthorizationTable.WHO) {
                Outcome expected = row.expected().get(who);
                String got = outcome(calls.get(row.target()), viewers.get(who), who, expected);
                if (got != null) {
                    wrong.add(row.target() + " as " + who + ": expected " + expected + ", got " + got);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** Null when the call ended as expected, otherwise what happened instead. */
    private static String outcome(Call call, Viewer viewer, String who, Outcome expected) {
        Object answer;
        try {
            answer = call.invoke().call(viewer, who);
            if (answer instanceof CompletableFuture<?> change) {
                answer = change.get(30, TimeUnit.SECONDS);
            }
        } catch (AccessDeniedException denied) {
            return expected == Outcome.DENY ? null : "denied (" + denied.getMessage() + ")";
        } catch (Exception refusedForOtherReasons) {
            // past authorization, refused as bad input or unsupported here: that is an "allow"
            Throwable cause =
                    refusedForOtherReasons instanceof CompletionException c ? c.getCause() : refusedForOtherReasons;
            if (cause instanceof AccessDeniedException denied) {
                return expected == Outcome.DENY ? null : "denied (" + denied.getMessage() + ")";
            }
            answer = null;
        }
        return switch (expected) {
            case DENY -> "allowed";
            case ALLOW -> null;
            case NONE ->
                answer instanceof Collection<?> c && c.isEmpty()
                        ? null
                        : "an answer: "
                                + String.valueOf(answer)
                                        .substring(
                                                0,
                                                Math.min(
                                                        160,
                                                        String.valueOf(answer).length()));
            case OWN -> {
                Collection<String> seen = call.factories() == null || answer == null
                        ? List.of()
                        : call.factories().apply(answer);
                String own = viewer.factoryId();
                yield !seen.isEmpty() && seen.stream().allMatch(own::equals) ? null : "factories " + seen;
            }
        };
    }

    private Map<String, Call> calls(Map<String, Viewer> viewers) {
        Map<String, Call> c = new LinkedHashMap<>();
        Function<Object, Collection<String>> updateIds = u -> ((TelemetryUpdate) u)
                .factories().stream().map(FactoryTelemetry::id).toList();
        c.put("TelemetryService.current", new Call((v, w) -> telemetry.current(v), updateIds));
        c.put("TelemetryService.factory", call((v, w) -> telemetry.factory(v, A)));
        c.put("TelemetryService.history", call((v, w) -> telemetry.history(v, A, MINUTE)));
        c.put("TelemetryService.fleetHistory", call((v, w) -> telemetry.fleetHistory(v, MINUTE)));
        c.put(
                "TelemetryService.subscribe",
                new Call(
                        (v, w) -> {
                            var first = new LinkedBlockingQueue<TelemetryUpdate>();
                            var registration = telemetry.subscribe(v, first::offer);
                            try {
                                return first.poll(5, TimeUnit.SECONDS);
                            } finally {
                                registration.remove();
                            }
                        },
                        updateIds));
        io.meshportal.telemetry.HistoryRange hour = new io.meshportal.telemetry.HistoryRange(
                java.time.Instant.now().minus(java.time.Duration.ofHours(1)), java.time.Instant.now());
        // yesterday: a production day that has begun in every zone
        java.time.LocalDate today =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1);
        c.put("HistoryService.chart", call((v, w) -> history.chart(v, List.of(A), hour, 10)));
        c.put("HistoryService.totals", call((v, w) -> history.totals(v, List.of(A), hour)));
        c.put("HistoryService.shifts", call((v, w) -> history.shifts(v, A, today)));
        c.put("HistoryService.today", call((v, w) -> history.today(v, A)));
        c.put("HistoryService.exportChart", call((v, w) -> {
            history.exportChart(v, List.of(A), hour, new java.io.StringWriter());
            return null;
        }));
        c.put("HistoryService.versionMinutes", call((v, w) -> history.versionMinutes(v, A, hour)));
        c.put("HistoryService.productChart", call((v, w) -> history.productChart(v, List.of(A), hour, 10)));
        c.put("HistoryService.productTotals", call((v, w) -> history.productTotals(v, List.of(A), hour)));
        c.put("HistoryService.exportProducts", call((v, w) -> {
            history.exportProducts(v, List.of(A), hour, new java.io.StringWriter());
            return null;
        }));
        c.put("HistoryService.exportShifts", call((v, w) -> {
            history.exportShifts(v, A, today, new java.io.StringWriter());
            return null;
        }));
        c.put("TelemetryService.whenReporting", call((v, w) -> {
            var reported = new java.util.concurrent.CountDownLatch(1);
            var registration = telemetry.whenReporting(v, A, reported::countDown);
            try {
                return reported.await(5, TimeUnit.SECONDS) ? "reported" : null;
            } finally {
                registration.remove();
            }
        }));
        c.put("CalendarService.get", call((v, w) -> calendar.get(v, A)));
        // the value A has by default (its country's zone, three shifts): allowed callers change nothing
        c.put(
                "CalendarService.set",
                call((v, w) ->
                        calendar.set(v, A, "Europe/Berlin", io.meshportal.calendar.ShiftCalendar.threeShifts())));
        c.put("FleetService.subscribe", call((v, w) -> {
            fleet.subscribe(v, () -> {}).remove();
            return null;
        }));
        c.put(
                "FleetService.workloads",
                new Call((v, w) -> fleet.workloads(v), l -> ids(l, x -> ((Workload) x).factoryId())));
        c.put("FleetService.clusters", call((v, w) -> fleet.clusters(v)));
        // creations by the allowed roles are deleted again by the delete row (rows run in table order)
        c.put(
                "FleetService.create",
                call((v, w) -> fleet.create(
                        v,
                        new NewFactory(
                                "matrix-" + w.toLowerCase(), "Matrix " + w, "NO", "local", ProductMix.TABLES, 3, 1),
                        Progress.NONE)));
        c.put("FleetService.scale", call((v, w) -> fleet.scale(v, A, replicasOfA(), Progress.NONE)));
        c.put("FleetService.autoscale", call((v, w) -> fleet.autoscale(v, A, null)));
        c.put("FleetService.restart", call((v, w) -> fleet.restart(v, A, Progress.NONE)));
        c.put("FleetService.events", call((v, w) -> fleet.events(v, A)));
        c.put("FleetService.logSources", call((v, w) -> fleet.logSources(v, A)));
        c.put("FleetService.followLog", call((v, w) -> {
            io.meshportal.fleet.LogSource source = fleet.logSources(admin, A).getFirst();
            fleet.followLog(
                            v,
                            A,
                            source.name(),
                            io.meshportal.fleet.LogQuery.DEFAULT,
                            new io.meshportal.fleet.LogListener() {
                                @Override
                                public void lines(List<io.meshportal.fleet.LogLine> lines) {}

                                @Override
                                public void interrupted(String reason) {}

                                @Override
                                public void ended(String reason) {}
                            })
                    .run();
            return null;
        }));
        c.put("FleetService.delete", call((v, w) -> fleet.delete(v, "matrix-" + w.toLowerCase(), Progress.NONE)));
        c.put(
                "ManifestService.factories",
                new Call(
                        (v, w) -> manifests.factories(v), l -> ids(l, x -> ((io.meshportal.fleet.FactoryRef) x).id())));
        c.put("ManifestService.factory", call((v, w) -> manifests.factory(v, A)));
        c.put(
                "ManifestService.exportFleet",
                new Call(
                        (v, w) -> manifests.exportFleet(v, java.io.OutputStream.nullOutputStream()),
                        l -> ids(l, x -> (String) x)));
        c.put(
                "MeshService.overview",
                new Call((v, w) -> mesh.overview(v), l -> ids(l, x -> ((MeshOverviewRow) x).factoryId())));
        c.put("MeshService.state", call((v, w) -> mesh.state(v, A)));
        c.put("MeshService.configCluster", call((v, w) -> mesh.configCluster(v)));
        Function<Object, Collection<String>> signalIds = x -> ((io.meshportal.mesh.SignalsSnapshot) x)
                .factories().stream()
                        .map(io.meshportal.mesh.FactorySignals::factoryId)
                        .toList();
        c.put(
                "MeshSignalsService.current",
                new Call(
                        (v, w) -> {
                            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !signals.current(admin)
                                    .factories()
                                    .isEmpty());
                            return signals.current(v);
                        },
                        signalIds));
        c.put(
                "MeshSignalsService.subscribe",
                new Call(
                        (v, w) -> {
                            var first = new LinkedBlockingQueue<io.meshportal.mesh.SignalsSnapshot>();
                            var registration = signals.subscribe(v, first::offer);
                            try {
                                return first.poll(5, TimeUnit.SECONDS);
                            } finally {
                                registration.remove();
                            }
                        },
                        signalIds));
        c.put("MeshService.apply", call((v, w) -> {
            mesh.apply(v, A, MeshPolicy.defaults());
            return null;
        }));
        c.put(
                "AlertService.rules",
                new Call(
                        (v, w) -> alerts.rules(v),
                        l -> ids(l, x -> ((RuleView) x).spec().factoryId())));
        c.put("AlertService.saveRule", call((v, w) -> {
            RuleView saved = alerts.saveRule(v, null, rule("matrix-save-" + w, RuleKind.OUTPUT_RATE_BELOW, 0, A));
            rulesToRemove.add(saved.id());
            return saved;
        }));
        c.put("AlertService.setRuleEnabled", call((v, w) -> {
            alerts.setRuleEnabled(v, rulesToRemove.getFirst(), true);
            return null;
        }));
        c.put("AlertService.deleteRule", call((v, w) -> {
            long id = alerts.saveRule(admin, null, rule("matrix-delete-" + w, RuleKind.OUTPUT_RATE_BELOW, 0, A))
                    .id();
            rulesToRemove.add(id);
            alerts.deleteRule(v, id);
            rulesToRemove.remove(id);
            return null;
        }));
        c.put(
                "AlertService.history",
                new Call((v, w) -> alerts.history(v, 500), l -> ids(l, x -> ((AlertView) x).factoryId())));
        c.put("AlertService.activeUnacknowledged", call((v, w) -> alerts.activeUnacknowledged(v)));
        c.put("AlertService.acknowledge", call((v, w) -> {
            alerts.acknowledge(v, alertOnA());
            return null;
        }));
        c.put("AlertService.subscribe", call((v, w) -> {
            alerts.subscribe(v, a -> {}).remove();
            return null;
        }));
        c.put("AuditLog.recent", call((v, w) -> audit.recent(v, 10)));
        java.time.Instant dayAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(1));
        c.put("AuditLog.between", call((v, w) -> audit.between(v, dayAgo, java.time.Instant.now(), 10)));
        c.put("AuditLog.export", call((v, w) -> {
            audit.export(v, dayAgo, java.time.Instant.now(), new java.io.StringWriter());
            return null;
        }));
        // the one way services refuse a caller: it records the refusal and hands back the exception to throw
        c.put("AuditLog.denied", call((v, w) -> {
            throw audit.denied(v, io.meshportal.audit.AuditAction.OTHER, "matrix");
        }));
        c.put("UserService.list", call((v, w) -> userService.list(v)));
        c.put(
                "UserService.create",
                call((v, w) -> userService.create(v, "matrix-new-" + w.toLowerCase(), Role.OFFICE_MANAGER, null)));
        c.put("UserService.setEnabled", call((v, w) -> {
            userService.setEnabled(v, "matrix-target", true);
            return null;
        }));
        c.put("UserService.resetPassword", call((v, w) -> userService.resetPassword(v, "matrix-target")));
        c.put("UserService.changeAccess", call((v, w) -> {
            userService.changeAccess(v, "matrix-target", Role.OFFICE_MANAGER, null);
            return null;
        }));
        c.put("UserService.delete", call((v, w) -> {
            users.ensure("matrix-doomed", "irrelevant-password-md", Role.OFFICE_MANAGER, null);
            userService.delete(v, "matrix-doomed");
            return null;
        }));
        c.put("UserService.changeOwnPassword", call((v, w) -> {
            userService.changeOwnPassword(v, "not-the-current-one", "another-long-passphrase-9");
            return null;
        }));
        c.put("UserService.mustChangePassword", call((v, w) -> userService.mustChangePassword(v)));
        c.put("UserService.me", call((v, w) -> userService.me(v)));
        c.put("UserService.language", call((v, w) -> userService.language(v)));
        c.put("UserService.setLanguage", call((v, w) -> {
            userService.setLanguage(v, null); // the browser's: what every caller had before
            return null;
        }));
        c.put("UserService.mySessions", call((v, w) -> userService.mySessions(v, null)));
        c.put("AccessTokenService.mine", call((v, w) -> accessTokens.mine(v)));
        c.put("AccessTokenService.create", call((v, w) -> {
            accessTokens.revoke(
                    v,
                    accessTokens
                            .create(v, "matrix " + System.nanoTime(), 7)
                            .token()
                            .id());
            return null;
        }));
        // past authorization, refused as input (no such token of the caller's): an "allow"
        c.put("AccessTokenService.revoke", call((v, w) -> {
            accessTokens.revoke(v, -1);
            return null;
        }));
        c.put("RegistrationService.pending", call((v, w) -> registration.pending(v)));
        // past authorization, refused as input (no such request): an "allow"
        c.put("RegistrationService.approve", call((v, w) -> {
            registration.approve(v, -1, Role.OFFICE_MANAGER, null);
            return null;
        }));
        c.put("RegistrationService.reject", call((v, w) -> {
            registration.reject(v, -1);
            return null;
        }));
        // past authorization, refused as input (no such session): an "allow"
        c.put("UserService.endMySession", call((v, w) -> {
            userService.endMySession(v, "0000000000000000");
            return null;
        }));
        c.put("BackupService.backup", call((v, w) -> backups.backup(v)));
        c.put("BackupService.list", call((v, w) -> backups.list(v)));
        c.put("RolloutService.versions", call((v, w) -> rollouts.versions(v, A)));
        c.put("RolloutService.compare", call((v, w) -> rollouts.compare(v, A)));
        c.put("RolloutService.subscribe", call((v, w) -> {
            rollouts.subscribe(v, A, () -> {}).remove();
            return null;
        }));
        // the first allowed caller deploys a manual canary on A; the second is refused as "already running"
        c.put(
                "RolloutService.start",
                call((v, w) -> rollouts.start(
                        v,
                        A,
                        new io.meshportal.rollout.RolloutPlan(
                                new io.meshportal.fleet.NewVersion(
                                        "matrix", null, io.meshportal.factory.Tuning.STANDARD, 1),
                                false,
                                List.of(),
                                null,
                                1,
                                io.meshportal.rollout.Thresholds.DEFAULTS),
                        Progress.NONE)));
        c.put("RolloutService.active", call((v, w) -> rollouts.active(v, A)));
        c.put(
                "RolloutService.activeAll",
                new Call(
                        (v, w) -> rollouts.activeAll(v),
                        l -> ids(l, x -> ((io.meshportal.rollout.RolloutView) x).factoryId())));
        c.put("RolloutService.history", call((v, w) -> rollouts.history(v, A)));
        c.put("RolloutService.weigh", call((v, w) -> {
            rollouts.weigh(v, A, 0);
            return null;
        }));
        c.put("RolloutService.rollBack", call((v, w) -> {
            rollouts.rollBack(v, A, Progress.NONE);
            return null;
        }));
        c.put("RolloutService.promote", call((v, w) -> {
            rollouts.promote(v, A, Progress.NONE); // nothing left to promote after the roll-back: past authorization
            return null;
        }));
        return c;
    }

    private static Call call(Invocation invocation) {
        return new Call(invocation, null);
    }

    private int replicasOfA() {
        return fleet.workloads(admin).stream()
                .filter(w -> w.factoryId().equals(A))
                .findFirst()
                .orElseThrow()
                .desiredReplicas();
    }

    private long alertOnA() {
        return alerts.history(admin, 500).stream()
                .filter(a -> A.equals(a.factoryId()) && a.active())
                .findFirst()
                .orElseThrow()
                .id();
    }

    private Map<String, Viewer> viewers() {
        users.ensure("matrix-admin", "irrelevant-password-ma", Role.ADMIN, null);
        users.ensure("matrix-office", "irrelevant-password-mo", Role.OFFICE_MANAGER, null);
        users.ensure("matrix-manager-a", "irrelevant-password-mma", Role.FACTORY_MANAGER, A);
        users.ensure("matrix-manager-b", "irrelevant-password-mmb", Role.FACTORY_MANAGER, "lyon-1");
        users.ensure("matrix-target", "irrelevant-password-mt", Role.OFFICE_MANAGER, null);
        Map<String, Viewer> viewers = new LinkedHashMap<>();
        viewers.put("admin", users.signIn("matrix-admin"));
        viewers.put("office", users.signIn("matrix-office"));
        viewers.put("managerA", users.signIn("matrix-manager-a"));
        viewers.put("managerB", users.signIn("matrix-manager-b"));
        viewers.put("anonymous", null);
        TestUsers.signOut();
        return viewers;
    }

    private static RuleSpec rule(String name, RuleKind kind, double threshold, String factoryId) {
        return new RuleSpec(name, kind, threshold, 0, Severity.WARNING, factoryId, null);
    }

    private static Collection<String> ids(Object list, Function<Object, String> id) {
        return ((Collection<?>) list)
                .stream().map(id).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    }

    private static List<Class<?>> services() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Service.class));
        List<Class<?>> classes = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("io.meshportal")) {
            try {
                classes.add(Class.forName(candidate.getBeanClassName()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return classes;
    }

    private static Set<String> names(List<AuthorizationTable.Row> rows) {
        return rows.stream().map(AuthorizationTable.Row::target).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
