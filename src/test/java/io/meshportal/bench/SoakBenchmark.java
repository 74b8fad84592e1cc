package io.meshportal.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak (issue: "performance as users run it", item 4): the production jar for two hours (-Dsoak.minutes) with 50
 * wall displays and 50 dashboards open, 300 factories of which one in ten stops answering for a minute every five
 * minutes (a different tenth each time) so that "factory down" alerts fire and resolve all along. Every minute:
 * heap after a full GC, threads, open file descriptors, SQLite size. The slopes over everything after the first
 * ten minutes (warm-up: JIT, caches, the first rollups) must be flat: heap and descriptors within 5 % of their
 * level and threads within ±2 over the whole run; SQLite grows by design (history rollups, alert history) and is
 * compared with the rollups' expected rate. Writes bench/soak.csv and bench/soak.png.
 *
 * <p>Heap is judged on the least reading of each ten minutes: a single "after GC" reading spikes whenever it lands
 * before the old generation is collected, and such spikes pulled the plain least-squares slope either way in earlier
 * runs. Threads are counted per pool (the kernel's thread names with their numbers dropped) at the end of the
 * warm-up and at the end, so that any step names the pool that grew.
 */
@Tag("bench")
class SoakBenchmark {

    static final int FACTORIES = 300;
    static final int WARM_UP_MINUTES = 10;
    static final int WINDOW_MINUTES = 10;

    record Sample(double minute, double heapMiB, double threads, double fds, double sqliteMiB, double pushesPerS) {}

    @Test
    void twoHours(@TempDir Path dir) throws Exception {
        int minutes = Integer.getInteger("soak.minutes", 120);
        List<Sample> samples = new ArrayList<>();
        long alerts;
        Map<String, Integer> poolsAfterWarmUp = Map.of();
        Map<String, Integer> poolsAtEnd = Map.of();
        try (WholePortal whole =
                new WholePortal(dir, Integer.getInteger("soak.range", 2), FACTORIES, List.of("300", "60", "10"))) {
            whole.fleet.growTo(FACTORIES);
            whole.startPortal(List.of("-Xmx1g"));
            whole.open(50, "wall");
            whole.open(50, "");
            long start = System.nanoTime();
            long pushes0 = whole.pushesReceived();
            long t0 = start;
            for (int m = 1; m <= minutes; m++) {
                long due = start + m * 60_000_000_000L;
                Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                long pid = whole.portal.pid();
                long now = System.nanoTime();
                long pushes = whole.pushesReceived();
                Sample s = new Sample(
                        (now - start) / 60e9,
                        whole.portal.heapAfterGcKiB() / 1024.0,
                        threads(pid),
                        fds(pid),
                        sqliteMiB(dir.resolve("data")),
                        (pushes - pushes0) / ((now - t0) / 1e9));
                pushes0 = pushes;
                t0 = now;
                samples.add(s);
                System.out.printf("soak %s%n", s);
                if (m == (int) Math.ceil(warmUp(minutes))) {
                    poolsAfterWarmUp = threadPools(pid);
                    System.out.printf("soak pools after warm-up %s%n", poolsAfterWarmUp);
                }
                if (samples.size() > 1
                        && s.threads() != samples.get(samples.size() - 2).threads()) {
                    System.out.printf("soak pools at minute %d %s%n", m, threadPools(pid));
                }
            }
            poolsAtEnd = threadPools(whole.portal.pid());
            try (var db = DriverManager.getConnection(
                            "jdbc:sqlite:" + dir.resolve("data").resolve("meshportal.db") + "?open_mode=1");
                    var q = db.createStatement().executeQuery("select count(*) from alert_event")) {
                alerts = q.getLong(1);
            }
        }
        Path bench = Path.of("bench");
        writeCsv(bench.resolve("soak.csv"), samples);
        plot(bench.resolve("soak.png"), samples);
        List<Sample> steady =
                samples.stream().filter(s -> s.minute() > warmUp(minutes)).toList();
        double hours = minutes / 60.0;
        List<String> rows = new ArrayList<>();
        rows.add("| series | after warm-up | last | slope per hour | change over the run by the slope | tolerance |"
                + " verdict |");
        rows.add("|---|---:|---:|---:|---:|---|---|");
        List<Sample> leastHeap = leastPerWindow(steady, Sample::heapMiB);
        rows.add(row(
                "heap after GC, least per " + WINDOW_MINUTES + " min (MiB)",
                leastHeap.size() >= 2 ? leastHeap : steady,
                Sample::heapMiB,
                hours,
                "within 5 % of its level",
                0.05,
                0));
        rows.add(row("threads", steady, Sample::threads, hours, "within ±2", 0, 2));
        rows.add(row("file descriptors", steady, Sample::fds, hours, "within 5 % of its level", 0.05, 0));
        rows.add(row(
                "SQLite files (MiB)",
                steady,
                Sample::sqliteMiB,
                hours,
                "grows with the rollups (see below)",
                Double.NaN,
                0));
        rows.add("| pushes/s received by the 100 screens | "
                + Math.round(steady.getFirst().pushesPerS()) + " | "
                + Math.round(steady.getLast().pushesPerS()) + " | | | | |");
        rows.add("");
        rows.addAll(windows(samples));
        rows.add("");
        rows.add("Threads per pool after the warm-up → at the end (pools that changed): "
                + poolChanges(poolsAfterWarmUp, poolsAtEnd) + ".");
        rows.add("");
        rows.add("Alert events recorded during the run: " + alerts + " (factory-down alerts firing and resolving as"
                + " the factories fail and recover). Series per minute: `bench/soak.csv`; plot: `bench/soak.png`.");
        BenchReport.section(
                "Soak: " + minutes + " min, 50 wall displays + 50 dashboards, " + FACTORIES
                        + " factories failing and recovering on a schedule, alert rules active",
                rows);
    }

    /** Per window of ten minutes: the least heap reading, the threads' and descriptors' range. */
    static List<String> windows(List<Sample> samples) {
        Map<Integer, List<Sample>> byWindow = new TreeMap<>();
        for (Sample s : samples) {
            byWindow.computeIfAbsent((int) ((s.minute() - 1e-6) / WINDOW_MINUTES), w -> new ArrayList<>())
                    .add(s);
        }
        StringBuilder head = new StringBuilder("| minutes |");
        StringBuilder rule = new StringBuilder("|---|");
        StringBuilder heap = new StringBuilder("| least heap after GC (MiB) |");
        StringBuilder threads = new StringBuilder("| threads |");
        StringBuilder fds = new StringBuilder("| descriptors |");
        byWindow.forEach((w, in) -> {
            head.append(' ')
                    .append(w * WINDOW_MINUTES)
                    .append('–')
                    .append((w + 1) * WINDOW_MINUTES)
                    .append(" |");
            rule.append("---:|");
            heap.append(String.format(
                    " %.1f |", in.stream().mapToDouble(Sample::heapMiB).min().orElse(0)));
            threads.append(' ').append(range(in, Sample::threads)).append(" |");
            fds.append(' ').append(range(in, Sample::fds)).append(" |");
        });
        return List.of(head.toString(), rule.toString(), heap.toString(), threads.toString(), fds.toString());
    }

    static String range(List<Sample> in, ToDoubleFunction<Sample> series) {
        long lo = Math.round(in.stream().mapToDouble(series).min().orElse(0));
        long hi = Math.round(in.stream().mapToDouble(series).max().orElse(0));
        return lo == hi ? Long.toString(lo) : lo + "–" + hi;
    }

    /** The least reading of each window of {@link #WINDOW_MINUTES}, at the window's own minute. */
    static List<Sample> leastPerWindow(List<Sample> samples, ToDoubleFunction<Sample> series) {
        Map<Integer, Sample> least = new TreeMap<>();
        for (Sample s : samples) {
            least.merge(
                    (int) (s.minute() / WINDOW_MINUTES),
                    s,
                    (a, b) -> series.applyAsDouble(a) <= series.applyAsDouble(b) ? a : b);
        }
        return List.copyOf(least.values());
    }

    /**
     * Threads per pool: Linux keeps each Java thread's name (first 15 characters) in /proc/pid/task/tid/comm;
     * dropping digits folds "http-nio-8080-exec-17" and its siblings into one pool.
     */
    static Map<String, Integer> threadPools(long pid) throws Exception {
        Map<String, Integer> pools = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    pools.merge(name.replaceAll("[0-9]+", "#"), 1, Integer::sum);
                } catch (java.io.IOException gone) {
                    // the thread ended while we listed
                }
            }
        }
        return pools;
    }

    static String poolChanges(Map<String, Integer> before, Map<String, Integer> after) {
        List<String> changes = new ArrayList<>();
        for (String pool : new TreeSet<>(concat(before.keySet(), after.keySet()))) {
            int a = before.getOrDefault(pool, 0);
            int b = after.getOrDefault(pool, 0);
            if (a != b) {
                changes.add("`" + pool + "` " + a + " → " + b);
            }
        }
        return changes.isEmpty() ? "none" : String.join(", ", changes);
    }

    static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Ten minutes; short trial runs keep most of their samples. */
    static double warmUp(int minutes) {
        return Math.min(WARM_UP_MINUTES, minutes / 4.0);
    }

    static String row(
            String name,
            List<Sample> steady,
            ToDoubleFunction<Sample> series,
            double hours,
            String tolerance,
            double relative,
            double absolute) {
        double slope = slopePerMinute(steady, series) * 60;
        double first = series.applyAsDouble(steady.getFirst());
        double mean = steady.stream().mapToDouble(series).average().orElse(0);
        double change = slope * hours;
        String verdict;
        if (Double.isNaN(relative)) {
            verdict = "—";
        } else {
            double allowed = relative > 0 ? relative * mean : absolute;
            verdict = change > allowed ? "**grows**" : change < -allowed ? "falls" : "flat";
        }
        return "| " + name + " | " + fmt(first) + " | " + fmt(series.applyAsDouble(steady.getLast())) + " | "
                + fmt(slope) + " | " + fmt(change) + " | " + tolerance + " | " + verdict + " |";
    }

    /** Least-squares slope of the series against minutes. */
    static double slopePerMinute(List<Sample> samples, ToDoubleFunction<Sample> series) {
        double n = samples.size();
        double mx = samples.stream().mapToDouble(Sample::minute).average().orElse(0);
        double my = samples.stream().mapToDouble(series).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (Sample s : samples) {
            sxy += (s.minute() - mx) * (series.applyAsDouble(s) - my);
            sxx += (s.minute() - mx) * (s.minute() - mx);
        }
        return n < 2 || sxx == 0 ? 0 : sxy / sxx;
    }

    static String fmt(double v) {
        return String.format("%.2f", v);
    }

    static double threads(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Double.parseDouble(line.substring(8).trim());
            }
        }
        return Double.NaN;
    }

    static double fds(long pid) throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    static double sqliteMiB(Path data) throws Exception {
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(f -> f.getFileName().toString().startsWith("meshportal.db"))
                            .mapToLong(f -> f.toFile().length())
                            .sum()
                    / 1048576.0;
        }
    }

    static void writeCsv(Path file, List<Sample> samples) throws Exception {
        StringBuilder csv = new StringBuilder("minute,heap_mib,threads,fds,sqlite_mib,pushes_per_s\n");
        for (Sample s : samples) {
            csv.append(String.format(
                    "%.2f,%.2f,%.0f,%.0f,%.3f,%.1f%n",
                    s.minute(), s.heapMiB(), s.threads(), s.fds(), s.sqliteMiB(), s.pushesPerS()));
        }
        Files.writeString(file, csv);
    }

    /** Four panels, one per series, against minutes; the warm-up shaded. */
    static void plot(Path file, List<Sample> samples) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int w = 1000;
        int panel = 200;
        BufferedImage image = new BufferedImage(w, panel * 4, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, panel * 4);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        String[] names = {"heap after GC (MiB)", "threads", "file descriptors", "SQLite files (MiB)"};
        List<ToDoubleFunction<Sample>> series =
                List.of(Sample::heapMiB, Sample::threads, Sample::fds, Sample::sqliteMiB);
        double maxMinute = samples.getLast().minute();
        for (int p = 0; p < 4; p++) {
            int top = p * panel + 20;
            int height = panel - 45;
            int left = 70;
            int width = w - 100;
            double max = samples.stream().mapToDouble(series.get(p)).max().orElse(1) * 1.1;
            g.setColor(new Color(0xEEEEEE));
            g.fillRect(left, top, (int) (width * warmUp((int) Math.round(maxMinute)) / maxMinute), height);
            g.setColor(Color.GRAY);
            g.drawRect(left, top, width, height);
            g.setColor(Color.BLACK);
            g.drawString(names[p] + " (0 – " + fmt(max) + ")", left, top - 5);
            g.drawString("0", left - 15, top + height + 15);
            g.drawString(Math.round(maxMinute) + " min", left + width - 40, top + height + 15);
            g.setColor(new Color(0x1676F3));
            g.setStroke(new BasicStroke(2));
            int px = -1;
            int py = -1;
            for (Sample s : samples) {
                int x = left + (int) (width * s.minute() / maxMinute);
                int y = top + height - (int) (height * series.get(p).applyAsDouble(s) / max);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
