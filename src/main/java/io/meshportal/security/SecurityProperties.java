package io.meshportal.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param adminPassword  initial admin password (e.g. from a Kubernetes Secret via MESHPORTAL_SECURITY_ADMIN_PASSWORD);
 *                       when empty a random one is generated and written to the credentials file
 * @param demoAccounts   create an office manager and one manager per demo factory on first start
 * @param lockoutThreshold failed logins in a row that lock an account
 * @param lockoutDuration  how long a locked account stays locked
 */
@ConfigurationProperties("meshportal.security")
public record SecurityProperties(
        String adminPassword,
        @DefaultValue("true") boolean demoAccounts,
        @DefaultValue("5") int lockoutThreshold,
        @DefaultValue("5m") Duration lockoutDuration) {}
