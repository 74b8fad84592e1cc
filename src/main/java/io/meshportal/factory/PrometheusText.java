package io.meshportal.factory;

/** Writes the factory's numbers in the Prometheus text exposition format (0.0.4). */
final class PrometheusText {

    private final StringBuilder out = new StringBuilder(2048);

    static String of(TelemetrySnapshot s, long requests) {
        PrometheusText p = new PrometheusText();
        String f = "factory=\"" + escape(s.factoryId()) + "\"";
        p.family("meshportal_factory_output_total", "counter", "Units produced since 00:00 UTC");
        s.outputs()
                .forEach(o -> p.sample(
                        "meshportal_factory_output_total", f + ",product=\"" + escape(o.product()) + "\"", o.total()));
        p.family("meshportal_factory_rejected_total", "counter", "Units rejected since 00:00 UTC");
        s.outputs()
                .forEach(o -> p.sample(
                        "meshportal_factory_rejected_total",
                        f + ",product=\"" + escape(o.product()) + "\"",
                        o.rejected()));
        p.family("meshportal_factory_output_rate_per_minute", "gauge", "Current output rate");
        s.outputs()
                .forEach(o -> p.sample(
                        "meshportal_factory_output_rate_per_minute",
                        f + ",product=\"" + escape(o.product()) + "\"",
                        o.ratePerMinute()));
        p.family("meshportal_factory_input_total", "counter", "Material consumed since 00:00 UTC");
        s.inputs()
                .forEach(i -> p.sample(
                        "meshportal_factory_input_total", f + ",material=\"" + escape(i.material()) + "\"", i.total()));
        p.family("meshportal_factory_stock", "gauge", "Material in stock");
        s.inputs()
                .forEach(i -> p.sample(
                        "meshportal_factory_stock", f + ",material=\"" + escape(i.material()) + "\"", i.stock()));
        p.family("meshportal_factory_oee_ratio", "gauge", "OEE of the current shift and its factors");
        p.sample(
                "meshportal_factory_oee_ratio",
                f + ",factor=\"availability\"",
                s.oee().availability());
        p.sample(
                "meshportal_factory_oee_ratio",
                f + ",factor=\"performance\"",
                s.oee().performance());
        p.sample(
                "meshportal_factory_oee_ratio",
                f + ",factor=\"quality\"",
                s.oee().quality());
        p.sample("meshportal_factory_oee_ratio", f + ",factor=\"oee\"", s.oee().oee());
        p.family("meshportal_factory_state", "gauge", "1 for the current state");
        for (FactoryState state : FactoryState.values()) {
            p.sample("meshportal_factory_state", f + ",state=\"" + state + "\"", state == s.state() ? 1 : 0);
        }
        p.family("meshportal_factory_http_requests_total", "counter", "HTTP requests served");
        p.sample("meshportal_factory_http_requests_total", f, requests);
        return p.out.toString();
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name).append('{').append(labels).append("} ");
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
