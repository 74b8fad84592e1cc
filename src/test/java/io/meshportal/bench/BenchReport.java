package io.meshportal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;

/** Prints a benchmark's table and appends it to target/bench-results.md (bench/run.sh copies it into bench/). */
public final class BenchReport {

    private BenchReport() {}

    public static synchronized void section(String title, List<String> rows) {
        StringBuilder text = new StringBuilder("\n### ")
                .append(title)
                .append("\n\n")
                .append(LocalDate.now())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ")
                .append(Runtime.version())
                .append("\n\n");
        rows.forEach(r -> text.append(r).append('\n'));
        System.out.println(text);
        try {
            Files.writeString(
                    Path.of("target/bench-results.md"), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
