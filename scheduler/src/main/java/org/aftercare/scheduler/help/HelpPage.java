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
import java.util.Map;
import java.util.UUID;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.web.Page;
import org.aftercare.scheduler.web.TokenGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "I need help now" at any time ({@code /h/}), from the link in every member email and on every
 * member page, not only as a check-in answer. GET shows the crisis lines first and a button (mail
 * scanners prefetch links, so a GET never acts); POST publishes {@link HelpRequested} to
 * {@code checkin.responses}, and streams answers it like a "need help now" answer (crisis support
 * to the member, an escalation). The link is reusable: every use is acted on, but at most one per
 * member per {@code minInterval} is passed on (a member pressing the button again a minute later
 * is told their request is already with the program; the crisis lines are shown either way). The
 * last accepted request and the publish share one transaction, so a refused publish leaves
 * nothing recorded and the next press goes through.
 */
public final class HelpPage {

    private static final Logger log = LoggerFactory.getLogger(HelpPage.class);

    private final TokenGate gate;
    private final Database db;
    private final MemberStore members;
    private final EventPublisher publisher;
    private final Duration minInterval;
    private final Clock clock;
    private final MeterRegistry registry;

    public HelpPage(TokenGate gate, Database db, MemberStore members, EventPublisher publisher, Duration minInterval,
            Clock clock, MeterRegistry registry) {
        this.gate = gate;
        this.db = db;
        this.members = members;
        this.publisher = publisher;
        this.minInterval = minInterval;
        this.clock = clock;
        this.registry = registry;
    }

    public Routes register(Routes routes) {
        return routes
                .get(LinkKind.HELP.path() + "{token}", this::show)
                .post(LinkKind.HELP.path() + "{token}", this::request);
    }

    private LinkToken open(Request request) throws TokenGate.Refused {
        return gate.open(request.pathParam("token"), LinkKind.HELP);
    }

    private Response show(Request request) {
        LinkToken link;
        try {
            link = open(request);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        if (!onRecord(link.memberId())) {
            return Page.noLongerActive();
        }
        return page(200, "Help, right now", "ask", link);
    }

    /** Outcome of one press of the button. */
    private enum Outcome { PASSED_ON, ALREADY_WITH_THE_PROGRAM, GONE }

    private Response request(Request request) {
        LinkToken link;
        try {
            link = open(request);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Instant now = clock.instant();
        Outcome outcome;
        try {
            outcome = db.inTransaction(c -> {
                // The member's row lock serialises two presses of one member (and an erasure).
                if (!members.lock(c, link.memberId())) {
                    return Outcome.GONE;
                }
                Instant last = lastAccepted(c, link.memberId());
                if (last != null && now.isBefore(last.plus(minInterval))) {
                    return Outcome.ALREADY_WITH_THE_PROGRAM;
                }
                recordAccepted(c, link.memberId(), now, last == null);
                publisher.response(HelpRequested.of(link.memberId(), UUID.randomUUID().toString(), now));
                return Outcome.PASSED_ON;
            });
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("help request of member {} not recorded: {}", link.memberId(), e.getMessage());
            // Nothing reached the program: say so, and show where help is right now.
            return page(503, "Please call or text 988 now", "notPassedOn", link).withHeader("Retry-After", "60");
        }
        return switch (outcome) {
            case GONE -> Page.noLongerActive();
            case ALREADY_WITH_THE_PROGRAM -> {
                registry.counter("outreach.help.requests", "outcome", "rate-limited").increment();
                log.info("help request of member {} within {} of the last one: not passed on again", link.memberId(), minInterval);
                yield page(200, "Your request is with the program", "alreadyWithTheProgram", link);
            }
            case PASSED_ON -> {
                registry.counter("outreach.help.requests", "outcome", "passed-on").increment();
                log.info("help request of member {} passed on", link.memberId());
                yield page(200, "Your request has reached the program", "passedOn", link);
            }
        };
    }

    /** A help page: the crisis lines first (the footer repeats them), then what this step says. */
    private Response page(int status, String title, String step, LinkToken link) {
        return Page.forMember(status, title, Page.Body.of("help", Map.of(step, true)), gate.helpPath(link.memberId()));
    }

    private boolean onRecord(String memberId) {
        try {
            return db.inTransaction(c -> members.load(c, memberId).isPresent());
        } catch (Database.DatabaseException e) {
            // Shown the crisis lines all the same: the page is for someone who may be in danger.
            log.warn("help page of member {}: database unavailable: {}", memberId, e.getMessage());
            return true;
        }
    }

    private static Instant lastAccepted(Connection c, String memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_accepted_at FROM help_request WHERE member_id = ?")) {
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
