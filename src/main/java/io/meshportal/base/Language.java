package io.meshportal.base;

import java.util.Locale;
import java.util.Optional;

/** The languages the portal speaks: those of the countries its factories are in, and English. */
public enum Language {
    ENGLISH("en", "English"),
    GERMAN("de", "Deutsch"),
    FRENCH("fr", "Français"),
    PORTUGUESE("pt", "Português"),
    POLISH("pl", "Polski");

    private final String tag;
    private final String nativeName;

    Language(String tag, String nativeName) {
        this.tag = tag;
        this.nativeName = nativeName;
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
