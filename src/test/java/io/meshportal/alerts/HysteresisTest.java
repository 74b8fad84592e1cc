package io.meshportal.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.alerts.Hysteresis.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HysteresisTest {

    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    /** Feeds one value per second; returns the seconds at which something happened, e.g. "12:FIRED". */
    static List<String> run(Hysteresis h, double... values) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Transition t = h.observe(values[i], T0.plusSeconds(i));
            if (t != Transition.NONE) {
                out.add(i + ":" + t);
            }
        }
        return out;
    }

    @Test
    void firesOnlyAfterTheConditionHeldLongEnough() {
        Hysteresis below10 = new Hysteresis(false, 10, Duration.ofSeconds(3));
        // a 2-second dip does not fire; a 4-second one fires at its 3rd second
        assertThat(run(below10, 12, 9, 9, 12, 9, 9, 9, 9)).containsExactly("7:FIRED");
    }

    @Test
    void wobblingAroundTheThresholdDoesNotFlap() {
        Hysteresis below10 = new Hysteresis(false, 10, Duration.ofSeconds(2));
        // fires, then values just above 10 (inside the 5 % band, below 10.5) never resolve it
        assertThat(run(below10, 5, 5, 5, 10.2, 9.9, 10.4, 10.1, 10.3, 10.2, 10.4))
                .containsExactly("2:FIRED");
        assertThat(below10.firing()).isTrue();
        // clearly back above the band for long enough: resolves once
        assertThat(run(below10, 11, 11, 11, 11)).containsExactly("2:RESOLVED");
    }

    @Test
    void aboveRulesAndUnknownValues() {
        Hysteresis above80 = new Hysteresis(true, 80, Duration.ZERO);
        assertThat(run(above80, 50, Double.NaN, 85, Double.NaN, 79, 75)).containsExactly("2:FIRED", "5:RESOLVED");
    }
}
