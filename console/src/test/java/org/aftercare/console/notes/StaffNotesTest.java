package org.aftercare.console.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which texts can be a staff note; a reason never quotes the text. */
class StaffNotesTest {

    @Test
    void oneToTwoThousandCharactersOfPlainTextAreANote() {
        assertThat(StaffNotes.problem("Called; doing ok.\nWill call again Friday."))
                .isNull();
        assertThat(StaffNotes.problem("x".repeat(2000))).isNull();
        assertThat(StaffNotes.problem("  " + "x".repeat(2000) + "\n")).isNull();
    }

    @Test
    void emptyTooLongAndControlCharactersAreRefusedWithoutQuotingTheText() {
        assertThat(StaffNotes.problem(null)).contains("empty");
        assertThat(StaffNotes.problem(" \n ")).contains("empty");
        assertThat(StaffNotes.problem("secret " + "x".repeat(1994)))
                .isEqualTo("The note is longer than 2000 characters.");
        assertThat(StaffNotes.problem("secret\u0000"))
                .contains("control characters")
                .doesNotContain("secret");
    }

    @Test
    void aNoteNamesNoTextWhenPrinted() {
        StaffNote n = new StaffNote("n-1", "m-1", "s-1", java.time.Instant.EPOCH, "private words");
        assertThat(n.toString()).doesNotContain("private words");
    }
}
