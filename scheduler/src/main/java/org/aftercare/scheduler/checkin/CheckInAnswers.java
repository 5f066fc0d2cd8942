package org.aftercare.scheduler.checkin;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.Locale;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.web.TokenGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a member's answer to a check-in. In: the opened check-in link and the
 * {@link CheckInForm.Answer} checked from the form. Out: {@link CheckInAnswered} on
 * {@code checkin.responses}, published in the transaction that spends the single-use link and only
 * while the member is on record, so a refused publish leaves the link usable and an erased member's
 * link records nothing; the check-in marked answered (with craving and mood) for the member's own
 * progress page; the count of answers by status. Each link answers once; another link of the
 * same check-in (the prompt's and the reminder's) is its own answer, and streams decides what it
 * means.
 */
public final class CheckInAnswers {

    private static final Logger log = LoggerFactory.getLogger(CheckInAnswers.class);

    /** Whether the form may be shown: the member is on record, is not, or the database could not say. */
    public enum Standing {
        ON_RECORD,
        GONE,
        UNKNOWN
    }

    /** What became of an answer. */
    public enum Recorded {
        ANSWERED,
        ALREADY_USED,
        GONE,
        NOT_RECORDED
    }

    private final TokenGate gate;
    private final Database db;
    private final MemberStore members;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry registry;

    public CheckInAnswers(
            TokenGate gate,
            Database db,
            MemberStore members,
            EventPublisher publisher,
            Clock clock,
            MeterRegistry registry) {
        this.gate = gate;
        this.db = db;
        this.members = members;
        this.publisher = publisher;
        this.clock = clock;
        this.registry = registry;
        for (AnswerStatus status : AnswerStatus.values()) {
            registry.counter(
                    "outreach.checkins.answered", "status", status.name().toLowerCase(Locale.ROOT));
        }
    }

    /** Whether the link's member is still on record. */
    public Standing standing(LinkToken link) {
        try {
            return db.inTransaction(c -> members.load(c, link.memberId()).isPresent())
                    ? Standing.ON_RECORD
                    : Standing.GONE;
        } catch (Database.DatabaseException e) {
            log.warn("check-in {} form not shown: {}", link.subject(), e.getMessage());
            return Standing.UNKNOWN;
        }
    }

    /**
     * Marks the check-in answered for the member's own progress page, with the craving and mood
     * (never the status or the note): the first answer through any of its links; a check-in the
     * scheduler has no row for (an older one) changes nothing.
     */
    private void keepForTheMember(Connection c, LinkToken link, CheckInForm.Answer answer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE checkin SET answered_at = ?, craving = ?, mood = ?
                WHERE checkin_id = ? AND member_id = ? AND answered_at IS NULL""")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setObject(2, answer.craving(), Types.INTEGER);
            ps.setObject(3, answer.mood(), Types.INTEGER);
            ps.setString(4, link.subject());
            ps.setString(5, link.memberId());
            ps.executeUpdate();
        }
    }

    /** Spends the link and publishes the answer, in one transaction. */
    public Recorded record(LinkToken link, CheckInForm.Answer answer) {
        CheckInAnswered event = CheckInAnswered.of(
                link.memberId(),
                link.subject(),
                link.id(),
                answer.status(),
                answer.craving(),
                answer.mood(),
                answer.note(),
                clock.instant());
        Recorded recorded;
        try {
            recorded = db.inTransaction(c -> {
                if (members.load(c, link.memberId()).isEmpty()) {
                    return Recorded.GONE;
                }
                if (!gate.spend(c, link)) {
                    return Recorded.ALREADY_USED;
                }
                keepForTheMember(c, link, answer);
                publisher.response(event);
                return Recorded.ANSWERED;
            });
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("check-in {} answer not recorded: {}", link.subject(), e.getMessage());
            return Recorded.NOT_RECORDED;
        }
        if (recorded == Recorded.ANSWERED) {
            registry.counter(
                            "outreach.checkins.answered",
                            "status",
                            answer.status().name().toLowerCase(Locale.ROOT))
                    .increment();
            log.info("check-in {} answered", link.subject());
        }
        return recorded;
    }
}
