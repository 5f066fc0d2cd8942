package org.aftercare.scheduler.help;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes a member's "I need help now" on to the program, at most once per member per
 * {@code minInterval}. In: the member id of a help link, each time its button is pressed. Out:
 * {@link HelpRequested} on {@code checkin.responses}, the member's last accepted request in
 * {@code help_request}, and the count of requests passed on and held back. The last accepted request
 * and the publish share one transaction under the member's row lock, so two presses are
 * serialised and a refused publish leaves nothing recorded: the next press goes through.
 */
public final class HelpRequests {

    private static final Logger log = LoggerFactory.getLogger(HelpRequests.class);

    /** Outcome of one press of the button. */
    public enum Outcome {
        PASSED_ON,
        ALREADY_WITH_THE_PROGRAM,
        GONE,
        NOT_PASSED_ON
    }

    /** Presses of the help page's button, by outcome (streams counts the requests it acts on as outreach.help.requests). */
    private static final String PRESSED = "outreach.help.pressed";

    private final Database db;
    private final MemberStore members;
    private final EventPublisher publisher;
    private final Duration minInterval;
    private final Clock clock;
    private final MeterRegistry registry;

    public HelpRequests(
            Database db,
            MemberStore members,
            EventPublisher publisher,
            Duration minInterval,
            Clock clock,
            MeterRegistry registry) {
        this.db = db;
        this.members = members;
        this.publisher = publisher;
        this.minInterval = minInterval;
        this.clock = clock;
        this.registry = registry;
        registry.counter(PRESSED, "outcome", "rate-limited");
        registry.counter(PRESSED, "outcome", "passed-on");
    }

    /**
     * Whether the member is on record. True when the database cannot say: the page shows the
     * crisis lines all the same, for someone who may be in danger.
     */
    public boolean onRecord(String memberId) {
        try {
            return db.inTransaction(c -> members.load(c, memberId).isPresent());
        } catch (Database.DatabaseException e) {
            log.warn("help page of member {}: database unavailable: {}", memberId, e.getMessage());
            return true;
        }
    }

    /** One press of the button. */
    public Outcome press(String memberId) {
        Instant now = clock.instant();
        Outcome outcome;
        try {
            outcome = db.inTransaction(c -> {
                // The member's row lock serialises two presses of one member (and an erasure).
                if (!members.lock(c, memberId)) {
                    return Outcome.GONE;
                }
                Instant last = lastAccepted(c, memberId);
                if (last != null && now.isBefore(last.plus(minInterval))) {
                    return Outcome.ALREADY_WITH_THE_PROGRAM;
                }
                recordAccepted(c, memberId, now, last == null);
                publisher.response(HelpRequested.of(memberId, UUID.randomUUID().toString(), now));
                return Outcome.PASSED_ON;
            });
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("help request of member {} not recorded: {}", memberId, e.getMessage());
            return Outcome.NOT_PASSED_ON;
        }
        switch (outcome) {
            case ALREADY_WITH_THE_PROGRAM -> {
                registry.counter(PRESSED, "outcome", "rate-limited").increment();
                log.info(
                        "help request of member {} within {} of the last one: not passed on again",
                        memberId,
                        minInterval);
            }
            case PASSED_ON -> {
                registry.counter(PRESSED, "outcome", "passed-on").increment();
                log.info("help request of member {} passed on", memberId);
            }
            case GONE, NOT_PASSED_ON -> {
                // nothing to count
            }
        }
        return outcome;
    }

    private static Instant lastAccepted(Connection c, String memberId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT last_accepted_at FROM help_request WHERE member_id = ?")) {
            ps.setString(1, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    private static void recordAccepted(Connection c, String memberId, Instant now, boolean first) throws SQLException {
        String sql = first
                ? "INSERT INTO help_request (last_accepted_at, accepted_count, member_id) VALUES (?, 1, ?)"
                : "UPDATE help_request SET last_accepted_at = ?, accepted_count = accepted_count + 1 WHERE member_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, memberId);
            ps.executeUpdate();
        }
    }
}
