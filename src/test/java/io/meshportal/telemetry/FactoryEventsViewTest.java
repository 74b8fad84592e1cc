package io.meshportal.telemetry;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import io.meshportal.fleet.FactoryEvent;
import io.meshportal.support.KaribuTest;
import org.junit.jupiter.api.Test;

/** The factory page lists its workload's events, newest first, for a viewer who may see the factory. */
class FactoryEventsViewTest extends KaribuTest {

    @Test
    void theFactoryPageShowsItsEvents() {
        signIn("k-office");
        UI.getCurrent().navigate("factories/berlin-1");
        @SuppressWarnings("unchecked")
        Grid<FactoryEvent> grid = _get(Grid.class, s -> s.withId("event-grid"));
        var events = grid.getGenericDataView().getItems().toList();
        assertThat(events).isNotEmpty();
        assertThat(events).extracting(FactoryEvent::reason).contains("Started", "ScalingReplicaSet");
        assertThat(events.getFirst().at()).isAfterOrEqualTo(events.getLast().at());
    }
}
