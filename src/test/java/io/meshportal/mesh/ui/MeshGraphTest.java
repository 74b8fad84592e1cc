package io.meshportal.mesh.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.mesh.Signal;
import io.meshportal.mesh.TrafficEdge;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graph is drawn on the server: whatever a label from Prometheus says, it is text in the SVG. */
class MeshGraphTest {

    @Test
    void labelsAreTextNeverMarkupAndEdgesCarryTheirHealth() {
        String svg = MeshGraph.svg(List.of(
                new TrafficEdge(
                        "<img src=x onerror=alert(1)>",
                        "a",
                        "de\"><script>x</script>",
                        new Signal(10, 50, 5.0, 9.0, 20.0),
                        true),
                new TrafficEdge("meshportal", "b", "fr", new Signal(3, 0, 5.0, 7.0, 9.0), false)));
        assertThat(svg).doesNotContain("<img").doesNotContain("<script").contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(svg)
                .contains("data-factory=\"a\" data-health=\"failing\"")
                .contains("data-factory=\"b\" data-health=\"healthy\"")
                .contains("10.0 req/s · 50.0 % errors · p99 20 ms · mTLS")
                .contains("stroke-dasharray=\"6 4\""); // b: plain text, drawn dashed
        assertThat(MeshGraph.svg(List.of())).startsWith("<svg").endsWith("</svg>");
    }
}
