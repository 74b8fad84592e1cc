package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.HistoryRange;
import io.meshportal.telemetry.HistoryService;
import io.meshportal.telemetry.HistoryService.ShiftRow;
import java.util.ArrayList;
import java.util.List;

/**
 * A factory's report per product: for each shift of the day, the units made and rejected of each product (from the
 * per-product rollups), and the day's per-product data as CSV.
 */
class ProductsSection extends VerticalLayout {

    /** One product in one shift. */
    record Row(String shift, String product, long made, long rejected) {}

    ProductsSection(HistoryService history, Viewer viewer, String factoryId, List<ShiftRow> shifts, String fileName) {
        setId("report-products");
        setPadding(false);
        add(new H3(getTranslation("report.products")));
        List<Row> rows = new ArrayList<>();
        java.time.Instant now = java.time.Instant.now();
        for (ShiftRow s : shifts) {
            if (s.start() == null || !s.start().isBefore(now)) {
                continue;
            }
            java.time.Instant end = s.end().isAfter(now) ? now : s.end();
            try {
                for (var p : history.productTotals(viewer, List.of(factoryId), new HistoryRange(s.start(), end))) {
                    rows.add(new Row(s.name(), p.product(), p.made(), p.rejected()));
                }
            } catch (InvalidRequestException e) {
                // a shift beyond the kept history: nothing to show for it
            }
        }
        Grid<Row> grid = new Grid<>();
        grid.setId("report-products-grid");
        grid.addColumn(Row::shift).setHeader(getTranslation("report.shift"));
        grid.addColumn(Row::product).setHeader(getTranslation("report.product"));
        grid.addColumn(r -> Format.count(r.made())).setHeader(getTranslation("report.made"));
        grid.addColumn(r -> Format.count(r.rejected())).setHeader(getTranslation("report.rejected"));
        grid.addColumn(r -> r.made() == 0 ? "—" : Format.percent((double) r.rejected() / r.made()))
                .setHeader(getTranslation("report.reject-share"));
        grid.setItems(rows);
        grid.setAllRowsVisible(true);
        add(grid);
        if (!shifts.isEmpty() && shifts.getFirst().start() != null) {
            java.time.Instant from = shifts.getFirst().start();
            java.time.Instant to =
                    shifts.getLast().end().isAfter(now) ? now : shifts.getLast().end();
            if (from.isBefore(to)) {
                Anchor csv = new Anchor(
                        ReportView.csv(
                                fileName,
                                out -> history.exportProducts(
                                        viewer, List.of(factoryId), new HistoryRange(from, to), out)),
                        getTranslation("report.products.csv"));
                csv.setId("report-products-csv");
                add(csv);
            }
        }
    }
}
