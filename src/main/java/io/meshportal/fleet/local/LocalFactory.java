package io.meshportal.fleet.local;

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

    void autoscale(Integer min, Integer max) {
        this.autoscaleMin = min;
        this.autoscaleMax = max;
    }
}
