package io.meshportal.alerts;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param webhookAllowedHosts where webhooks may go: empty allows any host whose addresses are public or private
 *                            network ones; otherwise only these host names or IP addresses. Loopback, link-local
 *                            (cloud metadata among them) and unspecified addresses are refused unless the host is
 *                            listed here by name or address.
 */
@ConfigurationProperties("meshportal.alerts")
public record AlertsProperties(@DefaultValue List<String> webhookAllowedHosts) {

    public AlertsProperties {
        webhookAllowedHosts = webhookAllowedHosts == null ? List.of() : List.copyOf(webhookAllowedHosts);
    }
}
