package io.meshportal.telemetry;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import io.meshportal.support.KaribuTest;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** A custom chart range that cannot be shown says why next to the field, and the page stays as it was. */
class RangePickerTest extends KaribuTest {

    @Test
    void aBadCustomRangeIsRefusedNextToItsField() {
        signIn("k-office");
        UI.getCurrent().navigate("factories/berlin-1");
        @SuppressWarnings("unchecked")
        ComboBox<Object> range = (ComboBox<Object>) _get(ComboBox.class, s -> s.withId("range"));
        Object custom = range.getListDataView()
                .getItems()
                .filter(r -> r.toString().equals("CUSTOM"))
                .findFirst()
                .orElseThrow();
        range.setValue(custom);
        DateTimePicker from = _get(DateTimePicker.class, s -> s.withId("range-from"));
        DateTimePicker to = _get(DateTimePicker.class, s -> s.withId("range-to"));

        from.setValue(LocalDateTime.now().minusHours(1));
        to.setValue(LocalDateTime.now().minusHours(2));
        _click(_get(Button.class, s -> s.withId("range-apply")));
        assertThat(to.isInvalid()).isTrue();
        assertThat(to.getErrorMessage()).isEqualTo("The end must be after the start");

        from.setValue(LocalDateTime.now().minusHours(1));
        to.setValue(LocalDateTime.now().plusDays(2));
        _click(_get(Button.class, s -> s.withId("range-apply")));
        assertThat(to.getErrorMessage()).isEqualTo("The end cannot be in the future");

        from.setValue(LocalDateTime.now().minusYears(3));
        to.setValue(LocalDateTime.now());
        _click(_get(Button.class, s -> s.withId("range-apply")));
        assertThat(from.isInvalid()).isTrue();
        assertThat(from.getErrorMessage()).startsWith("History goes back 400 days");

        from.setValue(LocalDateTime.now().minusDays(2));
        to.setValue(LocalDateTime.now());
        _click(_get(Button.class, s -> s.withId("range-apply")));
        assertThat(from.isInvalid()).isFalse();
        assertThat(to.isInvalid()).isFalse();
        assertThat(_get(Component.class, s -> s.withId("factory-view"))).isNotNull();
    }
}
