package io.meshportal.telemetry;

import io.meshportal.calendar.ShiftTime;
import io.meshportal.factory.Oee;
import io.meshportal.telemetry.rollup.Increase;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One factory's running figures in its own local time: what it made and took in this production day, and OEE's
 * times and counts this shift (planned breaks of the calendar left out). Built from the same counted increases as
 * the minute history, so the live tile and the day's report agree; started from the stored minutes of the day and
 * shift when the portal starts mid-shift.
 */
final class LiveCount {

    /** The zone and calendar the day and shift were counted in; another one counts them again. */
    io.meshportal.calendar.FactoryTime time;

    LocalDate day;
    ShiftTime shift;
    final Map<String, double[]> products = new LinkedHashMap<>(); // product → {made, rejected} today
    final Map<String, Double> materials = new LinkedHashMap<>(); // material → in today
    double planned;
    double run;
    double ideal;
    double total;
    double good;

    /** Starts a new production day: the day's counts from zero. */
    void newDay(LocalDate day) {
        this.day = day;
        products.clear();
        materials.clear();
    }

    /** Starts a new shift: OEE's sums from zero. */
    void newShift(ShiftTime shift) {
        this.shift = shift;
        planned = run = ideal = total = good = 0;
    }

    void add(double share, Increase inc, boolean inPlannedBreak) {
        inc.products().forEach((product, mr) -> {
            double[] p = products.computeIfAbsent(product, k -> new double[2]);
            p[0] += share * mr[0];
            p[1] += share * mr[1];
        });
        inc.materials().forEach((material, in) -> materials.merge(material, share * in, Double::sum));
        if (!inPlannedBreak) {
            planned += share * inc.plannedSeconds();
            run += share * inc.runSeconds();
            ideal += share * inc.idealSeconds();
            total += share * inc.totalCount();
            good += share * inc.goodCount();
        }
    }

    /** Adds what was stored before this process counted (the day's and the shift's minutes already written). */
    void addBase(Base base) {
        base.products().forEach((product, mr) -> {
            double[] p = products.computeIfAbsent(product, k -> new double[2]);
            p[0] += mr[0];
            p[1] += mr[1];
        });
        base.materials().forEach((material, in) -> materials.merge(material, in, Double::sum));
        planned += base.shiftOee().plannedSeconds();
        run += base.shiftOee().runSeconds();
        ideal += base.shiftOee().idealSeconds();
        total += base.shiftOee().totalCount();
        good += base.shiftOee().goodCount();
    }

    Oee oee() {
        return Oee.of(planned, run, ideal, Math.round(total), Math.round(good));
    }

    /**
     * What the history already holds for a day and a shift.
     *
     * @param products product → {made, rejected} since the day's start
     * @param materials material → in since the day's start (all materials as "" when stored only as a total)
     */
    record Base(LocalDate day, Map<String, long[]> products, Map<String, Double> materials, Oee shiftOee) {}
}
