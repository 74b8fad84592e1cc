package io.meshportal.fleet;

/** What a new factory makes, in the factory API's product-line notation (see FactoryConfig). */
public enum ProductMix {
    FURNITURE("Chairs and tables from wood", "chair:wood:6.5:40:%d,table:wood:24:150:%d"),
    SEATING("Chairs and stools from oak", "chair:oak:5.5:35:%d,stool:oak:3:20:%d"),
    TABLES("Tables from pine", "table:pine:20:120:%d"),
    CABINETS("Cabinets and shelves from birch", "cabinet:birch:35:300:%d,shelf:birch:8:60:%d");

    private final String label;
    private final String lines;

    ProductMix(String label, String lines) {
        this.label = label;
        this.lines = lines;
    }

    public String label() {
        return label;
    }

    /** The product lines with {@code stations} stations each. */
    public String lines(int stations) {
        return lines.replace("%d", String.valueOf(stations));
    }
}
