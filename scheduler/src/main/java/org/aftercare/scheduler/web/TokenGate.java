package org.aftercare.scheduler.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.db.Database;

/**
 * Checks the sealed token of a link and keeps action links single-use. A refused token becomes a
 * friendly page with a 4xx status (never a stack trace): 400 malformed or forged, 410 expired or
 * already used. "Spent" is keyed on the link's own id ({@link LinkToken#id()}, from the nonce
 * inside the token), so the same link spelled another way is the same spent link. Links to a
 * support contact are bound to the contact's naming and address ({@link Links#contactBinding});
 * {@link #requireBoundTo} refuses one whose contact has since changed. The gate also seals the
 * "I need help now" link every member page carries.
 */
public final class TokenGate {

    /** Thrown with the page to show when a token cannot be honoured. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Response page;

        public Refused(Response page) {
            super("link refused", null, false, false);
            this.page = page;
        }

        public Response page() {
            return page;
        }
    }

    private final LinkSigner signer;
    private final Database db;
    private final Clock clock;

    public TokenGate(LinkSigner signer, Database db, Clock clock) {
        this.signer = signer;
        this.db = db;
        this.clock = clock;
    }

    /** How long the help link on a member page works. */
    static final Duration HELP_LINK_VALID_FOR = Duration.ofDays(90);

    /** Verifies integrity, expiry and purpose, and that it was not used yet; does not spend it. */
    public LinkToken open(String token, String purpose, String action) throws Refused {
        LinkToken t = openReusable(token, purpose, action);
        if (isSpent(t)) {
            throw new Refused(alreadyUsed());
        }
        return t;
    }

    /**
     * Refuses a contact link sealed for another naming or address of the contact than the one on
     * record now (a link that went to a mistyped address, or an invitation from before the contact
     * was invited again). The page says no more than that the link is out of date.
     */
    public static void requireBoundTo(LinkToken link, SupportContact contact) throws Refused {
        if (!isBoundTo(link, contact)) {
            throw new Refused(outOfDate());
        }
    }

    /** Was this link sealed for the contact's current naming and address? */
    public static boolean isBoundTo(LinkToken link, SupportContact contact) {
        return link.boundTo(Links.contactBinding(contact.contactId(), contact.invitationId(), contact.email()));
    }

    /** The page for a contact link that is no longer the contact's (it says nothing more than that). */
    public static Response outOfDate() {
        return Page.renderForContact(410, "This link is out of date",
                "<p class=\"note\">This link was replaced by a newer email, or was sent to an address that has since "
                        + "changed. Nothing was done. If this is about you, please use the newest email you received.</p>");
    }

    /** The path of a fresh "I need help now" link for the member's pages (relative: same origin as the page). */
    public String helpPath(String memberId) {
        return Links.HELP + signer.sign(new LinkToken(Links.PURPOSE_HELP, memberId, Links.SUBJECT_MEMBER, Links.ACTION_HELP,
                clock.instant().plus(HELP_LINK_VALID_FOR), LinkSigner.newNonce()));
    }

    /** Verifies signature, expiry and purpose of a link that may be used more than once (unsubscribe). */
    public LinkToken openReusable(String token, String purpose, String action) throws Refused {
        LinkToken t;
        try {
            t = signer.verify(token);
        } catch (LinkSigner.InvalidToken e) {
            throw new Refused(switch (e.refusal()) {
                case EXPIRED -> Page.render(410, "This link has expired",
                        "<p class=\"note\">Links in our emails work for a limited time. The next email will bring a fresh one.</p>");
                default -> Page.render(400, "This link does not work",
                        "<p class=\"note\">The link may have been cut off or changed. Please open it again from the email, "
                                + "or copy the whole address into your browser.</p>");
            });
        }
        if (!t.purpose().equals(purpose) || !t.action().equals(action)) {
            throw new Refused(Page.render(400, "This link does not work",
                    "<p class=\"note\">This link is meant for a different page.</p>"));
        }
        return t;
    }

    public boolean isSpent(LinkToken link) {
        String fp = link.id();
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM spent_token WHERE fingerprint = ?")) {
                ps.setString(1, fp);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Records the link as used, inside the caller's transaction; false if it already was. */
    public boolean spend(Connection c, LinkToken link) throws SQLException {
        // PostgreSQL aborts the whole transaction on a unique violation, so it is told to skip instead;
        // H2 only fails the statement.
        String sql = "INSERT INTO spent_token (fingerprint, member_id, spent_at) VALUES (?, ?, ?)"
                + (db.isPostgres() ? " ON CONFLICT (fingerprint) DO NOTHING" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, link.id());
            ps.setString(2, link.memberId());
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    public static Response alreadyUsed() {
        return Page.render(410, "Already done",
                "<p class=\"note\">This link has already been used. Thank you. Nothing more is needed.</p>");
    }
}
