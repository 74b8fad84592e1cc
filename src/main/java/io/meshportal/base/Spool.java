package io.meshportal.base;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * An export written to a private temporary file at disk speed — while its database read runs — and only then
 * copied to the client: a slow client never keeps a pooled connection, or SQLite's lock, while it reads. The file is
 * the JVM's own (a directory created once, owner-only, under java.io.tmpdir) and is deleted on {@link #close()};
 * an export larger than the limit is refused instead of filling the disk.
 */
public final class Spool implements AutoCloseable {

    /** The most one export may take on disk. */
    public static final long LIMIT_BYTES = 512L * 1024 * 1024;

    private static Path directory;

    private final Path file;
    private final long size;

    private Spool(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    /** Writes {@code body} (UTF-8) to a new temporary file; a failure of the body deletes the file and is rethrown. */
    public static Spool write(Consumer<Writer> body) {
        return write(body, LIMIT_BYTES);
    }

    static Spool write(Consumer<Writer> body, long limit) {
        Path file;
        try {
            file = Files.createTempFile(directory(), "export-", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a file for the export", e);
        }
        try {
            Bounded bytes = new Bounded(Files.newOutputStream(file), limit);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), 64 * 1024)) {
                body.accept(out);
            }
            return new Spool(file, bytes.written);
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            delete(file);
            throw e;
        }
    }

    /** Bytes written. */
    public long size() {
        return size;
    }

    /** Copies the export to {@code out} (the client, however slowly it reads). */
    public void copyTo(OutputStream out) throws IOException {
        Files.copy(file, out);
        out.flush();
    }

    @Override
    public void close() {
        delete(file);
    }

    /** The directory the exports are spooled in (for tests: empty when none is under way). */
    public static synchronized Path directory() throws IOException {
        if (directory == null || !Files.isDirectory(directory)) {
            // createTempDirectory makes it owner-only (rwx------) on POSIX; files in it are rw-------
            directory = Files.createTempDirectory("meshportal-exports-");
            directory.toFile().deleteOnExit(); // empty by then: every file is deleted when its download ends
        }
        return directory;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }

    /** Counts what passes, and refuses to pass more than the limit. */
    private static final class Bounded extends FilterOutputStream {
        private final long limit;
        long written;

        Bounded(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(int n) throws IOException {
            if (written + n > limit) {
                throw new IOException("The export is larger than " + (limit >> 20) + " MiB; choose a shorter range");
            }
            written += n;
        }
    }
}
