package org.aftercare.kit.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SafetyTextsTest {

    @Test
    void theCrisisLinesNameTheUsNumbersAPersonCanUseRightNow() {
        var texts = SafetyTexts.all(Locale.ENGLISH);

        assertThat(texts.get("crisisHeading")).isEqualTo("If you need someone right now");
        assertThat(texts.get("crisis988")).isEqualTo("988 (call or text), any time, day or night");
        assertThat(texts.get("crisisSamhsa"))
                .isEqualTo("SAMHSA National Helpline 1-800-662-4357, free and confidential, 24/7");
        assertThat(texts.get("crisisEmergency")).isEqualTo("If you are in danger, call 911.");
    }

    @Test
    void theDisclosureNoticeCitesThePart2RuleAndTheNoteAsksToKeepItPrivate() {
        var texts = SafetyTexts.all(Locale.ENGLISH);

        assertThat(texts.get("disclosureHeading")).isEqualTo("Confidentiality notice");
        assertThat(texts.get("disclosure"))
                .startsWith("This information has been disclosed to you from records protected")
                .contains("(42 CFR part 2)");
        assertThat(texts.get("disclosureNote")).contains("Please keep it private and do not pass it on.");
    }

    @Test
    void aLanguageWithoutItsOwnFileGetsTheEnglishTexts() {
        assertThat(SafetyTexts.all(Locale.forLanguageTag("xx"))).isEqualTo(SafetyTexts.all(Locale.ENGLISH));
    }
}
