package org.aftercare.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Pinned vectors of the deterministic ids, input → id, written by hand (computed once, outside
 * this code, as RFC 4122 name-based MD5 UUIDs of the parts joined by U+001F). The notifier's
 * duplicate check and every consumer's repeat detection compare these ids across deploys: a
 * change of the scheme would send a message twice, so it must fail here first.
 */
class IdVectorsTest {

    private static final String MEMBER = "3f1c9a52-7d0e-4b8e-9a51-2f6d1c0e8b77";

    @Test
    void aCheckInIdIsPinnedToTheMemberAndTheInstantItFellDue() {
        assertThat(Ids.checkInId(MEMBER, Instant.parse("2026-03-01T14:00:00Z")))
                .isEqualTo("ci-350227ae-cbf1-3b0e-b740-833334c59f40");
    }

    @Test
    void aNotificationIdIsPinnedToItsParts() {
        assertThat(Ids.notificationId(MEMBER, "checkin-prompt", "ci-350227ae-cbf1-3b0e-b740-833334c59f40", "member"))
                .isEqualTo("n-006aa857-6d3e-3a24-9836-4fbc09d5646c");
    }

    @Test
    void anEscalationIdIsPinnedToTheMemberAndTheSignalThatOpenedIt() {
        assertThat(Ids.escalationId(MEMBER, "need-help:ci-350227ae-cbf1-3b0e-b740-833334c59f40"))
                .isEqualTo("esc-15b3dfe0-7e11-35d0-be73-520b137af82a");
    }

    @Test
    void aNameBasedIdIsTheMd5UuidOfThePartsJoinedByTheUnitSeparator() {
        assertThat(Ids.nameBased("a", "b")).isEqualTo("dde141cc-50d6-318a-9dda-ae1a01b74f99");
    }

    @Test
    void everyNameBasedIdIsTheJdksNameBasedUuidOfTheSameBytes() {
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < 10_000; i++) {
            String a = Long.toString(random.nextLong(), 36);
            String b = "é☃" + random.nextInt();
            assertThat(Ids.nameBased(a, b))
                    .isEqualTo(java.util
                            .UUID
                            .nameUUIDFromBytes((a + "\u001f" + b).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            .toString());
        }
    }
}
