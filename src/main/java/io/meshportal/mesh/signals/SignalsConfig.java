package io.meshportal.mesh.signals;

import io.meshportal.mesh.SignalsProperties;
import io.meshportal.mesh.SignalsSource;
import io.meshportal.mesh.SignalsUnavailable;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Where mesh signals come from: Prometheus when a URL is configured; else, on the embedded fleet, its own Service
 * proxies; else nothing, which the Mesh page says. A URL that is not http(s) is reported, never thrown at start.
 */
@Configuration(proxyBeanMethods = false)
class SignalsConfig {

    @Bean
    SignalsSource signalsSource(SignalsProperties properties, MeterRegistry registry, Environment environment) {
        List<String> urls = new ArrayList<>();
        if (properties.prometheusUrl() != null && !properties.prometheusUrl().isBlank()) {
            urls.add(properties.prometheusUrl().trim());
        }
        urls.addAll(properties.prometheusUrls().values());
        if (!urls.isEmpty()) {
            List<URI> servers = new ArrayList<>();
            for (String url : urls) {
                URI uri = parse(url);
                if (uri == null) {
                    return unavailable("meshportal.mesh.prometheus-url is not an http(s) URL: " + url, false);
                }
                servers.add(uri);
            }
            return new PrometheusSignals(servers, properties.window(), properties.signalsTimeout());
        }
        if ("local".equals(environment.getProperty("meshportal.fleet.mode", "local"))) {
            return new EmbeddedSignals(registry, properties.embeddedWindow());
        }
        return unavailable(
                "No Prometheus configured: set meshportal.mesh.prometheus-url to a Prometheus that scrapes"
                        + " Istio's metrics",
                true);
    }

    private static URI parse(String url) {
        try {
            URI uri = URI.create(url.endsWith("/") ? url : url + "/");
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    ? uri
                    : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SignalsSource unavailable(String why, boolean notConfigured) {
        return new SignalsSource() {
            @Override
            public String description() {
                return "no source";
            }

            @Override
            public Readings read() {
                throw new SignalsUnavailable(why, notConfigured);
            }
        };
    }
}
