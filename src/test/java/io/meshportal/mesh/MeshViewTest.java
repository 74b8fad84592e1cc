package io.meshportal.mesh;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import io.meshportal.support.KaribuTest;
import org.junit.jupiter.api.Test;

/** The embedded fleet has no mesh: the view says so and shows the client-side resilience instead. */
class MeshViewTest extends KaribuTest {

    @Test
    void embeddedModeExplainsForEveryRole() {
        for (String user : new String[] {"k-office", "k-manager-a"}) {
            signIn(user);
            UI.getCurrent().navigate("mesh");
            assertThat(_find(Component.class, s -> s.withId("client-resilience")))
                    .as(user)
                    .hasSize(1);
        }
    }
}
