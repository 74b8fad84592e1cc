package io.meshportal.telemetry;

import io.meshportal.factory.FactoryState;

/** One point of a time series: a factory's (or the fleet's) numbers at one instant. */
public record Sample(
        long epochMillis, FactoryState state, double outputRate, double inputRate, double oee, long outputTotal) {}
