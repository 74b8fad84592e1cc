package io.meshportal.factory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A factory process's settings, from environment variables ({@code FACTORY_ID}, …) overridden by arguments
 * ({@code --id=…}), so a container, a shell and the portal's local fleet start a factory the same way.
 *
 * <p>{@code FACTORY_PRODUCTS} lists product lines as {@code product:material:materialPerUnit:idealCycleSeconds:stations},
 * comma separated, e.g. {@code chair:wood:6.5:40:4,table:wood:24:150:3}.
 */
public record FactoryConfig(FactorySpec spec, InetAddress bind, int port, boolean faultControl) {

    public static final String DEFAULT_PRODUCTS = "chair:wood:6.5:40:4,table:wood:24:150:3";

    public static FactoryConfig from(Map<String, String> env, String[] args) {
        Map<String, String> settings = new HashMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith("FACTORY_")) {
                settings.put(key.substring(8).toLowerCase(Locale.ROOT).replace('_', '-'), value);
            }
        });
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Arguments look like --name=value, not: " + arg);
            }
            settings.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        String id = required(settings, "id");
        FactorySpec spec = new FactorySpec(
                id,
                settings.getOrDefault("name", id),
                settings.getOrDefault("country", "DE"),
                settings.getOrDefault("version", "v1"),
                parseProducts(settings.getOrDefault("products", DEFAULT_PRODUCTS)),
                integer(settings, "shift-hours", 8),
                new Tuning(
                        decimal(settings, "cycle-time-factor", 1.0),
                        settings.containsKey("reject-rate") ? decimal(settings, "reject-rate", 0) : null,
                        decimal(settings, "stoppage-rate", Tuning.STANDARD.stoppageRate())));
        int port = integer(settings, "port", 8080);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        return new FactoryConfig(
                spec,
                address(settings.getOrDefault("bind", "0.0.0.0")),
                port,
                Boolean.parseBoolean(settings.getOrDefault("fault-control", "false")));
    }

    public static List<ProductLine> parseProducts(String text) {
        List<ProductLine> lines = new ArrayList<>();
        for (String item : text.split(",")) {
            String[] p = item.trim().split(":");
            if (p.length != 5) {
                throw new IllegalArgumentException(
                        "product line must be product:material:materialPerUnit:idealCycleSeconds:stations, got "
                                + item);
            }
            try {
                lines.add(new ProductLine(
                        p[0],
                        "pcs",
                        p[1],
                        "kg",
                        Double.parseDouble(p[2]),
                        Double.parseDouble(p[3]),
                        Integer.parseInt(p[4])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number in product line " + item);
            }
        }
        return lines;
    }

    /**
     * The inverse of {@link #parseProducts}: the text form, used only where a factory's lines cross a process
     * boundary (the container's FACTORY_PRODUCTS, the embedded fleet's database column).
     */
    public static String formatProducts(List<ProductLine> lines) {
        StringBuilder text = new StringBuilder();
        for (ProductLine line : lines) {
            if (!"pcs".equals(line.unit()) || !"kg".equals(line.materialUnit())) {
                throw new IllegalArgumentException("the text form counts products in pcs and materials in kg: " + line);
            }
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(line.product())
                    .append(':')
                    .append(line.material())
                    .append(':')
                    .append(number(line.materialPerUnit()))
                    .append(':')
                    .append(number(line.idealCycleSeconds()))
                    .append(':')
                    .append(line.stations());
        }
        return text.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static String required(Map<String, String> settings, String name) {
        String value = settings.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "missing --" + name + " (or FACTORY_" + name.toUpperCase(Locale.ROOT) + ")");
        }
        return value;
    }

    private static double decimal(Map<String, String> settings, String name, double fallback) {
        String value = settings.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got " + value);
        }
    }

    private static int integer(Map<String, String> settings, String name, int fallback) {
        String value = settings.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got " + value);
        }
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind must be an IP address, got " + host);
        }
    }
}
