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
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
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
                .get(Links.HELP + "{token}", this::show)
                .post(Links.HELP + "{token}", this::request);
    }

    private LinkToken open(Request request) throws TokenGate.Refused {
        return gate.openReusable(request.pathParam("token"), Links.PURPOSE_HELP, Links.ACTION_HELP);
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
        return Page.renderForMember(200, "Help, right now", CRISIS_FIRST
                + "<p>Press the button and we will ask someone to reach out to you: the people you chose who agreed "
                + "to hear when you ask for help, or else the program's on-call team.</p>"
                + "<form method=\"post\"><button type=\"submit\">Ask the program to reach out to me now</button></form>",
                gate.helpPath(link.memberId()));
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
            return Page.renderForMember(503, "Please call or text 988 now", CRISIS_FIRST
                    + "<p class=\"note urgent\">We could not pass your request to the program just now. "
                    + "Please use the numbers above, and try this button again in a minute.</p>", gate.helpPath(link.memberId()))
                    .withHeader("Retry-After", "60");
        }
        return switch (outcome) {
            case GONE -> Page.noLongerActive();
            case ALREADY_WITH_THE_PROGRAM -> {
                registry.counter("outreach.help.requests", "outcome", "rate-limited").increment();
                log.info("help request of member {} within {} of the last one: not passed on again", link.memberId(), minInterval);
                yield Page.renderForMember(200, "Your request is with the program", CRISIS_FIRST
                        + "<p class=\"note\">We already have your request from a few minutes ago, and the program is acting "
                        + "on it. You do not need to press again.</p>", gate.helpPath(link.memberId()));
            }
            case PASSED_ON -> {
                registry.counter("outreach.help.requests", "outcome", "passed-on").increment();
                log.info("help request of member {} passed on", link.memberId());
                yield Page.renderForMember(200, "Your request has reached the program", CRISIS_FIRST
                        + "<p class=\"note\">Thank you for reaching out. We are asking someone to reach out to you now. "
                        + "You will also get an email with the numbers above and your own plan.</p>", gate.helpPath(link.memberId()));
            }
        };
    }

    /** The crisis lines, first on every help page (the footer repeats them). */
    private static final String CRISIS_FIRST = "<div class=\"note urgent\" role=\"alert\"><p><strong>If you are in danger now, "
            + "call 911.</strong></p><p>Call or text <strong>988</strong> any time to talk to someone now, or call SAMHSA's "
            + "National Helpline at <strong>1-800-662-4357</strong> (free, confidential, 24/7).</p></div>";

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
