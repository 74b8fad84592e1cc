package io.meshportal.fleet.local;

import io.meshportal.factory.Tuning;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A factory of the embedded fleet as stored in SQLite, so created factories come back after a restart. */
@Entity
@Table(name = "local_factory")
class LocalFactory {

    @Id
    @Column(length = 63)
    private String factoryId;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 2)
    private String country;

    @Column(nullable = false, length = 1000)
    private String products;

    private int replicas;
    private Integer autoscaleMin;
    private Integer autoscaleMax;
    private Instant createdAt;

    @Column(nullable = false, length = 20)
    private String version = "v1";

    private double cycleTimeFactor = 1.0;
    private Double rejectRate;
    private double stoppageRate = Tuning.STANDARD.stoppageRate();

    @Column(length = 20)
    private String canaryVersion;

    private Double canaryCycleTimeFactor;
    private Double canaryRejectRate;
    private Double canaryStoppageRate;
    private Integer canaryReplicas;
    private int canaryWeight;

    protected LocalFactory() {}

    LocalFactory(String factoryId, String name, String country, String products, int replicas, Instant createdAt) {
        this.factoryId = factoryId;
        this.name = name;
        this.country = country;
        this.products = products;
        this.replicas = replicas;
        this.createdAt = createdAt;
    }

    String factoryId() {
        return factoryId;
    }

    String name() {
        return name;
    }

    String country() {
        return country;
    }

    String products() {
        return products;
    }

    int replicas() {
        return replicas;
    }

    Integer autoscaleMin() {
        return autoscaleMin;
    }

    Integer autoscaleMax() {
        return autoscaleMax;
    }

    void replicas(int replicas) {
        this.replicas = replicas;
    }

    String version() {
        return version;
    }

    Tuning tuning() {
        return new Tuning(cycleTimeFactor, rejectRate, stoppageRate);
    }

    /** The canary's version and tuning, or null without a canary. */
    String canaryVersion() {
        return canaryVersion;
    }

    Tuning canaryTuning() {
        return new Tuning(canaryCycleTimeFactor, canaryRejectRate, canaryStoppageRate);
    }

    int canaryReplicas() {
        return canaryReplicas == null ? 0 : canaryReplicas;
    }

    int canaryWeight() {
        return canaryWeight;
    }

    void stable(String name, Tuning tuning) {
        this.version = name;
        this.cycleTimeFactor = tuning.cycleTimeFactor();
        this.rejectRate = tuning.rejectRate();
        this.stoppageRate = tuning.stoppageRate();
    }

    /** Sets the canary, or clears it with a null name. */
    void canary(String name, Tuning tuning, int replicas) {
        this.canaryVersion = name;
        this.canaryCycleTimeFactor = name == null ? null : tuning.cycleTimeFactor();
        this.canaryRejectRate = name == null ? null : tuning.rejectRate();
        this.canaryStoppageRate = name == null ? null : tuning.stoppageRate();
        this.canaryReplicas = name == null ? null : replicas;
        this.canaryWeight = 0;
    }

    void canaryWeight(int weight) {
        this.canaryWeight = weight;
    }

    void autoscale(Integer min, Integer max) {
        this.autoscaleMin = min;
        this.autoscaleMax = max;
    }

    Instant createdAt() {
        return createdAt;
    }
}
