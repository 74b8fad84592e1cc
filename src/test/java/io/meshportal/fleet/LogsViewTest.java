package io.meshportal.fleet;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import io.meshportal.support.KaribuTest;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The log page follows a replica's log live, filters, pauses, and refuses what its user may not see. */
class LogsViewTest extends KaribuTest {

    @Test
    void aReplicasLogIsFollowedLiveFilteredAndPaused() throws Exception {
        signIn("k-office");
        UI.getCurrent().navigate("logs/berlin-1");
        @SuppressWarnings("unchecked")
        ComboBox<LogSource> replica = _get(ComboBox.class, s -> s.withId("logs-replica"));
        LogSource source = replica.getValue();
        assertThat(source).isNotNull();
        assertThat(source.name()).startsWith("berlin-1-");
        // the tail arrives through the page's push
        awaitLine("serving API v1");
        assertThat(_get(Span.class, s -> s.withId("logs-status")).getText()).isEqualTo("Following " + source.name());

        // a line written now shows up without a reload: a request the replica refuses is logged
        String endpoint = context
                .getBean(FleetService.class)
                .workloads(
                        new io.meshportal.security.Viewer("k-office", io.meshportal.security.Role.OFFICE_MANAGER, null))
                .stream()
                .filter(w -> w.factoryId().equals("berlin-1"))
                .flatMap(w -> w.replicas().stream())
                .map(Workload.Replica::endpoint)
                .filter(url ->
                        source.name().endsWith("-" + java.net.URI.create(url).getPort()))
                .findFirst()
                .orElseThrow();
        request(endpoint, "/view-test-marker-one");
        awaitLine("GET /view-test-marker-one -> 404");

        // filtered: only matching lines are shown
        _get(TextField.class, s -> s.withId("logs-filter")).setValue("MARKER-one");
        assertThat(shownLines()).isNotEmpty().allSatisfy(l -> assertThat(l).contains("marker-one"));
        _get(TextField.class, s -> s.withId("logs-filter")).clear();

        // paused: new lines wait; resumed: they appear
        _get(Button.class, s -> s.withId("logs-pause")).click();
        request(endpoint, "/view-test-marker-two");
        pump();
        Thread.sleep(300);
        pump();
        assertThat(shownLines()).noneMatch(l -> l.contains("marker-two"));
        Button pause = _get(Button.class, s -> s.withId("logs-pause"));
        assertThat(pause.getText()).isEqualTo("Resume");
        pause.click();
        awaitLine("GET /view-test-marker-two -> 404");
        assertThat(_get(Anchor.class, s -> s.withId("logs-download")).getHref()).isNotBlank();
    }

    @Test
    void aTailOutOfBoundsIsSaidNextToItsField() {
        signIn("k-office");
        UI.getCurrent().navigate("logs/berlin-1");
        IntegerField tail = _get(IntegerField.class, s -> s.withId("logs-tail"));
        for (Integer bad : new Integer[] {0, -5, LogQuery.MAX_TAIL_LINES + 1}) {
            tail.setValue(bad);
            assertThat(tail.isInvalid()).as("tail " + bad).isTrue();
            assertThat(tail.getErrorMessage()).as("tail " + bad).contains("Between 1 and");
        }
        tail.setValue(20);
        assertThat(tail.isInvalid()).isFalse();
    }

    @Test
    void anotherFactorysLogsAreNotFoundForAFactoryManager() {
        signIn("k-manager-a");
        UI.getCurrent().navigate("logs/berlin-1");
        assertThat(_find(Div.class, s -> s.withId("logs-lines"))).isEmpty();
    }

    private static void request(String endpoint, String path) throws Exception {
        java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint.replaceAll("/$", "") + path))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
    }

    private static void awaitLine(String text) {
        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
            pump();
            return shownLines().stream().anyMatch(l -> l.contains(text));
        });
    }

    private static void pump() {
        MockVaadin.clientRoundtrip(false);
    }

    private static List<String> shownLines() {
        return _get(Div.class, s -> s.withId("logs-lines"))
                .getChildren()
                .map(c -> ((Div) c).getText())
                .toList();
    }
}
