package io.meshportal.security;

import java.util.List;

/**
 * Which factories exist, for binding a factory manager to one. The fleet answers it; security only asks, so the
 * dependency runs from the fleet to security and never back.
 */
public interface FactoryDirectory {

    boolean exists(String factoryId);

    /** Every factory id, sorted. */
    List<String> factoryIds();
}
