package io.meshportal.factory;

import static io.meshportal.factory.ProductLine.require;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything the simulation needs: together with the time it fixes every number a factory reports.
 *
 * @param id         DNS-1123 label: it becomes Kubernetes names (Deployment, Service) and seeds the variation
 * @param country    ISO 3166 alpha-2 code, upper case
 * @param shiftHours length of a shift; shifts start at midnight UTC and OEE is reported for the current one
 * @param version    the software version this process runs (a DNS label; Istio's {@code version} pod label)
 * @param tuning     how that version behaves on the line
 */
public record FactorySpec(
        String id,
        String name,
        String country,
        String version,
        List<ProductLine> lines,
        int shiftHours,
        Tuning tuning) {

    public static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public FactorySpec {
        require(
                id != null && DNS_LABEL.matcher(id).matches(),
                "id must be a DNS-1123 label (lower-case letters, digits, '-', at most 63): " + id);
        require(name != null && !name.isBlank() && name.length() <= 100, "name must be 1-100 characters");
        require(country != null && COUNTRY.matcher(country).matches(), "country must be a two-letter code like DE");
        require(version != null && !version.isBlank() && version.length() <= 32, "version must be 1-32 characters");
        require(lines != null && !lines.isEmpty() && lines.size() <= 20, "a factory needs 1-20 product lines");
        require(
                shiftHours == 6 || shiftHours == 8 || shiftHours == 12 || shiftHours == 24,
                "shift length must be 6, 8, 12 or 24 hours");
        require(tuning != null, "tuning must be given (Tuning.STANDARD: as designed)");
        lines = List.copyOf(lines);
        var products = new HashSet<String>();
        for (ProductLine line : lines) {
            require(products.add(line.product()), "product listed twice: " + line.product());
        }
    }

    /** A version that behaves as designed. */
    public FactorySpec(
            String id, String name, String country, String version, List<ProductLine> lines, int shiftHours) {
        this(id, name, country, version, lines, shiftHours, Tuning.STANDARD);
    }

    /** The same factory running another version. */
    public FactorySpec withVersion(String newVersion, Tuning newTuning) {
        return new FactorySpec(id, name, country, newVersion, lines, shiftHours, newTuning);
    }

    /** The standard demo mix: wood in, chairs and tables out. */
    public static FactorySpec furniture(String id, String name, String country) {
        return new FactorySpec(
                id,
                name,
                country,
                "v1",
                List.of(
                        new ProductLine("chair", "pcs", "wood", "kg", 6.5, 40, 4),
                        new ProductLine("table", "pcs", "wood", "kg", 24, 150, 3)),
                8);
    }
}
