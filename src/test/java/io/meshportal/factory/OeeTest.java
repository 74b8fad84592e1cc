package io.meshportal.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OeeTest {

    @Test
    void textbookCase() {
        // 8 h shift minus 30 min break = 420 min planned; 47 min down -> 373 min run;
        // ideal cycle 1 s, 19,271 units, 423 rejected (a classic worked example).
        Oee oee = Oee.of(420 * 60, 373 * 60, 19_271 * 1.0, 19_271, 19_271 - 423);
        assertThat(oee.availability()).isCloseTo(373.0 / 420, within(1e-9));
        assertThat(oee.performance()).isCloseTo(19_271 / (373 * 60.0), within(1e-9));
        assertThat(oee.quality()).isCloseTo(18_848 / 19_271.0, within(1e-9));
        // by hand: the product cancels to (373 * 18,848) / (420 * 22,380) = 7,030,304 / 9,399,600 = 0.74794
        assertThat(oee.oee()).isCloseTo(7_030_304 / 9_399_600.0, within(1e-12)).isCloseTo(0.74794, within(1e-5));
    }

    @Test
    void nothingPlannedIsZeroNotNaN() {
        Oee none = Oee.of(0, 0, 0, 0, 0);
        assertThat(none.availability()).isZero();
        assertThat(none.performance()).isZero();
        assertThat(none.quality()).isZero();
        assertThat(none.oee()).isZero();
    }

    @Test
    void combiningAddsCountsInsteadOfAveragingRatios() {
        Oee big = Oee.of(1000, 1000, 900, 900, 900); // OEE 0.9
        Oee small = Oee.of(100, 50, 25, 25, 0); // OEE 0
        Oee fleet = big.plus(small);
        assertThat(fleet.availability()).isCloseTo(1050 / 1100.0, within(1e-9));
        assertThat(fleet.performance()).isCloseTo(925 / 1050.0, within(1e-9));
        assertThat(fleet.quality()).isCloseTo(900 / 925.0, within(1e-9));
        assertThat(fleet.oee()).isCloseTo(900 / 1100.0, within(1e-9)).isNotCloseTo(0.45, within(0.01));
    }
}
