package io.meshportal.base;

import java.util.Locale;
import java.util.Optional;

/** The languages the portal speaks: those of the countries its factories are in, and English. */
public enum Language {
    ENGLISH("en", "English", "GB"),
    GERMAN("de", "Deutsch", "DE"),
    FRENCH("fr", "Français", "FR"),
    PORTUGUESE("pt", "Português", "PT"),
    POLISH("pl", "Polski", "PL");

    private final String tag;
    private final String nativeName;
    private final String country;

    Language(String tag, String nativeName, String country) {
        this.tag = tag;
        this.nativeName = nativeName;
        this.country = country;
    }

    /** The country whose calendar rules (the week's first day) go with the language here. */
    public String country() {
        return country;
    }

    /** The BCP 47 language tag, as stored and as bundles are named. */
    public String tag() {
        return tag;
    }

    /** Its name in itself, as a language switch lists it (so a reader finds their own). */
    public String nativeName() {
        return nativeName;
    }

    public Locale locale() {
        return Locale.forLanguageTag(tag);
    }

    /** The language of a locale (its language part only); empty for one the portal does not speak. */
    public static Optional<Language> of(Locale locale) {
        if (locale == null) {
            return Optional.empty();
        }
        for (Language l : values()) {
            if (l.tag.equals(locale.getLanguage())) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    public static Optional<Language> ofTag(String tag) {
        return tag == null ? Optional.empty() : of(Locale.forLanguageTag(tag));
    }
}
