package io.meshportal.security;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import io.meshportal.support.KaribuTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A user makes a token on their account page, sees its secret once, and revokes it there. */
class AccessTokensPanelTest extends KaribuTest {

    @Autowired
    AccessTokenService tokens;

    @Test
    void makeSeeOnceAndRevoke() {
        signIn("k-office");
        Viewer viewer = users.signIn("k-office");
        UI.getCurrent().navigate("password");
        _get(TextField.class, s -> s.withId("token-name")).setValue("report job");
        _click(_get(Button.class, s -> s.withId("create-token")));
        TextField secret = _get(TextField.class, s -> s.withId("new-token-secret"));
        assertThat(secret.isVisible()).isTrue();
        assertThat(secret.getValue()).startsWith("mpat_");
        assertThat(tokens.authenticate(secret.getValue()))
                .hasValueSatisfying(c -> assertThat(c.viewer()).isEqualTo(viewer));
        AccessTokenView made = tokens.mine(viewer).stream()
                .filter(t -> t.name().equals("report job"))
                .findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        Grid<AccessTokenView> grid = _get(Grid.class, s -> s.withId("token-grid"));
        assertThat(grid.getGenericDataView().getItems()).anyMatch(t -> t.id() == made.id());

        // on the next visit the secret is gone for good
        UI.getCurrent().navigate("");
        UI.getCurrent().navigate("password");
        assertThat(_find(TextField.class, s -> s.withId("new-token-secret"))).isEmpty();

        @SuppressWarnings("unchecked")
        Grid<AccessTokenView> again = _get(Grid.class, s -> s.withId("token-grid"));
        int row = again.getGenericDataView().getItems().toList().indexOf(made);
        _click((Button) com.github.mvysny.kaributesting.v10.GridKt._getCellComponent(again, row, "revoke"));
        assertThat(tokens.mine(viewer)).noneMatch(t -> t.id() == made.id());
        assertThat(tokens.authenticate(secret.getValue())).isEmpty();
    }
}
