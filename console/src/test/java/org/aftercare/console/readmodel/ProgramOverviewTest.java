package org.aftercare.console.readmodel;

import static org.aftercare.console.readmodel.Fixtures.acknowledged;
import static org.aftercare.console.readmodel.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.infra.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The overview's figures through the writer (H2): contacts awaiting confirmation on replay and erasure, the overdue edges. */
class ProgramOverviewTest {

    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    private final ReadModelWriter writer = new ReadModelWriter();
    private ReadModelDatabase db;
    private ProgramOverview overview;

    @BeforeEach
    void open() {
        db = ReadModelDatabase.open("jdbc:h2:mem:overview-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        overview = new ProgramOverview(db, new MutableClock(NOW));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static MemberProfile profile(String memberId, long revision, ContactState... states) {
        MemberProfile p = Fixtures.profile(memberId, revision, "Sam", "EXT-" + memberId, NOW);
        List<SupportContact> contacts = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            contacts.add(new SupportContact(
                    "c-" + i,
                    "Contact",
                    "c" + i + "@example.org",
                    "friend",
                    Set.of(ConsentScope.HELP_REQUESTED),
                    states[i]));
        }
        return new MemberProfile(
                p.eventId(),
                p.schemaVersion(),
                p.occurredAt(),
                p.memberId(),
                p.revision(),
                p.externalId(),
                p.firstName(),
                p.email(),
                p.timeZone(),
                p.locale(),
                p.status(),
                p.treatmentEndedOn(),
                p.recoveryStartDate(),
                p.plan(),
                p.copingPlan(),
                contacts,
                p.preferences(),
                p.exitEvents(),
                p.away());
    }

    @Test
    void contactsAwaitingConfirmationFollowTheNewestProfileThroughReplaysAndTheErasure() {
        db.inTransaction(c -> {
            writer.profile(c, "m-1", profile("m-1", 2, ContactState.INVITED, ContactState.CONFIRMED), NOW);
            writer.profile(c, "m-1", profile("m-1", 1, ContactState.INVITED, ContactState.INVITED), NOW);
            writer.profile(c, "m-1", profile("m-1", 2, ContactState.INVITED, ContactState.CONFIRMED), NOW);
            writer.profile(c, "m-2", profile("m-2", 1, ContactState.INVITED, ContactState.INVITED), NOW);
            writer.profile(c, "m-3", profile("m-3", 1, ContactState.DECLINED, ContactState.UNSUBSCRIBED), NOW);
            return null;
        });
        assertThat(overview.read().contacts()).isEqualTo(new ProgramOverview.Contacts(3, 2));

        db.inTransaction(c -> {
            writer.profile(c, "m-2", null, NOW);
            return null;
        });
        assertThat(overview.read().contacts()).isEqualTo(new ProgramOverview.Contacts(1, 1));
        assertThat(overview.read().tiers().total()).isEqualTo(2);
    }

    @Test
    void aFlagIsOverdueOnlyWhenStillOpenPastItsAcknowledgementTime() {
        db.inTransaction(c -> {
            writer.profile(c, "m-1", profile("m-1", 1), NOW);
            Instant edge = NOW.minus(ProgramOverview.ACK_CRITICAL);
            writer.flag(c, raised("m-1", "c-at-edge", FlagSeverity.CRITICAL, edge));
            writer.flag(c, raised("m-1", "c-past", FlagSeverity.CRITICAL, edge.minusSeconds(1)));
            writer.flag(
                    c, acknowledged(raised("m-1", "c-ack", FlagSeverity.CRITICAL, edge.minusSeconds(600)), "s-1", NOW));
            Instant highEdge = NOW.minus(ProgramOverview.ACK_HIGH);
            writer.flag(c, raised("m-1", "h-at-edge", FlagSeverity.HIGH, highEdge));
            writer.flag(c, raised("m-1", "h-past", FlagSeverity.HIGH, highEdge.minusSeconds(1)));
            writer.flag(c, raised("m-1", "m-old", FlagSeverity.MEDIUM, NOW.minusSeconds(30 * 86_400)));
            return null;
        });
        ProgramOverview.Overview o = overview.read();
        assertThat(o.flags().get(FlagSeverity.CRITICAL)).isEqualTo(new ProgramOverview.Flags(3, 1));
        assertThat(o.flags().get(FlagSeverity.HIGH)).isEqualTo(new ProgramOverview.Flags(2, 1));
        assertThat(o.flags().get(FlagSeverity.MEDIUM)).isEqualTo(new ProgramOverview.Flags(1, 0));
        assertThat(o.overdueFlags()).isEqualTo(2);
    }
}
