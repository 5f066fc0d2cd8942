package org.aftercare.events.staff;

import static org.assertj.core.api.Assertions.assertThat;

import org.aftercare.events.flag.FlagSeverity;
import org.junit.jupiter.api.Test;

class StaffRulesTest {

    @Test
    void staffIdsAreShortWordsWithoutColonsAndNeverOnCall() {
        assertThat(StaffRules.isStaffId("clin-dana.w_1")).isTrue();
        assertThat(StaffRules.isStaffId("on-call")).isFalse();
        assertThat(StaffRules.isStaffId("a:b")).isFalse();
        assertThat(StaffRules.isStaffId("")).isFalse();
        assertThat(StaffRules.isStaffId(null)).isFalse();
        assertThat(StaffRules.isStaffId("x".repeat(65))).isFalse();
    }

    @Test
    void workEmailsArePlainAddresses() {
        assertThat(StaffRules.isEmail("dana@clinic.example.org")).isTrue();
        assertThat(StaffRules.isEmail("Dana <dana@clinic.example.org>")).isFalse();
        assertThat(StaffRules.isEmail("dana@")).isFalse();
        assertThat(StaffRules.isEmail("dana")).isFalse();
    }

    @Test
    void controlAndBidirectionalCharactersAreCaught() {
        assertThat(StaffRules.hasControlCharacters("Dana Whitfield")).isFalse();
        assertThat(StaffRules.hasControlCharacters("Dana\nWhitfield")).isTrue();
        assertThat(StaffRules.hasControlCharacters("Dana \u202Edleifti")).isTrue();
    }

    @Test
    void timeZonesAreIanaIds() {
        assertThat(StaffRules.isKnownTimeZone("America/Chicago")).isTrue();
        assertThat(StaffRules.isKnownTimeZone("Mars/Olympus")).isFalse();
        assertThat(StaffRules.isKnownTimeZone("+02:00")).isFalse();
    }

    @Test
    void criticalFlagsComeAtOnceWhateverIsChosen() {
        assertThat(StaffRules.cadenceAllowed(FlagSeverity.CRITICAL, AlertCadence.IMMEDIATELY))
                .isTrue();
        assertThat(StaffRules.cadenceAllowed(FlagSeverity.CRITICAL, AlertCadence.DAILY_DIGEST))
                .isFalse();
        assertThat(StaffRules.cadenceAllowed(FlagSeverity.HIGH, AlertCadence.EVERY_3_HOURS))
                .isTrue();
        assertThat(StaffRules.cadenceAllowed(FlagSeverity.MEDIUM, null)).isFalse();
    }
}
