package org.aftercare.streams.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Set;
import org.aftercare.events.JsonSerde;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.risk.TierState;
import org.junit.jupiter.api.Test;

/**
 * Changelog entries written before issue 9 (no answered status on a check-in, no unsubscribed flag
 * or contact invitationId in a member's facts) are still read, with the new fields absent.
 */
class StoredStateCompatibilityTest {

    private static <T> T read(Class<T> type, String json) {
        try (JsonSerde<T> serde = new JsonSerde<>(type)) {
            return serde.deserializer().deserialize("changelog", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aTrackedCheckInWrittenBeforeAnswersWereRememberedIsReadWithoutOne() {
        TrackedCheckIn tracked = read(TrackedCheckIn.class, """
                {"memberId":"m-1","checkInId":"ci-1","dueAt":"2026-03-08T13:00:00Z",
                 "respondBy":"2026-03-08T19:00:00Z","lateAt":"2026-03-08T15:00:00Z","phase":"COMPLETED"}
                """);

        assertThat(tracked.phase()).isEqualTo(TrackedCheckIn.Phase.COMPLETED);
        assertThat(tracked.answered()).isNull();
        assertThat(tracked.usedAnswered()).isFalse();
    }

    @Test
    void aRiskTierWrittenBeforeChangesWereCountedIsReadWithNoneCounted() {
        TierState state = read(TierState.class, """
                {"tier":"very-high","windowStartedOn":"2026-03-01","cause":"exit-event","exitKind":"discharge",
                 "nextChangeOn":"2026-03-16","nextChangeAt":"2026-03-16T04:00:00Z","since":"2026-03-01T05:00:00Z"}
                """);

        assertThat(state.tier()).isEqualTo(RiskTier.VERY_HIGH);
        assertThat(state.changes()).isZero();
        assertThat(state.useAfterAbstinenceOn()).isNull();
    }

    @Test
    void memberFactsWrittenBeforeUnsubscribeAndNamingsAreReadAsSubscribedAndUnnamed() {
        MemberFacts facts = read(MemberFacts.class, """
                {"revision":3,"status":"active","treatmentEndedOn":"2026-02-20","timeZone":"America/New_York",
                 "contacts":[{"contactId":"c-1","consent":["missed-check-ins"],"state":"invited"}]}
                """);

        assertThat(facts.active()).isTrue();
        assertThat(facts.exitEvents())
                .as("the risk tier counts from the discharge kept before exit events were")
                .containsExactly(new ExitEvent(ExitKind.DISCHARGE, LocalDate.parse("2026-02-20")));
        assertThat(facts.away()).isNull();
        assertThat(facts.contacts()).singleElement().satisfies(c -> {
            assertThat(c.consent()).isEqualTo(Set.of(ConsentScope.MISSED_CHECK_INS));
            assertThat(c.state()).isEqualTo(ContactState.INVITED);
            assertThat(c.invitationId()).isNull();
        });
    }
}
