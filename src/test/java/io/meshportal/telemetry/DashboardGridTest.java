package io.meshportal.telemetry;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.data.provider.SortDirection;
import io.meshportal.support.KaribuTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard's factory grid reads the tick's own list (no copy per screen): rows, sorting by a column header and
 * the country filter still behave as before, on the real context with the embedded demo fleet.
 */
class DashboardGridTest extends KaribuTest {

    @Autowired
    TelemetryService telemetry;

    @Test
    @SuppressWarnings("unchecked")
    void rowsSortAndFilterOnTheSharedTickList() {
        signIn("k-office");
        UI.getCurrent().navigate("");
        Grid<FactoryTelemetry> grid = _get(Grid.class, s -> s.withId("factory-grid"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
            com.github.mvysny.kaributesting.v10.MockVaadin.clientRoundtrip(false);
            return GridKt._size(grid) >= 2;
        });
        List<String> fleet = names(grid);
        assertThat(fleet)
                .hasSize(telemetry.current(users.signIn("k-office")).factories().size());

        GridKt._sortByHeader(grid, "Factory", SortDirection.DESCENDING);
        List<String> descending = new ArrayList<>(fleet);
        descending.sort(Comparator.reverseOrder());
        assertThat(names(grid)).containsExactlyElementsOf(descending);

        ComboBox<String> country = _get(ComboBox.class, s -> s.withLabel("Country"));
        String someCountry = GridKt._get(grid, 0).ref().country();
        com.github.mvysny.kaributesting.v10.HasValueUtilsKt._setValue(country, someCountry);
        assertThat(GridKt._size(grid)).isBetween(1, fleet.size());
        for (int i = 0; i < GridKt._size(grid); i++) {
            assertThat(GridKt._get(grid, i).ref().country()).isEqualTo(someCountry);
        }
    }

    private static List<String> names(Grid<FactoryTelemetry> grid) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < GridKt._size(grid); i++) {
            names.add(GridKt._get(grid, i).ref().name());
        }
        return names;
    }
}
