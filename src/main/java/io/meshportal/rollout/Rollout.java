package io.meshportal.rollout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A rollout as kept in SQLite: its plan, where it is, and how it ended. */
@Entity
@Table(name = "rollout")
class Rollout {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(columnDefinition = "integer")
    private Long id;

    @Column(nullable = false, length = 63)
    private String factoryId;

    @Column(nullable = false, length = 20)
    private String stableVersion;

    @Column(nullable = false, length = 20)
    private String canaryVersion;

    private boolean automatic;

    @Column(nullable = false, length = 100)
    private String steps;

    private int dwellSeconds;
    private int minSamples;
    private double maxErrorPercentIncrease;
    private double maxP99Ratio;
    private double maxRejectPercentIncrease;
    private double maxOeeDrop;
    private double maxOutputDropPercent;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private RolloutState state;

    private int stepIndex;
    private int canaryWeight;
    private Instant stepStartedAt;

    @Column(nullable = false, length = 64)
    private String startedBy;

    @Column(nullable = false)
    private Instant startedAt;

    private Instant finishedAt;

    @Column(length = 1000)
    private String message;

    protected Rollout() {}

    Rollout(String factoryId, String stableVersion, RolloutPlan plan, String startedBy, Instant now) {
        this.factoryId = factoryId;
        this.stableVersion = stableVersion;
        this.canaryVersion = plan.version().name();
        this.automatic = plan.automatic();
        this.steps = plan.automatic()
                ? String.join(",", plan.steps().stream().map(String::valueOf).toList())
                : "";
        this.dwellSeconds = plan.automatic() ? (int) plan.dwell().toSeconds() : 0;
        this.minSamples = plan.minSamples();
        Thresholds t = plan.thresholds();
        this.maxErrorPercentIncrease = t.maxErrorPercentIncrease();
        this.maxP99Ratio = t.maxP99Ratio();
        this.maxRejectPercentIncrease = t.maxRejectPercentIncrease();
        this.maxOeeDrop = t.maxOeeDrop();
        this.maxOutputDropPercent = t.maxOutputDropPercent();
        this.state = RolloutState.RUNNING;
        this.stepIndex = -1;
        this.startedBy = startedBy;
        this.startedAt = now;
        this.stepStartedAt = now;
    }

    Long id() {
        return id;
    }

    String factoryId() {
        return factoryId;
    }

    RolloutState state() {
        return state;
    }

    boolean automatic() {
        return automatic;
    }

    List<Integer> steps() {
        return steps.isEmpty() ? List.of() : RolloutPlan.parseSteps(steps);
    }

    int stepIndex() {
        return stepIndex;
    }

    Duration dwell() {
        return Duration.ofSeconds(dwellSeconds);
    }

    int minSamples() {
        return minSamples;
    }

    Thresholds thresholds() {
        return new Thresholds(
                maxErrorPercentIncrease, maxP99Ratio, maxRejectPercentIncrease, maxOeeDrop, maxOutputDropPercent);
    }

    Instant stepStartedAt() {
        return stepStartedAt;
    }

    void step(int index, int weight, Instant now) {
        this.stepIndex = index;
        this.canaryWeight = weight;
        this.stepStartedAt = now;
    }

    void weight(int weight, Instant now) {
        this.canaryWeight = weight;
        this.stepStartedAt = now;
    }

    void message(String text) {
        this.message = text == null || text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }

    void hold(String why) {
        this.state = RolloutState.HELD;
        message(why);
    }

    void finish(RolloutState end, String why, Instant now) {
        this.state = end;
        this.finishedAt = now;
        message(why);
    }

    RolloutView view() {
        return new RolloutView(
                id,
                factoryId,
                stableVersion,
                canaryVersion,
                automatic,
                steps(),
                dwell(),
                minSamples,
                thresholds(),
                state,
                stepIndex,
                canaryWeight,
                stepStartedAt,
                startedBy,
                startedAt,
                finishedAt,
                message);
    }
}
