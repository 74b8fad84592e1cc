package io.meshportal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Claims to role and factory: the mapping rules, and claims that are wrong refused with a reason. */
class OidcClaimsTest {

    static final OidcProperties PROPS = new OidcProperties(
            "http://idp.example/realms/acme",
            "meshportal",
            null,
            "Acme",
            "preferred_username",
            "groups",
            Map.of(
                    Role.ADMIN, List.of("portal-admins"),
                    Role.OFFICE_MANAGER, List.of("portal-office", "head-office"),
                    Role.FACTORY_MANAGER, List.of("portal-factory")),
            "factory",
            Duration.ofSeconds(5));

    @Test
    void groupsGiveTheMostPrivilegedMappedRole() {
        assertThat(OidcClaims.map(
                        Map.of(
                                "preferred_username",
                                "Jane.Doe@Acme.example",
                                "groups",
                                List.of("staff", "portal-factory", "head-office")),
                        PROPS))
                .isEqualTo(new OidcClaims.Access("jane.doe@acme.example", Role.OFFICE_MANAGER, null));
        assertThat(OidcClaims.map(Map.of("preferred_username", "root", "groups", "portal-admins"), PROPS))
                .isEqualTo(new OidcClaims.Access("root", Role.ADMIN, null));
        assertThat(OidcClaims.map(
                        Map.of("preferred_username", "fm", "groups", List.of("portal-factory"), "factory", "berlin-1"),
                        PROPS))
                .isEqualTo(new OidcClaims.Access("fm", Role.FACTORY_MANAGER, "berlin-1"));
    }

    @Test
    void wrongClaimsAreRefusedWithAReason() {
        refused(Map.of("groups", List.of("portal-admins")), SignInRefused.Reason.BAD_CLAIMS);
        refused(
                Map.of("preferred_username", "x".repeat(65), "groups", "portal-admins"),
                SignInRefused.Reason.BAD_CLAIMS);
        refused(Map.of("preferred_username", "a b", "groups", "portal-admins"), SignInRefused.Reason.BAD_CLAIMS);
        refused(Map.of("preferred_username", List.of("a"), "groups", "portal-admins"), SignInRefused.Reason.BAD_CLAIMS);
        refused(Map.of("preferred_username", "jane", "groups", List.of("staff")), SignInRefused.Reason.NO_ROLE);
        refused(Map.of("preferred_username", "jane"), SignInRefused.Reason.NO_ROLE);
        refused(
                Map.of("preferred_username", "jane", "groups", List.of("portal-factory")),
                SignInRefused.Reason.NO_FACTORY);
        refused(
                Map.of("preferred_username", "jane", "groups", List.of("portal-factory"), "factory", "Berlin 1!"),
                SignInRefused.Reason.NO_FACTORY);
        List<String> many = IntStream.range(0, OidcClaims.MAX_VALUES + 1)
                .mapToObj(i -> "g" + i)
                .toList();
        refused(Map.of("preferred_username", "jane", "groups", many), SignInRefused.Reason.BAD_CLAIMS);
        refused(
                Map.of("preferred_username", "jane", "groups", List.of(Map.of("nested", "portal-admins"))),
                SignInRefused.Reason.BAD_CLAIMS);
        refused(Map.of("preferred_username", "jane", "groups", 42), SignInRefused.Reason.BAD_CLAIMS);
        refused(
                Map.of("preferred_username", "jane", "groups", Collections.nCopies(1, "y".repeat(300))),
                SignInRefused.Reason.BAD_CLAIMS);
    }

    @Test
    void configurationWithoutClientOrRolesIsRefusedAtStart() {
        assertThatThrownBy(() -> new OidcProperties(
                        "http://idp",
                        " ",
                        null,
                        "x",
                        "u",
                        "g",
                        Map.of(Role.ADMIN, List.of("a")),
                        "f",
                        Duration.ofSeconds(1)))
                .hasMessageContaining("client-id");
        assertThatThrownBy(() -> new OidcProperties(
                        "http://idp", "c", null, "x", "u", "g", Map.of(), "f", Duration.ofSeconds(1)))
                .hasMessageContaining("roles");
        assertThat(new OidcProperties(null, null, null, "x", "u", "g", null, "f", Duration.ofSeconds(1)).enabled())
                .isFalse();
    }

    private static void refused(Map<String, Object> claims, SignInRefused.Reason reason) {
        assertThatThrownBy(() -> OidcClaims.map(claims, PROPS)).isInstanceOfSatisfying(SignInRefused.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
        });
    }
}
