package org.aftercare.scheduler.web;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.scheduler.db.Database;

/**
 * Checks the signed token of a link and keeps action links single-use. A refused token becomes a
 * friendly page with a 4xx status (never a stack trace): 400 malformed or forged, 410 expired or
 * already used.
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

    /** Verifies signature, expiry and purpose; does not spend it. */
    public LinkToken open(String token, String purpose, String action) throws Refused {
        LinkToken t = openReusable(token, purpose, action);
        if (isSpent(token)) {
            throw new Refused(alreadyUsed());
        }
        return t;
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

    public boolean isSpent(String token) {
        String fp = idOf(token);
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM spent_token WHERE fingerprint = ?")) {
                ps.setString(1, fp);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Records the token as used, inside the caller's transaction; false if it already was. */
    public boolean spend(java.sql.Connection c, String token, String memberId) throws SQLException {
        // PostgreSQL aborts the whole transaction on a unique violation, so it is told to skip instead;
        // H2 only fails the statement.
        String sql = "INSERT INTO spent_token (fingerprint, member_id, spent_at) VALUES (?, ?, ?)"
                + (db.isPostgres() ? " ON CONFLICT (fingerprint) DO NOTHING" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, idOf(token));
            ps.setString(2, memberId);
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    /** The link's id (from its nonce); the token was opened before it is checked or spent. */
    private String idOf(String token) {
        try {
            return signer.verify(token).id();
        } catch (LinkSigner.InvalidToken e) {
            throw new IllegalArgumentException("only an opened link can be spent");
        }
    }

    public static Response alreadyUsed() {
        return Page.render(410, "Already done",
                "<p class=\"note\">This link has already been used. Thank you. Nothing more is needed.</p>");
    }
}
