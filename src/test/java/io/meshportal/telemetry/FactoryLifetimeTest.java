package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.ProductMix;
import io.meshportal.fleet.Progress;
import io.meshportal.security.Role;
import io.meshportal.security.TestUsers;
import io.meshportal.security.Viewer;
import io.meshportal.support.TempDataDir;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.RollupStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * History belongs to one life of a factory, on the embedded fleet through the whole portal: a factory deleted
 * through the portal takes its history with it, the fleet's own sums keep what it made, and a factory made again
 * under the same id starts empty — also when a minute of the ended life was written after the deletion (a poll
 * under way), which neither its history nor its live figures may count.
 */
@SpringBootTest
class FactoryLifetimeTest extends TempDataDir {

    static final String ID = "life-1";

    @Autowired
    FleetService fleet;

    @Autowired
    HistoryService history;

    @Autowired
    TelemetryService telemetry;

    @Autowired
    RollupStore store;

    @Autowired
    TestUsers users;

    Viewer office;

    @BeforeEach
    void viewer() {
        users.ensure("life-office", "irrelevant-password-11", Role.OFFICE_MANAGER, null);
        office = users.signIn("life-office");
        TestUsers.signOut();
    }

    @Test
    void aFactoryMadeAgainUnderAnOldIdStartsEmptyAndTheFleetKeepsWhatItMade() throws Exception {
        FactoryRef first = fleet.create(office, request(), Progress.NONE).get();
        assertThat(first.life()).startsWith("created-");
        // once it reports, the history writer records which life its history belongs to
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> first.life()
                .equals(store.life(ID)));

        // a minute of its history ten minutes ago, written as the history writer writes minutes
        long past = minuteNow() - 10;
        store.write(List.of(row(past, 700)));
        HistoryRange around = range(past - 1, past + 2);
        assertThat(history.totals(office, List.of(ID), around).made()).isEqualTo(700);
        long fleetMade = history.totals(office, null, around).made();
        assertThat(fleetMade).isGreaterThanOrEqualTo(700);

        fleet.delete(office, ID, Progress.NONE).get();
        assertThat(history.totals(office, List.of(ID), around).made())
                .as("the deleted factory's history is gone with it")
                .isZero();
        assertThat(history.chart(office, List.of(ID), around, 3).points())
                .allSatisfy(p -> assertThat(p.outputPerMinute()).isNaN());
        assertThat(history.totals(office, null, around).made())
                .as("the fleet's sums keep what it made")
                .isEqualTo(fleetMade);
        assertThat(store.life(ID)).isEqualTo(RollupStore.ENDED);

        // a poll under way at the deletion leaves a minute of the ended life behind
        long leftBehind = minuteNow() - 1;
        store.write(List.of(row(leftBehind, 1_000_000)));

        FactoryRef second = fleet.create(office, request(), Progress.NONE).get();
        try {
            assertThat(second.life()).isNotEqualTo(first.life());
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> second.life()
                    .equals(store.life(ID)));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> telemetry
                    .factory(office, ID)
                    .map(f -> f.latest() != null)
                    .orElse(false));
            assertThat(history.totals(office, List.of(ID), around).made()).isZero();
            assertThat(history.totals(office, List.of(ID), range(leftBehind, leftBehind + 1))
                            .made())
                    .as("the ended life's minute is removed when the new life begins")
                    .isZero();
            assertThat(telemetry.factory(office, ID).orElseThrow().latest().outputTotal())
                    .as("made today counts only the new life")
                    .isLessThan(1_000_000);
            assertThat(history.totals(office, null, around).made()).isEqualTo(fleetMade);
        } finally {
            fleet.delete(office, ID, Progress.NONE).get();
        }
    }

    static NewFactory request() {
        return new NewFactory(ID, "Life", "NO", "local", ProductMix.TABLES, 1, 1);
    }

    static long minuteNow() {
        return Math.floorDiv(System.currentTimeMillis(), 60_000L);
    }

    static HistoryRange range(long fromMinute, long toMinute) {
        return new HistoryRange(Instant.ofEpochSecond(fromMinute * 60), Instant.ofEpochSecond(toMinute * 60));
    }

    /** One minute of the factory as the history writer writes it: {@code made} tables (its one product), a minute of running. */
    static MinuteRow row(long minute, long made) {
        return new MinuteRow(
                ID,
                minute,
                made,
                0,
                made * 2.0,
                60,
                60,
                50,
                made,
                made,
                60,
                0,
                0,
                0,
                60,
                0,
                10.0,
                12.0,
                Map.of("table", new long[] {made, 0}));
    }
}
