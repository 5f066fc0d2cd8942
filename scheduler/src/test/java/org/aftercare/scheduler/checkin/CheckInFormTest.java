package org.aftercare.scheduler.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the check-in form accepts as an answer, and what it asks the member to fix; no server. */
class CheckInFormTest {

    private static CheckInForm.Answer answer(Map<String, String> form) {
        assertThat(CheckInForm.check(form)).isInstanceOf(CheckInForm.Valid.class);
        return ((CheckInForm.Valid) CheckInForm.check(form)).answer();
    }

    private static Map<String, String> errors(Map<String, String> form) {
        assertThat(CheckInForm.check(form)).isInstanceOf(CheckInForm.Invalid.class);
        return ((CheckInForm.Invalid) CheckInForm.check(form)).errors();
    }

    @ParameterizedTest
    @CsvSource({
        "ok, OK",
        "struggling, STRUGGLING",
        "used, USED",
        "need-help, NEED_HELP",
        "NEED-HELP, NEED_HELP",
        "need_help, NEED_HELP",
        "Ok, OK"
    })
    void eachStatusTheFormOffersIsAnAnswer(String posted, AnswerStatus expected) {
        assertThat(answer(Map.of("status", posted)).status()).isEqualTo(expected);
    }

    @Test
    void aStatusAloneIsAWholeAnswerTheScalesAndTheNoteAreOptional() {
        assertThat(answer(Map.of("status", "ok", "craving", "", "mood", " ", "note", "   ")))
                .isEqualTo(new CheckInForm.Answer(AnswerStatus.OK, null, null, null));
    }

    @Test
    void theScalesAndTheNoteAreCarriedStripped() {
        assertThat(answer(Map.of("status", "struggling", "craving", " 7 ", "mood", "2", "note", "  rough night \n")))
                .isEqualTo(new CheckInForm.Answer(AnswerStatus.STRUGGLING, 7, 2, "rough night"));
    }

    @Test
    void theEndsOfEachScaleAreAccepted() {
        assertThat(answer(Map.of("status", "ok", "craving", "0", "mood", "1")))
                .extracting("craving", "mood")
                .containsExactly(0, 1);
        assertThat(answer(Map.of("status", "ok", "craving", "10", "mood", "5")))
                .extracting("craving", "mood")
                .containsExactly(10, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fine", "need help", "", "okay"})
    void anyOtherStatusIsAskedForAgain(String posted) {
        assertThat(errors(Map.of("status", posted)))
                .containsExactly(Map.entry("status", "Please choose how you are doing."));
    }

    @Test
    void noStatusAtAllIsAskedFor() {
        assertThat(errors(Map.of())).containsExactly(Map.entry("status", "Please choose how you are doing."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "11", "seven", "3.5"})
    void aCravingOffTheScaleFromZeroToTenIsRefused(String craving) {
        assertThat(errors(Map.of("status", "ok", "craving", craving)))
                .containsExactly(Map.entry("craving", "Please choose a number from 0 to 10."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "6", "good"})
    void aMoodOffTheScaleFromOneToFiveIsRefused(String mood) {
        assertThat(errors(Map.of("status", "ok", "mood", mood)))
                .containsExactly(Map.entry("mood", "Please choose a number from 1 to 5."));
    }

    @Test
    void aNoteOfTwoThousandCharactersIsKeptOneMoreIsRefused() {
        assertThat(answer(Map.of("status", "ok", "note", "a".repeat(2000))).note())
                .hasSize(2000);
        assertThat(answer(Map.of("status", "ok", "note", " " + "a".repeat(2000) + " "))
                        .note())
                .as("the length counts after stripping")
                .hasSize(2000);
        assertThat(errors(Map.of("status", "ok", "note", "a".repeat(2001))))
                .containsExactly(Map.entry("note", "Please keep the note under 2000 characters."));
    }

    @Test
    void everyReasonIsGivenAtOnceInTheOrderOfTheForm() {
        Map<String, String> form = new HashMap<>();
        form.put("note", "a".repeat(2001));
        form.put("mood", "9");
        form.put("craving", "11");
        form.put("status", "maybe");

        assertThat(errors(form))
                .containsExactly(
                        Map.entry("status", "Please choose how you are doing."),
                        Map.entry("craving", "Please choose a number from 0 to 10."),
                        Map.entry("mood", "Please choose a number from 1 to 5."),
                        Map.entry("note", "Please keep the note under 2000 characters."));
    }
}
