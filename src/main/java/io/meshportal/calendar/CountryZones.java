package io.meshportal.calendar;

import java.time.ZoneId;
import java.util.Map;

/**
 * A factory's default time zone from its country: the country's most populous zone in the IANA tz database
 * (its first line in {@code zone1970.tab}). Countries with several zones (US, BR, RU, AU, CA, MX, …) get that one
 * and should be set on the factory page; an unknown country gets UTC.
 */
public final class CountryZones {

    private static final Map<String, String> ZONES = Map.ofEntries(
            Map.entry("AE", "Asia/Dubai"),
            Map.entry("AR", "America/Argentina/Buenos_Aires"),
            Map.entry("AT", "Europe/Vienna"),
            Map.entry("AU", "Australia/Sydney"),
            Map.entry("BE", "Europe/Brussels"),
            Map.entry("BG", "Europe/Sofia"),
            Map.entry("BR", "America/Sao_Paulo"),
            Map.entry("CA", "America/Toronto"),
            Map.entry("CH", "Europe/Zurich"),
            Map.entry("CL", "America/Santiago"),
            Map.entry("CN", "Asia/Shanghai"),
            Map.entry("CO", "America/Bogota"),
            Map.entry("CZ", "Europe/Prague"),
            Map.entry("DE", "Europe/Berlin"),
            Map.entry("DK", "Europe/Copenhagen"),
            Map.entry("EE", "Europe/Tallinn"),
            Map.entry("EG", "Africa/Cairo"),
            Map.entry("ES", "Europe/Madrid"),
            Map.entry("FI", "Europe/Helsinki"),
            Map.entry("FR", "Europe/Paris"),
            Map.entry("GB", "Europe/London"),
            Map.entry("GR", "Europe/Athens"),
            Map.entry("HR", "Europe/Zagreb"),
            Map.entry("HU", "Europe/Budapest"),
            Map.entry("ID", "Asia/Jakarta"),
            Map.entry("IE", "Europe/Dublin"),
            Map.entry("IL", "Asia/Jerusalem"),
            Map.entry("IN", "Asia/Kolkata"),
            Map.entry("IT", "Europe/Rome"),
            Map.entry("JP", "Asia/Tokyo"),
            Map.entry("KR", "Asia/Seoul"),
            Map.entry("LT", "Europe/Vilnius"),
            Map.entry("LU", "Europe/Luxembourg"),
            Map.entry("LV", "Europe/Riga"),
            Map.entry("MA", "Africa/Casablanca"),
            Map.entry("MX", "America/Mexico_City"),
            Map.entry("MY", "Asia/Kuala_Lumpur"),
            Map.entry("NG", "Africa/Lagos"),
            Map.entry("NL", "Europe/Amsterdam"),
            Map.entry("NO", "Europe/Oslo"),
            Map.entry("NZ", "Pacific/Auckland"),
            Map.entry("PE", "America/Lima"),
            Map.entry("PH", "Asia/Manila"),
            Map.entry("PK", "Asia/Karachi"),
            Map.entry("PL", "Europe/Warsaw"),
            Map.entry("PT", "Europe/Lisbon"),
            Map.entry("RO", "Europe/Bucharest"),
            Map.entry("RS", "Europe/Belgrade"),
            Map.entry("RU", "Europe/Moscow"),
            Map.entry("SA", "Asia/Riyadh"),
            Map.entry("SE", "Europe/Stockholm"),
            Map.entry("SG", "Asia/Singapore"),
            Map.entry("SI", "Europe/Ljubljana"),
            Map.entry("SK", "Europe/Bratislava"),
            Map.entry("TH", "Asia/Bangkok"),
            Map.entry("TR", "Europe/Istanbul"),
            Map.entry("TW", "Asia/Taipei"),
            Map.entry("UA", "Europe/Kyiv"),
            Map.entry("US", "America/New_York"),
            Map.entry("VN", "Asia/Ho_Chi_Minh"),
            Map.entry("ZA", "Africa/Johannesburg"));

    private CountryZones() {}

    /** The default zone for an ISO 3166 alpha-2 country code; UTC when unknown. */
    public static ZoneId of(String country) {
        String zone = country == null ? null : ZONES.get(country.toUpperCase(java.util.Locale.ROOT));
        return ZoneId.of(zone == null ? "UTC" : zone);
    }
}
