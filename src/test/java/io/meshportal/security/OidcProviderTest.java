package io.meshportal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * Discovery against a real HTTP server on loopback: a good document becomes the registration; a provider that is
 * down, slow, lying about its issuer, incomplete, malformed or huge is refused with a sentence, and a later good
 * answer is taken (the portal does not need a restart once the provider is back).
 */
class OidcProviderTest {

    HttpServer server;
    final AtomicReference<String> body = new AtomicReference<>();
    final AtomicReference<Integer> delayMillis = new AtomicReference<>(0);
    String issuer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/realms/acme/.well-known/openid-configuration", exchange -> {
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException clientGone) {
                // the portal stopped reading (size bound)
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // the slow answer blocks no other
        server.start();
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/acme";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aGoodDocumentBecomesTheRegistration() {
        body.set(document(issuer, ""));
        ClientRegistration registration = provider(issuer, "s3cret").findByRegistrationId("oidc");
        assertThat(registration.getProviderDetails().getAuthorizationUri()).isEqualTo(issuer + "/auth");
        assertThat(registration.getProviderDetails().getJwkSetUri()).isEqualTo(issuer + "/certs");
        assertThat(registration.getClientAuthenticationMethod())
                .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        assertThat(registration.getRedirectUri()).isEqualTo("{baseUrl}/login/oauth2/code/{registrationId}");
        assertThat(registration.getScopes()).contains("openid");
        assertThat(provider(issuer, "s3cret").findByRegistrationId("other")).isNull();
        // without a secret the client is public (PKCE)
        assertThat(provider(issuer, null).findByRegistrationId("oidc").getClientAuthenticationMethod())
                .isEqualTo(ClientAuthenticationMethod.NONE);
        // a provider that takes only client_secret_post gets it
        body.set(document(issuer, ", \"token_endpoint_auth_methods_supported\": [\"client_secret_post\"]"));
        assertThat(provider(issuer, "s3cret").findByRegistrationId("oidc").getClientAuthenticationMethod())
                .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
    }

    @Test
    void badProvidersAreRefusedWithASentenceAndAGoodAnswerLaterIsTaken() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        unavailable(provider("http://127.0.0.1:" + closed + "/realms/acme", null), "cannot be reached");

        OidcProvider provider = provider(issuer, null);
        body.set(document("http://evil.example/realms/acme", ""));
        unavailable(provider, "names itself http://evil.example/realms/acme");
        body.set("{\"issuer\": \"" + issuer + "\"}");
        unavailable(provider, "lacks authorization_endpoint");
        body.set("not json at all");
        unavailable(provider, "cannot be reached");
        body.set(document(issuer, ", \"padding\": \"" + "x".repeat(ProviderHttp.MAX_BODY_BYTES) + "\""));
        unavailable(provider, "cannot be reached");
        body.set(document(issuer, "").replace("[\"RS256\"]", "\"RS256\""));
        unavailable(provider, "malformed");
        delayMillis.set(3_000);
        body.set(document(issuer, ""));
        long start = System.nanoTime();
        unavailable(provider, "cannot be reached");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_900));
        delayMillis.set(0);
        // back: taken without a restart
        assertThat(provider.findByRegistrationId("oidc").getProviderDetails().getIssuerUri())
                .isEqualTo(issuer);
    }

    private static void unavailable(OidcProvider provider, String says) {
        assertThatThrownBy(() -> provider.findByRegistrationId("oidc"))
                .isInstanceOf(OidcProvider.ProviderUnavailable.class)
                .hasMessageContaining(says);
    }

    private static OidcProvider provider(String issuer, String secret) {
        return new OidcProvider(new OidcProperties(
                issuer,
                "meshportal",
                secret,
                "Acme",
                "preferred_username",
                "groups",
                Map.of(Role.ADMIN, List.of("admins")),
                "factory",
                Duration.ofSeconds(1)));
    }

    private static String document(String issuer, String extra) {
        return """
                {"issuer": "%1$s", "authorization_endpoint": "%1$s/auth", "token_endpoint": "%1$s/token",
                 "jwks_uri": "%1$s/certs", "userinfo_endpoint": "%1$s/userinfo",
                 "response_types_supported": ["code"], "subject_types_supported": ["public"],
                 "id_token_signing_alg_values_supported": ["RS256"]%2$s}
                """
                .formatted(issuer, extra);
    }
}
