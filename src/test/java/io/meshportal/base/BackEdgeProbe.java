package io.meshportal.base;

/**
 * Used by nothing. {@code ModularityTest} adds it to the production classes to show that the module rules fail
 * on a back edge: the shared kernel reaching up into a feature.
 */
final class BackEdgeProbe {

    io.meshportal.alerts.AlertService alerts;
}
