package io.meshportal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.RuleKind;
import io.meshportal.alerts.RuleSpec;
import io.meshportal.alerts.Severity;
import io.meshportal.security.Viewer;
import io.meshportal.support.KaribuTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A screen whose browser never reports its toasts closed (here: no browser at all, as a sleeping kiosk) keeps a
 * bounded number of them: the layout closes its own once they are due or too many.
 */
class AlertToastsTest extends KaribuTest {

    @Autowired
    AlertService alerts;

    @Test
    void toastsStayBoundedWithoutABrowserClosingThem() throws Exception {
        signIn("k-office");
        Viewer office = users.signIn("k-office");
        UI.getCurrent().navigate("");
        // rules that fire at once, one after another: a stream of fresh alerts as a busy wall sees them
        List<Long> rules = new ArrayList<>();
        int most = 0;
        try {
            for (int i = 0; i < 15; i++) {
                RuleSpec spec = new RuleSpec(
                        "toast " + i, RuleKind.OUTPUT_RATE_BELOW, 1e9, 0, Severity.WARNING, "berlin-1", null);
                rules.add(alerts.saveRule(office, null, spec).id());
                Thread.sleep(1500);
                MockVaadin.clientRoundtrip(false);
                most = Math.max(most, toasts());
            }
        } finally {
            rules.forEach(id -> alerts.deleteRule(office, id));
        }
        assertThat(most).isPositive().isLessThanOrEqualTo(MainLayout.MAX_KEPT_TOASTS + MainLayout.MAX_TOASTS + 1);
    }

    private static int toasts() {
        return (int) UI.getCurrent()
                .getChildren()
                .filter(Notification.class::isInstance)
                .count();
    }
}
