package io.meshportal.backup;

import io.meshportal.PortalApplication;
import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.RuleKind;
import io.meshportal.alerts.RuleSpec;
import io.meshportal.alerts.Severity;
import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.security.Role;
import io.meshportal.security.UserService;
import io.meshportal.security.Viewer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Runs the real portal in its own process and writes users, alert rules and audit entries from many threads
 * through the services, printing one line per committed write ({@code OK kind key}) until it is killed.
 * Usage: DurabilityWriter DATA_DIR THREADS.
 */
public final class DurabilityWriter {

    public static void main(String[] args) {
        // the committed-write lines go to the real stdout; Spring's log goes to stderr
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        System.setOut(System.err);
        var ctx = new SpringApplicationBuilder(PortalApplication.class)
                .run(
                        "--server.port=0",
                        "--meshportal.data.dir=" + args[0],
                        "--meshportal.security.demo-accounts=false",
                        "--meshportal.fleet.local.factories[0].id=dur-1",
                        "--meshportal.fleet.local.factories[0].name=Dur",
                        "--meshportal.fleet.local.factories[0].country=DE");
        UserService users = ctx.getBean(UserService.class);
        AlertService alerts = ctx.getBean(AlertService.class);
        AuditLog audit = ctx.getBean(AuditLog.class);
        Viewer admin = new Viewer("durability-admin", Role.ADMIN, null);
        AtomicLong sequence = new AtomicLong();
        out.println("READY");
        int threads = Integer.parseInt(args[1]);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().name("writer-" + t).start(() -> {
                while (true) {
                    long n = sequence.incrementAndGet();
                    try {
                        switch ((int) (n % 3)) {
                            case 0 -> {
                                users.create(admin, "dur-" + n, Role.OFFICE_MANAGER, null);
                                out.println("OK user dur-" + n);
                            }
                            case 1 -> {
                                alerts.saveRule(
                                        admin,
                                        null,
                                        new RuleSpec(
                                                "dur-" + n,
                                                RuleKind.OUTPUT_RATE_BELOW,
                                                0,
                                                0,
                                                Severity.INFO,
                                                null,
                                                null));
                                out.println("OK rule dur-" + n);
                            }
                            default -> {
                                audit.record("durability", AuditAction.OTHER, "dur-" + n, Outcome.SUCCESS, null);
                                out.println("OK audit dur-" + n);
                            }
                        }
                    } catch (RuntimeException e) {
                        out.println("FAILED dur-" + n + " " + e);
                    }
                }
            });
        }
    }
}
