package io.meshportal.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The spooled export: the whole body, then sent; owner-only; deleted when done, when refused and when too big. */
class SpoolTest {

    static long files() throws IOException {
        try (Stream<?> list = Files.list(Spool.directory())) {
            return list.count();
        }
    }

    @Test
    void theBodyIsWrittenWholeThenCopiedAndTheFileDeleted() throws Exception {
        long before = files();
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        try (Spool spool = Spool.write(out -> new Csv(out).row("zürich", -1.5, "x;=1+1"))) {
            assertThat(files()).isEqualTo(before + 1);
            try (Stream<java.nio.file.Path> list = Files.list(Spool.directory())) {
                java.nio.file.Path file = list.findFirst().orElseThrow();
                if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    assertThat(Files.getPosixFilePermissions(file))
                            .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
                    assertThat(Files.getPosixFilePermissions(Spool.directory()))
                            .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
                }
            }
            spool.copyTo(client);
            assertThat(spool.size()).isEqualTo(client.size());
        }
        assertThat(client.toString(StandardCharsets.UTF_8)).isEqualTo("zürich,-1.5,\"x;'=1+1\"\r\n");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void aRefusedExportLeavesNoFile() throws Exception {
        long before = files();
        assertThatThrownBy(() -> Spool.write(out -> {
                    new Csv(out).row("header");
                    throw new InvalidRequestException(java.util.Map.of("to", "no"));
                }))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void anExportLargerThanTheLimitIsRefusedAndLeavesNoFile() throws Exception {
        long before = files();
        assertThatThrownBy(() -> Spool.write(
                        out -> {
                            Csv csv = new Csv(out);
                            for (int i = 0; i < 10_000; i++) {
                                csv.row("a row of some length", i);
                            }
                        },
                        64 * 1024))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("larger than");
        assertThat(files()).isEqualTo(before);
    }
}
