package io.meshportal.base.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Chart payload numbers: rounded to what the chart can show (plus one digit), gaps as null. */
class LiveChartNumberTest {

    @Test
    void numbersAreRoundedCompactAndGapsAreNull() {
        assertThat(format(86.18726647610895, 2)).isEqualTo("86.19");
        assertThat(format(0.30000000000000004, 2)).isEqualTo("0.3");
        assertThat(format(12.0, 2)).isEqualTo("12");
        assertThat(format(-3.14159, 3)).isEqualTo("-3.142");
        assertThat(format(Double.NaN, 2)).isEqualTo("null");
        assertThat(format(Double.POSITIVE_INFINITY, 2)).isEqualTo("null");
    }

    private static String format(double v, int decimals) {
        StringBuilder json = new StringBuilder();
        LiveChart.number(json, v, decimals);
        return json.toString();
    }
}
