package io.meshportal.telemetry;

import io.meshportal.factory.FactoryState;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-size ring buffer of samples in primitive arrays (about 33 bytes a sample, so an hour at 1 s is ~120 KB),
 * allocated once: memory does not grow however long the portal runs.
 */
final class History {

    private static final FactoryState[] STATES = FactoryState.values();

    private final long[] times;
    private final float[] outputRates;
    private final float[] inputRates;
    private final float[] oees;
    private final long[] outputTotals;
    private final byte[] states;
    private int next;
    private int size;

    History(int capacity) {
        times = new long[capacity];
        outputRates = new float[capacity];
        inputRates = new float[capacity];
        oees = new float[capacity];
        outputTotals = new long[capacity];
        states = new byte[capacity];
    }

    synchronized void add(Sample s) {
        if (size > 0 && s.epochMillis() <= times[(next - 1 + times.length) % times.length]) {
            return; // same snapshot polled twice (or a clock step back): keep the series strictly increasing
        }
        times[next] = s.epochMillis();
        outputRates[next] = (float) s.outputRate();
        inputRates[next] = (float) s.inputRate();
        oees[next] = (float) s.oee();
        outputTotals[next] = s.outputTotal();
        states[next] = (byte) s.state().ordinal();
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** Samples at or after {@code fromEpochMillis}, oldest first. */
    synchronized List<Sample> since(long fromEpochMillis) {
        List<Sample> result = new ArrayList<>();
        int start = (next - size + times.length) % times.length;
        for (int i = 0; i < size; i++) {
            int at = (start + i) % times.length;
            if (times[at] >= fromEpochMillis) {
                result.add(new Sample(
                        times[at], STATES[states[at]], outputRates[at], inputRates[at], oees[at], outputTotals[at]));
            }
        }
        return result;
    }

    synchronized int size() {
        return size;
    }
}
