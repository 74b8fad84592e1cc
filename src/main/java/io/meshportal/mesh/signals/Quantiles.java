package io.meshportal.mesh.signals;

/**
 * A quantile from cumulative histogram buckets, as Prometheus's histogram_quantile computes it
 * (promql/quantile.go): find the bucket holding the rank, interpolate linearly inside it; a rank in the +Inf
 * bucket gives the highest finite bound.
 */
final class Quantiles {

    private Quantiles() {}

    /**
     * @param bounds     the buckets' upper bounds, ascending, without +Inf
     * @param cumulative observations at or below each bound
     * @param total      all observations (the +Inf bucket)
     * @return null when there were no observations
     */
    static Double of(double q, double[] bounds, double[] cumulative, double total) {
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        double previousBound = 0;
        double previousCount = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= rank) {
                double inBucket = cumulative[i] - previousCount;
                if (inBucket <= 0) {
                    return bounds[i];
                }
                return previousBound + (bounds[i] - previousBound) * (rank - previousCount) / inBucket;
            }
            previousBound = bounds[i];
            previousCount = cumulative[i];
        }
        return bounds[bounds.length - 1];
    }
}
