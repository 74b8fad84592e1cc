package io.meshportal.factory;

import static io.meshportal.factory.ProductLine.require;

/**
 * How a factory's software version behaves on the line, so versions can be told apart by what they produce: a
 * version that slows the cycle, rejects more or stops more often shows it in output, reject share and OEE.
 *
 * @param cycleTimeFactor actual over designed cycle time: 1 as designed, 1.25 a quarter slower (1 to 5)
 * @param rejectRate      mean share of rejected units (0 to 1), or null for the model's 0.5-4 % per minute
 * @param stoppageRate    share of 15-minute blocks with an unplanned stoppage of 1-4 minutes (0 to 1)
 */
public record Tuning(double cycleTimeFactor, Double rejectRate, double stoppageRate) {

    /** As designed: the model's own variation. */
    public static final Tuning STANDARD = new Tuning(1.0, null, 0.15);

    public Tuning {
        require(
                Double.isFinite(cycleTimeFactor) && cycleTimeFactor >= 1 && cycleTimeFactor <= 5,
                "cycle time factor must be from 1 to 5");
        require(
                rejectRate == null || (Double.isFinite(rejectRate) && rejectRate >= 0 && rejectRate <= 1),
                "reject rate must be from 0 to 1");
        require(
                Double.isFinite(stoppageRate) && stoppageRate >= 0 && stoppageRate <= 1,
                "stoppage rate must be from 0 to 1");
    }

    public boolean standard() {
        return equals(STANDARD);
    }
}
