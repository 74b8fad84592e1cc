package io.meshportal.mesh.ui;

import io.meshportal.base.ui.Translations;
import io.meshportal.mesh.Signal;
import io.meshportal.mesh.TrafficEdge;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The traffic graph of the mesh as SVG: callers on the left, factories on the right grouped by cluster (country),
 * one edge per caller and factory with its rate, error share, p99 and mTLS state, coloured by health. Drawn on the
 * server (no script): every label is escaped, so a label value from Prometheus is always text, never markup.
 */
final class MeshGraph {

    static final int ROW = 56;
    static final int TOP = 40;

    private MeshGraph() {}

    static String svg(List<TrafficEdge> edges) {
        List<String> sources = new ArrayList<>(
                new TreeSet<>(edges.stream().map(TrafficEdge::source).toList()));
        Map<String, List<String>> byCluster = new TreeMap<>();
        edges.forEach(e -> byCluster.computeIfAbsent(e.cluster(), k -> new ArrayList<>()));
        for (TrafficEdge e : edges) {
            List<String> factories = byCluster.get(e.cluster());
            if (!factories.contains(e.factoryId())) {
                factories.add(e.factoryId());
            }
        }
        byCluster.values().forEach(list -> list.sort(String::compareTo));
        Map<String, Integer> factoryY = new TreeMap<>();
        StringBuilder groups = new StringBuilder();
        int y = TOP;
        for (var cluster : byCluster.entrySet()) {
            int start = y;
            for (String factory : cluster.getValue()) {
                factoryY.put(cluster.getKey() + "/" + factory, y + ROW / 2);
                y += ROW;
            }
            groups.append("<g class=\"cluster\"><rect x=\"560\" y=\"")
                    .append(start - 6)
                    .append("\" width=\"260\" height=\"")
                    .append(y - start + 2)
                    .append("\" rx=\"8\" fill=\"none\" stroke=\"#90a4ae\" stroke-dasharray=\"4 3\"/>")
                    .append("<text x=\"568\" y=\"")
                    .append(start + 8)
                    .append("\" font-size=\"11\" fill=\"#607d8b\">")
                    .append(escape(Translations.t("mesh.cluster", cluster.getKey())))
                    .append("</text></g>");
            y += 18;
        }
        int height = Math.max(y, TOP + sources.size() * ROW) + 10;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"840\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 840 ")
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(escape(Translations.t("graph.label")))
                .append("\">");
        svg.append(groups);
        for (TrafficEdge e : edges) {
            int sy = TOP + sources.indexOf(e.source()) * ROW + ROW / 2;
            int fy = factoryY.get(e.cluster() + "/" + e.factoryId());
            Signal s = e.signal();
            String colour = colour(s.health());
            svg.append("<g class=\"edge\" data-factory=\"")
                    .append(escape(e.factoryId()))
                    .append("\" data-health=\"")
                    .append(s.health().name().toLowerCase(Locale.ROOT))
                    .append("\">")
                    .append("<line x1=\"170\" y1=\"")
                    .append(sy)
                    .append("\" x2=\"590\" y2=\"")
                    .append(fy)
                    .append("\" stroke=\"")
                    .append(colour)
                    .append("\" stroke-width=\"")
                    .append(s.requestsPerSecond() > 0 ? 3 : 1)
                    .append("\"")
                    .append(Boolean.FALSE.equals(e.mutualTls()) ? " stroke-dasharray=\"6 4\"" : "")
                    .append("/>")
                    .append("<text x=\"")
                    .append(380)
                    .append("\" y=\"")
                    .append((sy + fy) / 2 - 6)
                    .append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"")
                    .append(colour)
                    .append("\">")
                    .append(escape(label(e)))
                    .append("</text></g>");
        }
        for (int i = 0; i < sources.size(); i++) {
            int sy = TOP + i * ROW + ROW / 2;
            svg.append("<g class=\"node source\"><rect x=\"20\" y=\"")
                    .append(sy - 16)
                    .append("\" width=\"150\" height=\"32\" rx=\"16\" fill=\"#e3f2fd\" stroke=\"#1565c0\"/>")
                    .append("<text x=\"95\" y=\"")
                    .append(sy + 4)
                    .append("\" font-size=\"12\" text-anchor=\"middle\">")
                    .append(escape(sources.get(i)))
                    .append("</text></g>");
        }
        for (var node : factoryY.entrySet()) {
            String factory = node.getKey().substring(node.getKey().indexOf('/') + 1);
            int fy = node.getValue();
            svg.append("<g class=\"node factory\"><rect x=\"590\" y=\"")
                    .append(fy - 16)
                    .append("\" width=\"200\" height=\"32\" rx=\"6\" fill=\"#f5f5f5\" stroke=\"#455a64\"/>")
                    .append("<text x=\"690\" y=\"")
                    .append(fy + 4)
                    .append("\" font-size=\"12\" text-anchor=\"middle\">")
                    .append(escape(factory))
                    .append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    static String label(TrafficEdge e) {
        Signal s = e.signal();
        String mtls = e.mutualTls() == null ? "" : e.mutualTls() ? " · mTLS" : " · " + Translations.t("graph.plain");
        return Translations.t(
                        "graph.edge",
                        String.format(Translations.locale(), "%.1f", s.requestsPerSecond()),
                        String.format(Translations.locale(), "%.1f", s.errorPercent()),
                        s.p99Millis() == null ? "—" : Math.round(s.p99Millis()) + " ms")
                + mtls;
    }

    static String colour(Signal.Health health) {
        return switch (health) {
            case IDLE -> "#9e9e9e";
            case HEALTHY -> "#2e7d32";
            case DEGRADED -> "#f9a825";
            case FAILING -> "#c62828";
        };
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
