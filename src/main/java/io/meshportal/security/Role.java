package io.meshportal.security;

/** The three roles (README, "Roles"); a FACTORY_MANAGER is always bound to exactly one factory. */
public enum Role {
    ADMIN("Administrator"),
    OFFICE_MANAGER("Office factory manager"),
    FACTORY_MANAGER("Factory manager");

    /** Names usable in {@code @RolesAllowed}. */
    public static final String ADMIN_NAME = "ADMIN";

    public static final String OFFICE_MANAGER_NAME = "OFFICE_MANAGER";
    public static final String FACTORY_MANAGER_NAME = "FACTORY_MANAGER";

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
