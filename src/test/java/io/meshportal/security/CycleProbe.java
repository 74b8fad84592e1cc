package io.meshportal.security;

/**
 * Used by nothing. {@code ModularityTest} adds it to the production classes to show that the module rules fail
 * on a cycle: security calling the fleet, which depends on security (as UsersView once did).
 */
final class CycleProbe {

    io.meshportal.fleet.FleetService fleet;
}
