package org.aftercare.notifier.render;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.kit.text.SafetyTexts;

/**
 * The words of every email, from the resource bundle {@code notifier/messages_<lang>.properties}
 * (UTF-8), so a language is added by adding a file. Keys: {@code common.*} for text every email
 * shares, {@code <kind>.*} for one kind, {@code <kind>.<role>.*}
 * where one kind reads differently per recipient role, {@code generic.<role>.*} as the fallback.
 * Values may use the template variables (for example {@code {{firstName}}}). An unknown language
 * falls back to English. The crisis lines and the disclosure notice are not in this bundle: they
 * come from {@link SafetyTexts}, the one copy the scheduler's pages show too, as
 * {@code common.<key>} (for example {@code common.crisis988}); the bundle may not redefine them.
 */
public final class Messages {

    static final String BUNDLE = "notifier.messages";

    private final Map<Locale, Map<String, String>> byLocale = new ConcurrentHashMap<>();

    /** Every key and value of the bundle for this locale (English where the locale has no file). */
    public Map<String, String> all(Locale locale) {
        return byLocale.computeIfAbsent(locale, l -> {
            ResourceBundle bundle =
                    ResourceBundle.getBundle(BUNDLE, l, Messages.class.getClassLoader(), SafetyTexts.ENGLISH_FALLBACK);
            Map<String, String> all = new TreeMap<>();
            for (String key : Collections.list(bundle.getKeys())) {
                all.put(key, bundle.getString(key));
            }
            SafetyTexts.all(l).forEach((key, value) -> {
                if (all.put("common." + key, value) != null) {
                    throw new IllegalStateException(
                            BUNDLE + " redefines common." + key + ", which only " + "kit/safety_*.properties may hold");
                }
            });
            return Collections.unmodifiableMap(all);
        });
    }

    /**
     * The messages of one kind for one recipient role, keys without their prefix: the generic
     * ones for the role, overridden by the kind's (only when the role is the one the kind is
     * written for), overridden by the kind's role-specific ones.
     */
    public Map<String, String> forKind(Locale locale, String kind, RecipientRole role, boolean primaryAudience) {
        Map<String, String> all = all(locale);
        String roleName = roleName(role);
        Map<String, String> chosen = new TreeMap<>();
        copy(all, "generic." + roleName + ".", chosen);
        if (primaryAudience) {
            copy(all, kind + ".", chosen);
        }
        copy(all, kind + "." + roleName + ".", chosen);
        return chosen;
    }

    /** The {@code common.*} messages, keys without the prefix. */
    public Map<String, String> common(Locale locale) {
        Map<String, String> chosen = new TreeMap<>();
        copy(all(locale), "common.", chosen);
        return chosen;
    }

    public static String roleName(RecipientRole role) {
        return switch (role) {
            case MEMBER -> "member";
            case CONTACT -> "contact";
            case ON_CALL -> "oncall";
            case STAFF -> "staff";
        };
    }

    /** Copies keys directly under the prefix (no further dot), prefix removed. */
    private static void copy(Map<String, String> all, String prefix, Map<String, String> into) {
        all.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.indexOf('.', prefix.length()) < 0) {
                into.put(key.substring(prefix.length()), value);
            }
        });
    }
}
