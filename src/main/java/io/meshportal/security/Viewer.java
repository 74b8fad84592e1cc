package io.meshportal.security;

import java.util.Objects;

/**
 * Who is asking: passed into every service call that reads or changes factory data, so that role and factory
 * scope are checked where the data is, not only in views. Views capture it once on attach because push
 * callbacks run without a security context.
 */
public record Viewer(String username, Role role, String factoryId) {

    public Viewer {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        if (role == Role.FACTORY_MANAGER && factoryId == null) {
            throw new IllegalArgumentException("A factory manager is bound to a factory");
        }
    }

    /**
     * The caller, or a denial when there is none. Every service method that takes a viewer starts with this, so
     * a call without a signed-in user fails closed with a denial instead of a NullPointerException.
     */
    public static Viewer signedIn(Viewer viewer) {
        if (viewer == null) {
            throw new AccessDeniedException("Not signed in");
        }
        return viewer;
    }

    /** True for roles that see every factory. */
    public boolean seesAllFactories() {
        return role == Role.ADMIN || role == Role.OFFICE_MANAGER;
    }

    public boolean canSee(String factory) {
        return seesAllFactories() || Objects.equals(factoryId, factory);
    }

    /** Create or delete factories, edit mesh policy. */
    public boolean canManageFleet() {
        return seesAllFactories();
    }

    /** Scale, restart, autoscale: office roles for all, a factory manager for their own factory only. */
    public boolean canOperate(String factory) {
        return canSee(factory);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public void requireCanSee(String factory) {
        if (!canSee(factory)) {
            throw new AccessDeniedException(username + " may not see factory " + factory);
        }
    }

    public void requireFleetManager() {
        if (!canManageFleet()) {
            throw new AccessDeniedException(username + " may not manage the fleet");
        }
    }

    public void requireAdmin() {
        if (!isAdmin()) {
            throw new AccessDeniedException(username + " is not an administrator");
        }
    }
}
