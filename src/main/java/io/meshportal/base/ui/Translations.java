package io.meshportal.base.ui;

import com.vaadin.flow.i18n.I18NProvider;
import io.meshportal.base.Language;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The UI's texts in every {@link Language}, from {@code vaadin-i18n/translations_<tag>.properties} (UTF-8). Vaadin
 * picks the browser's language among {@link #getProvidedLocales()} for a new screen; a user's own choice, stored
 * with the account, overrides it. A text with parameters is a {@link MessageFormat} pattern ({0}, and '' for an
 * apostrophe); one without is used as written. A missing key shows as the key, marked, and is logged — the bundle
 * test fails on it first.
 */
@Component
public class Translations implements I18NProvider {

    static final String BUNDLE = "vaadin-i18n.translations";
    private static final Logger log = LoggerFactory.getLogger(Translations.class);
    private static final List<Locale> LOCALES =
            Arrays.stream(Language.values()).map(Language::locale).toList();

    @Override
    public List<Locale> getProvidedLocales() {
        return LOCALES;
    }

    @Override
    public String getTranslation(String key, Locale locale, Object... params) {
        Language language = Language.of(locale).orElse(Language.ENGLISH);
        String pattern;
        try {
            pattern = bundle(language).getString(key);
        } catch (MissingResourceException e) {
            log.warn("No text for key {} in {}", key, language);
            return "!" + key + "!";
        }
        return params == null || params.length == 0
                ? pattern
                : new MessageFormat(pattern, language.locale()).format(params);
    }

    static ResourceBundle bundle(Language language) {
        // no fallback to the JVM's default locale: a key missing in one language must not silently show another
        return ResourceBundle.getBundle(
                BUNDLE,
                language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** A text in the current screen's language, for code outside a component (formatters, renderers). */
    public static String t(String key, Object... params) {
        // outside a Vaadin request (a unit test, a background thread) in English, as a new screen would be
        return com.vaadin.flow.server.VaadinService.getCurrent() == null
                ? OUTSIDE.getTranslation(key, Language.ENGLISH.locale(), params)
                : I18NProvider.translate(key, params);
    }

    private static final Translations OUTSIDE = new Translations();

    /**
     * A moment as the screen's language writes a date and time (medium style: "27 Nov 2026, 08:15:00" in English,
     * "27.11.2026, 08:15:00" in German), in UTC as the factories' shifts are, and said so.
     */
    public static String dateTime(java.time.Instant at) {
        return at == null
                ? "—"
                : java.time.format.DateTimeFormatter.ofLocalizedDateTime(java.time.format.FormatStyle.MEDIUM)
                                .withLocale(locale())
                                .withZone(java.time.ZoneOffset.UTC)
                                .format(at)
                        + " UTC";
    }

    /**
     * The date picker's own texts (Vaadin's are English only): month and day names as the screen's language writes
     * them, its first day of the week, and the buttons.
     */
    public static com.vaadin.flow.component.datepicker.DatePicker.DatePickerI18n datePicker() {
        Locale locale = locale();
        java.util.List<String> months = java.util.Arrays.stream(java.time.Month.values())
                .map(m -> m.getDisplayName(java.time.format.TextStyle.FULL_STANDALONE, locale))
                .toList();
        // the picker counts days from Sunday
        java.util.List<java.time.DayOfWeek> days = java.util.List.of(
                java.time.DayOfWeek.SUNDAY,
                java.time.DayOfWeek.MONDAY,
                java.time.DayOfWeek.TUESDAY,
                java.time.DayOfWeek.WEDNESDAY,
                java.time.DayOfWeek.THURSDAY,
                java.time.DayOfWeek.FRIDAY,
                java.time.DayOfWeek.SATURDAY);
        return new com.vaadin.flow.component.datepicker.DatePicker.DatePickerI18n()
                .setMonthNames(months)
                .setWeekdays(days.stream()
                        .map(d -> d.getDisplayName(java.time.format.TextStyle.FULL_STANDALONE, locale))
                        .toList())
                .setWeekdaysShort(days.stream()
                        .map(d -> d.getDisplayName(java.time.format.TextStyle.SHORT_STANDALONE, locale))
                        .toList())
                // a language alone has no calendar rules: those of its country here (English: Britain's Monday)
                .setFirstDayOfWeek(java.time.temporal.WeekFields.of(Locale.of(
                                        locale.getLanguage(),
                                        locale.getCountry().isEmpty()
                                                ? Language.of(locale)
                                                        .map(Language::country)
                                                        .orElse("GB")
                                                : locale.getCountry()))
                                .getFirstDayOfWeek()
                                .getValue()
                        % 7)
                .setToday(t("date.today"))
                .setCancel(t("action.cancel"));
    }

    /**
     * A problem a service reported (in English, as the API returns it) in the screen's language: the message is
     * matched against the English texts of the {@code problem.*} keys, whose parameters take what stands in their
     * place. A message no key matches is shown as it came.
     */
    public static String problem(String message) {
        if (message == null || Language.of(locale()).orElse(Language.ENGLISH) == Language.ENGLISH) {
            return message;
        }
        for (ProblemText p : PROBLEMS) {
            java.util.regex.Matcher m = p.pattern().matcher(message);
            if (m.matches()) {
                Object[] args = new Object[p.params().length];
                for (int i = 0; i < args.length; i++) {
                    // a part may itself be a problem ("Gave up after 5 attempts: the connection broke (...)")
                    args[p.params()[i]] = problem(m.group(i + 1));
                }
                return t(p.key(), args);
            }
        }
        return message;
    }

    /** An English problem text as a pattern, and which parameter each group holds. */
    private record ProblemText(String key, java.util.regex.Pattern pattern, int[] params, int literalLength) {}

    private static final List<ProblemText> PROBLEMS = problems();

    private static List<ProblemText> problems() {
        ResourceBundle english = bundle(Language.ENGLISH);
        java.util.regex.Pattern placeholder = java.util.regex.Pattern.compile("\\{(\\d+)}");
        List<ProblemText> out = new java.util.ArrayList<>();
        for (String key : english.keySet()) {
            if (!key.startsWith("problem.")) {
                continue;
            }
            String text = english.getString(key);
            boolean hasParams = placeholder.matcher(text).find();
            String plain = hasParams ? text.replace("''", "'") : text;
            StringBuilder regex = new StringBuilder();
            List<Integer> params = new java.util.ArrayList<>();
            java.util.regex.Matcher m = placeholder.matcher(plain);
            int at = 0;
            int literal = 0;
            while (m.find()) {
                regex.append(java.util.regex.Pattern.quote(plain.substring(at, m.start())))
                        .append("(.+?)");
                literal += m.start() - at;
                params.add(Integer.parseInt(m.group(1)));
                at = m.end();
            }
            regex.append(java.util.regex.Pattern.quote(plain.substring(at)));
            literal += plain.length() - at;
            out.add(new ProblemText(
                    key,
                    java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL),
                    params.stream().mapToInt(Integer::intValue).toArray(),
                    literal));
        }
        // the most specific first: "Between 1 and {0} lines" before "Between 1 and {0}"
        out.sort(java.util.Comparator.comparingInt(ProblemText::literalLength).reversed());
        return List.copyOf(out);
    }

    /** The current screen's locale (English outside a screen). */
    public static Locale locale() {
        com.vaadin.flow.component.UI ui = com.vaadin.flow.component.UI.getCurrent();
        return ui == null ? Language.ENGLISH.locale() : ui.getLocale();
    }
}
