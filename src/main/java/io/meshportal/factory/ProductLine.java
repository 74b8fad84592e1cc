package io.meshportal.factory;

import java.util.regex.Pattern;

/**
 * One production line of a factory: turns a material into a product.
 *
 * @param idealCycleSeconds ideal time for one unit on one station (ISO 22400 "ideal cycle time")
 * @param stations          parallel stations on the line (capacity)
 */
public record ProductLine(
        String product,
        String unit,
        String material,
        String materialUnit,
        double materialPerUnit,
        double idealCycleSeconds,
        int stations) {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public ProductLine {
        require(
                product != null && NAME.matcher(product).matches(),
                "product must be a short lower-case name: " + product);
        require(
                material != null && NAME.matcher(material).matches(),
                "material must be a short lower-case name: " + material);
        require(unit != null && !unit.isBlank() && unit.length() <= 16, "unit must be 1-16 characters");
        require(
                materialUnit != null && !materialUnit.isBlank() && materialUnit.length() <= 16,
                "material unit must be 1-16 characters");
        require(materialPerUnit > 0 && materialPerUnit <= 10_000, "material per unit must be in (0, 10000]");
        require(idealCycleSeconds >= 0.1 && idealCycleSeconds <= 86_400, "ideal cycle time must be 0.1 s to 1 day");
        require(stations >= 1 && stations <= 1000, "stations must be 1-1000");
    }

    /** Units per minute at ideal speed on all stations. */
    public double idealPerMinute() {
        return stations * 60.0 / idealCycleSeconds;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
