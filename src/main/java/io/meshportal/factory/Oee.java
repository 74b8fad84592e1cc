package io.meshportal.factory;

/**
 * Overall equipment effectiveness per ISO 22400 with the times and counts it is computed from, so that OEE of
 * several factories is computed from summed counts, never averaged.
 *
 * @param plannedSeconds planned busy time (equipment-seconds; planned breaks and maintenance excluded)
 * @param runSeconds     actual production time
 * @param idealSeconds   ideal cycle time × produced quantity
 */
public record Oee(
        double availability,
        double performance,
        double quality,
        double oee,
        double plannedSeconds,
        double runSeconds,
        double idealSeconds,
        long totalCount,
        long goodCount) {

    public static final Oee NONE = of(0, 0, 0, 0, 0);

    /** Availability = run / planned, performance = ideal / run, quality = good / total; each 0 when undefined. */
    public static Oee of(double plannedSeconds, double runSeconds, double idealSeconds, long total, long good) {
        double availability = ratio(runSeconds, plannedSeconds);
        double performance = ratio(idealSeconds, runSeconds);
        double quality = ratio(good, total);
        return new Oee(
                availability,
                performance,
                quality,
                availability * performance * quality,
                plannedSeconds,
                runSeconds,
                idealSeconds,
                total,
                good);
    }

    /** Combines by adding the underlying times and counts. */
    public Oee plus(Oee other) {
        return of(
                plannedSeconds + other.plannedSeconds,
                runSeconds + other.runSeconds,
                idealSeconds + other.idealSeconds,
                totalCount + other.totalCount,
                goodCount + other.goodCount);
    }

    private static double ratio(double numerator, double denominator) {
        return denominator <= 0 ? 0 : numerator / denominator;
    }
}
