package io.meshportal.mesh;

/**
 * The golden signals of some traffic over the signals window: request rate, error share (5xx answers and requests
 * no upstream answered) and latency quantiles. Quantiles are null when there was no request to measure.
 */
public record Signal(
        double requestsPerSecond, double errorPercent, Double p50Millis, Double p95Millis, Double p99Millis) {

    public static final Signal NONE = new Signal(0, 0, null, null, null);

    /** How the traffic is doing, for colours: no traffic, healthy, degraded (≥ 1 % errors), failing (≥ 5 %). */
    public Health health() {
        if (requestsPerSecond <= 0) {
            return Health.IDLE;
        }
        return errorPercent >= 5 ? Health.FAILING : errorPercent >= 1 ? Health.DEGRADED : Health.HEALTHY;
    }

    public enum Health {
        IDLE,
        HEALTHY,
        DEGRADED,
        FAILING
    }
}
