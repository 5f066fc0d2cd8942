package org.aftercare.scheduler.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.db.Database;

/**
 * Opens the sealed token of a link as the {@link LinkKind} a page serves and keeps single-use links
 * single-use. A refused token becomes a friendly page with a 4xx status (never a stack trace): 400
 * malformed, forged or of another kind, 410 expired or already used. "Spent" is keyed on the link's own id ({@link LinkToken#id()}, from the nonce
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

    /**
     * Opens a link as one of the kinds the page serves: verifies integrity and expiry, that its
     * purpose, action and subject make one of those kinds ({@link LinkKind#of}), that a contact
     * link carries a binding, and that a single-use link was not used yet (it does not spend it).
     */
    public LinkToken open(String token, LinkKind kind, LinkKind... alsoServed) throws Refused {
        LinkToken t;
        try {
            t = signer.verify(token);
        } catch (LinkSigner.InvalidToken e) {
            throw new Refused(
                    switch (e.refusal()) {
                        case EXPIRED ->
                            Page.forAnyone(
                                    410,
                                    "This link has expired",
                                    "Links in our emails work for a limited time. The next email will bring a fresh one.");
                        default ->
                            Page.forAnyone(
                                    400,
                                    "This link does not work",
                                    "The link may have been cut off or changed. Please open it again from the email, "
                                            + "or copy the whole address into your browser.");
                    });
        }
        LinkKind opened = t.kind()
                .filter(k -> k == kind || Arrays.asList(alsoServed).contains(k))
                .orElse(null);
        if (opened == null) {
            throw new Refused(Page.forAnyone(
                    400,
                    "This link does not work",
                    t.purpose().equals(kind.purpose())
                            ? "This link is incomplete. Please use the newest email you received."
                            : "This link is meant for a different page."));
        }
        if (opened.contactLink() && t.binding() == null) {
            throw new Refused(outOfDate());
        }
        if (opened.singleUse() && isSpent(t)) {
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
        return Page.forContact(
                410,
                "This link is out of date",
                "This link was replaced by a newer email, or was sent to an address that has since "
                        + "changed. Nothing was done. If this is about you, please use the newest email you received.");
    }

    /** The path of a fresh "I need help now" link for the member's pages (relative: same origin as the page). */
    public String helpPath(String memberId) {
        return LinkKind.HELP.seal(
                signer, memberId, Links.SUBJECT_MEMBER, LinkKind.HELP.expiresAt(clock.instant()), null);
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

    /** Records a single-use link as used, inside the caller's transaction; false if it already was. */
    public boolean spend(Connection c, LinkToken link) throws SQLException {
        if (!link.kind().map(LinkKind::singleUse).orElse(false)) {
            throw new IllegalArgumentException("only a single-use link is spent");
        }
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
        return Page.forAnyone(
                410, "Already done", "This link has already been used. Thank you. Nothing more is needed.");
    }
}
