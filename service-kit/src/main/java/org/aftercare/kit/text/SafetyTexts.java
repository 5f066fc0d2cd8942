package org.aftercare.kit.text;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The crisis lines and the disclosure notice, from the one bundle {@code kit/safety_<lang>.properties}
 * that the notifier's emails and the scheduler's pages both read, so the two cannot drift apart.
 * Keys: {@code crisisHeading}, {@code crisis988}, {@code crisisSamhsa}, {@code crisisEmergency},
 * {@code disclosureHeading}, {@code disclosure} (the 42 CFR part 2 notice) and
 * {@code disclosureNote} (the short note on contact pages). Values are plain text. An unknown
 * language falls back to English.
 */
public final class SafetyTexts {

    static final String BUNDLE = "kit.safety";

    private static final Map<Locale, Map<String, String>> BY_LOCALE = new ConcurrentHashMap<>();

    /** Properties bundles only, falling back to English rather than to the JVM's default locale. */
    public static final ResourceBundle.Control ENGLISH_FALLBACK = new ResourceBundle.Control() {
        @Override
        public List<String> getFormats(String baseName) {
            return ResourceBundle.Control.FORMAT_PROPERTIES;
        }

        @Override
        public Locale getFallbackLocale(String baseName, Locale locale) {
            return Locale.ENGLISH.equals(locale) ? null : Locale.ENGLISH;
        }
    };

    private SafetyTexts() {}

    /** Every text for this locale (English where the locale has no file). */
    public static Map<String, String> all(Locale locale) {
        return BY_LOCALE.computeIfAbsent(locale, l -> {
            ResourceBundle bundle =
                    ResourceBundle.getBundle(BUNDLE, l, SafetyTexts.class.getClassLoader(), ENGLISH_FALLBACK);
            Map<String, String> all = new TreeMap<>();
            for (String key : Collections.list(bundle.getKeys())) {
                all.put(key, bundle.getString(key));
            }
            return Collections.unmodifiableMap(all);
        });
    }
}
