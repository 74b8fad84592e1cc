package io.meshportal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.rollout.CanaryJudge.Decision;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {

    static final Thresholds T = Thresholds.DEFAULTS; // +1 pt errors, ×1.5 p99, +2 pt rejects, −5 pt OEE, −10 % output

    static VersionFigures figures(int samples, double output, double rejects, double oee, double errors, double p99) {
        return new VersionFigures("v", samples, output, rejects, oee, 1.0, errors, p99);
    }

    @Test
    void waitsForTheMinimumSamplesOnBothSides() {
        var stable = figures(10, 10, 2, 80, 0, 5);
        assertThat(CanaryJudge.judge(stable, figures(4, 10, 2, 80, 0, 5), T, 5).decision())
                .isEqualTo(Decision.WAIT);
        assertThat(CanaryJudge.judge(stable, figures(5, 10, 2, 80, 0, 5), T, 5).decision())
                .isEqualTo(Decision.PASS);
    }

    @Test
    void eachThresholdFailsOnItsOwnJustBeyondItsLimit() {
        var stable = figures(10, 10, 2, 80, 0.5, 40);
        assertThat(CanaryJudge.judge(stable, figures(10, 9.01, 3.99, 75.01, 1.49, 60), T, 5)
                        .decision())
                .as("every figure just inside its limit")
                .isEqualTo(Decision.PASS);
        assertThat(CanaryJudge.judge(stable, figures(10, 10, 2, 80, 1.6, 40), T, 5)
                        .reasons())
                .singleElement()
                .asString()
                .startsWith("errors");
        assertThat(CanaryJudge.judge(stable, figures(10, 10, 2, 80, 0.5, 70), T, 5)
                        .reasons())
                .singleElement()
                .asString()
                .startsWith("p99");
        assertThat(CanaryJudge.judge(stable, figures(10, 10, 4.1, 80, 0.5, 40), T, 5)
                        .reasons())
                .singleElement()
                .asString()
                .startsWith("rejects");
        assertThat(CanaryJudge.judge(stable, figures(10, 10, 2, 74.9, 0.5, 40), T, 5)
                        .reasons())
                .singleElement()
                .asString()
                .startsWith("OEE");
        assertThat(CanaryJudge.judge(stable, figures(10, 8.9, 2, 80, 0.5, 40), T, 5)
                        .reasons())
                .singleElement()
                .asString()
                .startsWith("output");
    }

    @Test
    void latencyBelowTheFloorIsNoise() {
        // 3 ms against 1 ms is three times as slow but 2 ms: loopback jitter, not a regression
        assertThat(CanaryJudge.judge(figures(10, 10, 2, 80, 0, 1), figures(10, 10, 2, 80, 0, 3), T, 5)
                        .decision())
                .isEqualTo(Decision.PASS);
    }

    @Test
    void missingMeshFiguresStillJudgeProduction() {
        var stable = new VersionFigures("v1", 10, 10.0, 2.0, 80.0, null, null, null);
        var bad = new VersionFigures("v2", 10, 10.0, 15.0, 70.0, null, null, null);
        assertThat(CanaryJudge.judge(stable, bad, T, 5).decision()).isEqualTo(Decision.FAIL);
        assertThat(CanaryJudge.judge(stable, bad, T, 5).reasons()).hasSize(2);
    }
}
