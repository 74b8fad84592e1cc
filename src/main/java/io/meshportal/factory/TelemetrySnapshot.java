package io.meshportal.factory;

import java.time.Instant;
import java.util.List;

/**
 * The factory API v1 telemetry document ({@code GET /api/v1/telemetry}). Totals count since 00:00 UTC.
 *
 * @param shiftHours    the factory's shift length (its OEE covers the current shift); null from a factory that does
 *                      not report it (older than this field)
 * @param countingSince when the day's counters (units made and rejected, material in) last started from zero: a
 *                      counter that is lower than before without this instant having moved was not reset, and the
 *                      portal ignores the decrease instead of booking the new value as production. Null from a
 *                      factory older than this field.
 * @param shiftStart    when the OEE times and counts last started from zero (the factory's own shift); null from a
 *                      factory older than this field
 */
public record TelemetrySnapshot(
        String factoryId,
        String name,
        String country,
        String version,
        Instant timestamp,
        FactoryState state,
        List<Input> inputs,
        List<Output> outputs,
        Oee oee,
        Integer shiftHours,
        Instant countingSince,
        Instant shiftStart) {

    /** Products out per minute, all products together. */
    public double outputRate() {
        return outputs.stream().mapToDouble(Output::ratePerMinute).sum();
    }

    /** Material in per minute, all materials together. */
    public double inputRate() {
        return inputs.stream().mapToDouble(Input::ratePerMinute).sum();
    }

    /** Units made since 00:00 UTC, all products together. */
    public long outputTotal() {
        return outputs.stream().mapToLong(Output::total).sum();
    }

    public record Input(String material, String unit, double ratePerMinute, double total, double stock) {}

    public record Output(String product, String unit, double ratePerMinute, long total, long rejected) {}
}
