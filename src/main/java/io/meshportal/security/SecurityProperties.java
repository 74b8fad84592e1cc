package io.meshportal.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param adminPassword  initial admin password (e.g. from a Kubernetes Secret via MESHPORTAL_SECURITY_ADMIN_PASSWORD);
 *                       when empty a random one is generated and written to the credentials file
 * @param demoAccounts   create an office manager and one manager per demo factory on first start
 * @param throttleFreeAttempts failed sign-ins of an account from one address before each next attempt waits
 *                             (1 s, then doubling); ten times as many from one address across accounts
 * @param throttleMaxDelay     the longest such wait
 * @param localAccounts        sign-in with the portal's own accounts (user name and password); switch off when
 *                             everybody signs in through the OpenID Connect provider
 */
@ConfigurationProperties("meshportal.security")
public record SecurityProperties(
        String adminPassword,
        @DefaultValue("true") boolean demoAccounts,
        @DefaultValue("3") int throttleFreeAttempts,
        @DefaultValue("15m") Duration throttleMaxDelay,
        @DefaultValue("true") boolean localAccounts) {}
