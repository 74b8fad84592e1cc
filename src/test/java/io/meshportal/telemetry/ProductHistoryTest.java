package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.base.DataProperties;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.RollupStore;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Output and rejects per product: recorded beside every minute, now read for charts, totals, CSV and the API. */
class ProductHistoryTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:30Z");
    static final Viewer OFFICE = new Viewer("products-office", Role.OFFICE_MANAGER, null);
    static final Viewer OTHER = new Viewer("products-manager", Role.FACTORY_MANAGER, "lyon-1");

    @TempDir
    Path dir;

    RollupStore store;
    HistoryService history;

    @BeforeEach
    void database() {
        String url = new DataProperties(dir).jdbcUrl();
        Flyway.configure().dataSource(url, null, null).load().migrate();
        DriverManagerDataSource ds = new DriverManagerDataSource(url);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        store = new RollupStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)));
        history = new HistoryService(
                store,
                new HistoryProperties(Duration.ofDays(14), Duration.ofDays(400), 100, 250_000),
                Clock.fixed(NOW, ZoneOffset.UTC),
                id -> io.meshportal.calendar.FactoryTime.UTC_THREE_SHIFTS,
                (java.util.function.Supplier<java.util.Collection<String>>) List::of);
    }

    @Test
    void eachProductsOutputIsReadBackAsRecorded() {
        Instant from = Instant.parse("2026-11-26T09:30:00Z");
        List<TelemetrySnapshot> snaps = HistoryTest.samples(FactorySpec.furniture("oslo-1", "Oslo", "NO"), from, 600);
        List<MinuteRow> rows = HistoryTest.record("oslo-1", snaps);
        store.write(rows);
        HistoryRange range = new HistoryRange(from, from.plusSeconds(600));

        List<HistoryService.ProductTotals> totals = history.productTotals(OFFICE, List.of("oslo-1"), range);
        assertThat(totals).extracting(HistoryService.ProductTotals::product).containsExactly("chair", "table");
        for (HistoryService.ProductTotals t : totals) {
            TelemetrySnapshot.Output first = output(snaps.getFirst(), t.product());
            TelemetrySnapshot.Output last = output(snaps.getLast(), t.product());
            assertThat(t.made()).isEqualTo(last.total() - first.total());
            assertThat(t.rejected()).isEqualTo(last.rejected() - first.rejected());
        }
        // the products add up to the factory's own total
        assertThat(totals.stream().mapToLong(HistoryService.ProductTotals::made).sum())
                .isEqualTo(history.totals(OFFICE, List.of("oslo-1"), range).made());

        HistoryService.ProductChart chart = history.productChart(OFFICE, List.of("oslo-1"), range, 10);
        assertThat(chart.products()).containsOnlyKeys("chair", "table");
        assertThat(chart.products().get("chair")).hasSize(10);
        double chairsPerMinute = chart.products().get("chair").stream()
                .mapToDouble(HistoryService.ProductPoint::madePerMinute)
                .filter(d -> !Double.isNaN(d))
                .average()
                .orElseThrow();
        assertThat(chairsPerMinute)
                .isGreaterThan(chart.products().get("table").getFirst().madePerMinute());

        StringWriter csv = new StringWriter();
        history.exportProducts(OFFICE, List.of("oslo-1"), range, csv);
        assertThat(csv.toString().lines().findFirst().orElseThrow())
                .isEqualTo("time (UTC),factories,product,made,rejected");
        assertThat(csv.toString().lines().filter(l -> l.contains(",chair,"))).hasSize(10);
    }

    @Test
    void perProductIsScopedAndRefusesTheWholeFleet() {
        HistoryRange range = new HistoryRange(NOW.minusSeconds(600), NOW);
        assertThatThrownBy(() -> history.productChart(OTHER, List.of("oslo-1"), range, 10))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> history.productTotals(OFFICE, null, range))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("factories");
        // a factory manager's own factory is what "all" means for them
        assertThat(history.productTotals(OTHER, null, range)).isEmpty();
    }

    private static TelemetrySnapshot.Output output(TelemetrySnapshot s, String product) {
        return s.outputs().stream()
                .filter(o -> o.product().equals(product))
                .findFirst()
                .orElseThrow();
    }
}
