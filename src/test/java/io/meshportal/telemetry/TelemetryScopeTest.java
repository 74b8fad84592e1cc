package io.meshportal.telemetry;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Viewer;
import io.meshportal.support.KaribuTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Scoping at the service and the subscription level, on the real context with the embedded demo fleet. */
class TelemetryScopeTest extends KaribuTest {

    @Autowired
    TelemetryService telemetry;

    @Test
    void aFactoryManagerCannotReachAnotherFactoryThroughTheService() {
        users.ensure("scope-lyon", "irrelevant-password-9", io.meshportal.security.Role.FACTORY_MANAGER, "lyon-1");
        Viewer lyon = users.signIn("scope-lyon");
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> !telemetry.current(lyon).factories().isEmpty());
        assertThat(telemetry.current(lyon).factories())
                .extracting(FactoryTelemetry::id)
                .containsExactly("lyon-1");
        assertThatThrownBy(() -> telemetry.factory(lyon, "berlin-1")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> telemetry.history(lyon, "berlin-1", Duration.ofMinutes(5)))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(telemetry.fleetHistory(lyon, Duration.ofMinutes(5)))
                .isEqualTo(telemetry.history(lyon, "lyon-1", Duration.ofMinutes(5)));
    }

    @Test
    void viewsSubscribeOnAttachAndUnsubscribeOnDetach() {
        int before = telemetry.subscriberCount(); // anonymous: the login view subscribes to nothing
        signIn("k-office");
        UI.getCurrent().navigate("");
        assertThat(telemetry.subscriberCount()).isEqualTo(before + 1);
        assertThat(_get(Grid.class).getId()).hasValue("factory-grid");
        UI.getCurrent().navigate("wall");
        assertThat(telemetry.subscriberCount()).isEqualTo(before + 1);
        UI.getCurrent().navigate("factories/berlin-1");
        assertThat(telemetry.subscriberCount()).isEqualTo(before + 1);
        MockVaadin.tearDown();
        assertThat(telemetry.subscriberCount()).isEqualTo(before);
        MockVaadin.setup();
    }
}
