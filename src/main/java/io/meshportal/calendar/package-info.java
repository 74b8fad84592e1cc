/**
 * A factory's local time: its IANA time zone and its shift calendar (shift starts and lengths, planned breaks). The
 * one time model every feature uses for "today", shifts, reports, targets and maintenance windows; owned by the
 * portal and never pushed into a factory's pod template, so a change needs no redeploy.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(allowedDependencies = {"base", "security", "audit", "fleet"})
package io.meshportal.calendar;

import org.springframework.modulith.ApplicationModule;
