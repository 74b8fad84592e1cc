package io.meshportal.telemetry.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import io.meshportal.base.ui.LiveChart;
import io.meshportal.support.KaribuTest;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.RollupStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Output per product on the factory page (a chart) and on its shift report (per shift, and as CSV). */
class ProductsViewTest extends KaribuTest {

    @Autowired
    RollupStore store;

    @Test
    void theFactoryPageChartsEachProductAndTheReportListsThemPerShift() {
        // a minute of berlin-1 a few minutes ago, with its products as the recorder writes them
        long minute = System.currentTimeMillis() / 60_000 - 3;
        store.write(List.of(new MinuteRow(
                "berlin-1",
                minute,
                917,
                23,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                1,
                0,
                null,
                null,
                Map.of("chair", new long[] {900, 20}, "table", new long[] {17, 3}))));
        signIn("k-office");
        UI.getCurrent().navigate("factories/berlin-1");
        LiveChart chart = _get(LiveChart.class, s -> s.withId("factory-products-chart"));
        assertThat(chart.isVisible()).isTrue();

        UI.getCurrent().navigate("reports/berlin-1");
        @SuppressWarnings("unchecked")
        Grid<ProductsSection.Row> grid = _get(Grid.class, s -> s.withId("report-products-grid"));
        List<ProductsSection.Row> rows = grid.getGenericDataView().getItems().toList();
        assertThat(rows).filteredOn(r -> r.product().equals("chair")).anySatisfy(r -> {
            assertThat(r.made()).isGreaterThanOrEqualTo(900);
            assertThat(r.rejected()).isGreaterThanOrEqualTo(20);
        });
        assertThat(rows).extracting(ProductsSection.Row::product).contains("table");
        assertThat(_get(Anchor.class, s -> s.withId("report-products-csv")).getText())
                .isEqualTo("Per product CSV");

        // the fleet's report has no per-product part (products are kept per factory)
        UI.getCurrent().navigate("reports");
        assertThat(com.github.mvysny.kaributesting.v10.LocatorJ._find(
                        com.vaadin.flow.component.orderedlayout.VerticalLayout.class, s -> s.withId("report-products")))
                .isEmpty();
    }
}
