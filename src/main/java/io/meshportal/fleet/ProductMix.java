package io.meshportal.fleet;

import io.meshportal.factory.ProductLine;
import java.util.List;

/** What a new factory makes: its product lines, each with the same number of stations. */
public enum ProductMix {
    FURNITURE("Chairs and tables from wood", line("chair", "wood", 6.5, 40), line("table", "wood", 24, 150)),
    SEATING("Chairs and stools from oak", line("chair", "oak", 5.5, 35), line("stool", "oak", 3, 20)),
    TABLES("Tables from pine", line("table", "pine", 20, 120)),
    CABINETS("Cabinets and shelves from birch", line("cabinet", "birch", 35, 300), line("shelf", "birch", 8, 60));

    /** A product line without its station count, which comes from the factory's capacity. */
    record Line(String product, String material, double materialPerUnit, double idealCycleSeconds) {}

    private final String label;
    private final List<Line> lines;

    ProductMix(String label, Line... lines) {
        this.label = label;
        this.lines = List.of(lines);
    }

    private static Line line(String product, String material, double materialPerUnit, double idealCycleSeconds) {
        return new Line(product, material, materialPerUnit, idealCycleSeconds);
    }

    public String label() {
        return label;
    }

    /** The product lines with {@code stations} stations each. */
    public List<ProductLine> lines(int stations) {
        return lines.stream()
                .map(l -> new ProductLine(
                        l.product(), "pcs", l.material(), "kg", l.materialPerUnit(), l.idealCycleSeconds(), stations))
                .toList();
    }
}
