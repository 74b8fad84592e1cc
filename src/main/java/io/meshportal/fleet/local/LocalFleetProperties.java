package io.meshportal.fleet.local;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded fleet: demo factories started on loopback ports on first start.
 *
 * @param factories    demo factories; when none are configured a furniture fleet of four countries is used
 * @param restartDelay how long a dead replica stays down before it is started again (a kubelet's first back-off)
 */
@ConfigurationProperties("meshportal.fleet.local")
public record LocalFleetProperties(
        @DefaultValue List<DemoFactory> factories, @DefaultValue("10s") java.time.Duration restartDelay) {

    /** @param products product lines as in FACTORY_PRODUCTS ({@code product:material:perUnit:cycleSeconds:stations,…}) */
    public record DemoFactory(String id, String name, String country, String products) {}

    List<DemoFactory> factoriesOrDefault() {
        if (!factories.isEmpty()) {
            return factories;
        }
        return List.of(
                new DemoFactory("berlin-1", "Berlin Furniture Works", "DE", null),
                new DemoFactory("lyon-1", "Lyon Ateliers", "FR", "chair:oak:5.5:35:5,stool:oak:3:20:2"),
                new DemoFactory("porto-1", "Porto Woodcraft", "PT", "table:pine:20:120:4"),
                new DemoFactory("krakow-1", "Krakow Joinery", "PL", "cabinet:birch:35:300:6,shelf:birch:8:60:3"));
    }
}
