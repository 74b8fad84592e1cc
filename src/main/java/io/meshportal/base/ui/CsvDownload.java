package io.meshportal.base.ui;

import com.vaadin.flow.server.streams.DownloadHandler;
import io.meshportal.base.Spool;
import java.io.Writer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A CSV download that holds no database connection while the client reads it: the export is first written to a
 * temporary file ({@link Spool}) — the only time the database is read — and then sent from the file, with its
 * length, however slowly the client takes it. A refusal of the export is answered with 400 before anything is sent.
 */
public final class CsvDownload {

    private CsvDownload() {}

    /**
     * @param body writes the export (a service method, run when the link is followed)
     * @param refused which exceptions of the body are the caller's fault (400), not the portal's
     */
    public static DownloadHandler of(String fileName, Consumer<Writer> body, Predicate<RuntimeException> refused) {
        return event -> {
            Spool spool;
            try {
                spool = Spool.write(body);
            } catch (RuntimeException e) {
                if (!refused.test(e)) {
                    throw e;
                }
                event.getResponse().setStatus(400);
                return;
            }
            try (spool) {
                event.setFileName(fileName);
                event.setContentType("text/csv; charset=utf-8");
                event.setContentLength(spool.size());
                spool.copyTo(event.getOutputStream());
            }
        };
    }
}
