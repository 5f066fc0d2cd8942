package org.aftercare.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The local times in emails, with each language's pattern looked up once, read as the JDK formats
 * them, except that a narrow no-break space is a plain one.
 */
class LocalTimesTest {

    private static final List<String> LANGUAGES =
            List.of("en", "en-GB", "es", "es-MX", "fr", "de", "pt-BR", "ar", "ja", "zz");
    private static final List<ZoneId> ZONES = List.of(
            ZoneId.of("America/New_York"), ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Kolkata"), ZoneId.of("UTC"));

    @Test
    void timesAndDateTimesAreWhatTheJdksLocalizedFormatsGive() {
        int checked = 0;
        for (String tag : LANGUAGES) {
            for (ZoneId zone : ZONES) {
                for (long s = 1_700_000_000L; s < 1_700_000_000L + 400 * 86_400L; s += 86_400L * 7 + 3_601) {
                    Instant at = Instant.ofEpochSecond(s);
                    Locale locale = Locale.forLanguageTag(tag);
                    assertThat(TemplateModel.localTime(at, zone, tag))
                            .isEqualTo(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT)
                                    .withLocale(locale)
                                    .withZone(zone)
                                    .format(at)
                                    .replace('\u202F', '\u00A0'));
                    assertThat(TemplateModel.localDateTime(at, zone, tag))
                            .isEqualTo(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT)
                                    .withLocale(locale)
                                    .withZone(zone)
                                    .format(at)
                                    .replace('\u202F', '\u00A0'));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1_000);
    }

    @Test
    void anEnglishTimeHasAPlainNoBreakSpaceBeforePm() {
        Instant at = Instant.parse("2026-03-08T19:30:00Z");
        String jdk = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT)
                .withLocale(Locale.ENGLISH)
                .withZone(ZoneId.of("UTC"))
                .format(at);

        assertThat(TemplateModel.localTime(at, ZoneId.of("UTC"), "en")).isEqualTo("7:30\u00A0PM");
        assertThat(TemplateModel.localDateTime(at, ZoneId.of("UTC"), "en"))
                .isEqualTo("Sunday, March 8, 2026, 7:30\u00A0PM")
                .doesNotContain("\u202F");
        assertThat(jdk).as("the JDK's own text, which this replaces").isIn("7:30\u202FPM", "7:30\u00A0PM", "7:30 PM");
    }
}
