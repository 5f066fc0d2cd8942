package org.aftercare.console.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInCompleted;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.CheckInLate;
import org.aftercare.events.checkin.CheckInMissed;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.events.checkin.QuestionnaireDue;
import org.aftercare.events.checkin.QuestionnaireMissed;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.contact.ReachReported;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.risk.MemberRisk;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;

/**
 * Writes one event into the read model, inside the caller's transaction. Every write is
 * idempotent: snapshots (profile, care team, staff, flag) replace the stored row only when their
 * revision or change number is newer, a risk tier only when it is not older, and a timeline row
 * is added once per eventId. A profile tombstone erases the member from every read-model table
 * and remembers the id, so the member's events still on other topics do not bring them back.
 *
 * <p>The member's need columns on {@code rm_member} (open flags by severity, tier, window start,
 * last answer) are kept in step here, so the caseload is one indexed read.
 */
public final class ReadModelWriter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadModelWriter.class);

    /** Timeline kinds (the {@code kind} column). */
    public static final String CHECKIN_COMPLETED = "checkin.completed";

    public static final String CHECKIN_LATE = "checkin.late";
    public static final String CHECKIN_MISSED = "checkin.missed";
    public static final String ANSWER = "checkin.answered";
    public static final String HELP_REQUESTED = "help.requested";
    public static final String MEASURE = "measure.completed";
    /** A questionnaire of the plan was sent (opened): questionnaire.due. */
    public static final String QUESTIONNAIRE_DUE = "questionnaire.due";
    /** A questionnaire's link expired unanswered: questionnaire.missed (not a missed check-in). */
    public static final String QUESTIONNAIRE_MISSED = "questionnaire.missed";

    public static final String DELIVERY = "delivery";
    public static final String CONTACT_ACTION = "contact.action";
    public static final String FLAG = "flag";
    public static final String RISK = "risk";

    private static final String[] MEMBER_TABLES = {
        "rm_timeline",
        // Finished questionnaires' scores and bands (V8)
        "rm_measure_score",
        "rm_measure",
        // Questionnaire occurrences: sent, completed, not answered (V9)
        "rm_questionnaire",
        "rm_checkin",
        "rm_flag",
        "rm_care_team_member",
        "rm_care_team",
        // The console's own staff notes (V2): erased with the member's record.
        "console_staff_note"
    };

    // ---- member.profile

    /** A profile snapshot, or the tombstone ({@code profile} null) that erases the member. */
    public void profile(Connection c, String memberId, MemberProfile profile, Instant now) throws SQLException {
        if (profile == null) {
            erase(c, memberId, now);
            return;
        }
        if (!ensureMember(c, profile.memberId())) {
            return;
        }
        long stored = longValue(c, "SELECT revision FROM rm_member WHERE member_id = ?", profile.memberId());
        if (stored >= profile.revision() && stored > 0) {
            return;
        }
        LocalDate latestExitOn = null;
        String latestExitKind = null;
        ExitEvent latest = profile.allExitEvents().stream()
                .max(Comparator.comparing(ExitEvent::date))
                .orElse(null);
        if (latest != null) {
            latestExitOn = latest.date();
            latestExitKind = Codes.of(latest.kind());
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE rm_member SET revision = ?, external_id = ?, first_name = ?, first_name_lower = ?,
                  time_zone = ?, status = ?, treatment_ended_on = ?, latest_exit_on = ?, latest_exit_kind = ?,
                  away_until = ?, profile_at = ?, contacts_awaiting = ?, stub_since = NULL
                WHERE member_id = ?""")) {
            ps.setLong(1, profile.revision());
            ps.setString(2, profile.externalId());
            ps.setString(3, profile.firstName());
            ps.setString(4, profile.firstName().toLowerCase(java.util.Locale.ROOT));
            ps.setString(5, profile.timeZone().getId());
            ps.setString(6, Codes.of(profile.status()));
            Sql.date(ps, 7, profile.treatmentEndedOn());
            Sql.date(ps, 8, latestExitOn);
            ps.setString(9, latestExitKind);
            Sql.date(ps, 10, profile.away() == null ? null : profile.away().until());
            Sql.instant(ps, 11, profile.occurredAt());
            ps.setInt(12, (int) profile.contacts().stream()
                    .filter(contact -> contact.state() == ContactState.INVITED)
                    .count());
            ps.setString(13, profile.memberId());
            ps.executeUpdate();
        }
    }

    /**
     * Erases every stub (a member's row made by an event, with no profile since) made before {@code
     * cutoff}, with all its rows, and returns how many. A profile that never came means the member was
     * erased before this read model was rebuilt from the topics: their tombstone was compacted away
     * while their events stayed on the other topics. Events read later for such an id make a new stub,
     * erased in turn; no marker is kept, so a profile that does come later is shown as usual.
     */
    public int eraseOrphans(Connection c, Instant cutoff) throws SQLException {
        List<String> orphans = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT member_id FROM rm_member WHERE revision = 0 AND stub_since < ? FETCH FIRST 10000 ROWS ONLY")) {
            Sql.instant(ps, 1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orphans.add(rs.getString(1));
                }
            }
        }
        for (String memberId : orphans) {
            eraseRows(c, memberId);
        }
        return orphans.size();
    }

    private void eraseRows(Connection c, String memberId) throws SQLException {
        for (String table : MEMBER_TABLES) {
            update(c, "DELETE FROM " + table + " WHERE member_id = ?", memberId);
        }
        update(c, "DELETE FROM rm_member WHERE member_id = ?", memberId);
    }

    private void erase(Connection c, String memberId, Instant now) throws SQLException {
        eraseRows(c, memberId);
        eraseConsoleCareTeam(c, memberId, now);
        if (!exists(c, "SELECT 1 FROM rm_erased_member WHERE member_id = ?", memberId)) {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO rm_erased_member (member_id, erased_at) VALUES (?, ?)")) {
                ps.setString(1, memberId);
                Sql.instant(ps, 2, now);
                ps.executeUpdate();
            }
        }
    }

    /**
     * The console's own care team of the member (V4, the staff package's table) goes with them, and
     * a tombstone is queued on its outbox (after the snapshots still queued, which go unsent): so
     * {@code care.assignments} forgets a team the console published, even one sent after the
     * scheduler's tombstone.
     */
    private void eraseConsoleCareTeam(Connection c, String memberId, Instant now) throws SQLException {
        long revision = longValue(c, "SELECT revision FROM console_care_team WHERE member_id = ?", memberId);
        if (revision < 0) {
            return;
        }
        update(c, "DELETE FROM console_care_team WHERE member_id = ?", memberId);
        String topic = org.aftercare.events.Topics.CARE_ASSIGNMENTS.name();
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM console_staff_outbox WHERE topic = ? AND record_key = ?")) {
            ps.setString(1, topic);
            ps.setString(2, memberId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO console_staff_outbox"
                + " (topic, record_key, revision, payload, queued_at) VALUES (?, ?, ?, NULL, ?)")) {
            ps.setString(1, topic);
            ps.setString(2, memberId);
            ps.setLong(3, revision + 1);
            Sql.instant(ps, 4, now);
            ps.executeUpdate();
        }
    }

    /** Makes sure the member's row exists (a stub until the profile arrives); false when the member was erased. */
    private boolean ensureMember(Connection c, String memberId) throws SQLException {
        if (exists(c, "SELECT 1 FROM rm_member WHERE member_id = ?", memberId)) {
            return true;
        }
        if (exists(c, "SELECT 1 FROM rm_erased_member WHERE member_id = ?", memberId)) {
            return false;
        }
        update(c, "INSERT INTO rm_member (member_id, stub_since) VALUES (?, CURRENT_TIMESTAMP)", memberId);
        return true;
    }

    // ---- care.assignments

    public void careTeam(Connection c, String memberId, CareTeam team) throws SQLException {
        if (team == null) {
            update(c, "DELETE FROM rm_care_team_member WHERE member_id = ?", memberId);
            update(c, "DELETE FROM rm_care_team WHERE member_id = ?", memberId);
            return;
        }
        if (exists(c, "SELECT 1 FROM rm_erased_member WHERE member_id = ?", team.memberId())) {
            return;
        }
        long stored = longValue(c, "SELECT revision FROM rm_care_team WHERE member_id = ?", team.memberId());
        if (stored >= 0 && stored >= team.revision()) {
            return;
        }
        update(c, "DELETE FROM rm_care_team_member WHERE member_id = ?", team.memberId());
        update(c, "DELETE FROM rm_care_team WHERE member_id = ?", team.memberId());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rm_care_team (member_id, revision, primary_staff_id) VALUES (?, ?, ?)")) {
            ps.setString(1, team.memberId());
            ps.setLong(2, team.revision());
            ps.setString(3, team.primaryStaffId());
            ps.executeUpdate();
        }
        List<String> members = team.members();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rm_care_team_member (member_id, staff_id, position) VALUES (?, ?, ?)")) {
            for (int i = 0; i < members.size(); i++) {
                ps.setString(1, team.memberId());
                ps.setString(2, members.get(i));
                ps.setInt(3, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    // ---- staff.directory

    public void staff(Connection c, String staffId, StaffMember staff) throws SQLException {
        if (staff == null) {
            update(c, "DELETE FROM rm_staff WHERE staff_id = ?", staffId);
            return;
        }
        long stored = longValue(c, "SELECT revision FROM rm_staff WHERE staff_id = ?", staff.staffId());
        if (stored >= 0 && stored >= staff.revision()) {
            return;
        }
        update(c, "DELETE FROM rm_staff WHERE staff_id = ?", staff.staffId());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rm_staff (staff_id, revision, name, work_email, roles, active) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, staff.staffId());
            ps.setLong(2, staff.revision());
            ps.setString(3, staff.name());
            ps.setString(4, staff.workEmail());
            ps.setString(5, Codes.joined(staff.roles()));
            ps.setBoolean(6, staff.active());
            ps.executeUpdate();
        }
    }

    // ---- member.risk

    public void risk(Connection c, String memberId, MemberRisk risk) throws SQLException {
        if (risk == null) {
            update(
                    c,
                    "UPDATE rm_member SET tier = NULL, tier_rank = 9, tier_since = NULL, window_started_on = NULL,"
                            + " risk_cause = NULL, risk_at = NULL WHERE member_id = ?",
                    memberId);
            return;
        }
        if (!ensureMember(c, risk.memberId())) {
            return;
        }
        Instant stored = instantValue(c, "SELECT risk_at FROM rm_member WHERE member_id = ?", risk.memberId());
        if (stored == null || !risk.occurredAt().isBefore(stored)) {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE rm_member SET tier = ?, tier_rank = ?, tier_since = ?, window_started_on = ?,
                      risk_cause = ?, risk_at = ? WHERE member_id = ?""")) {
                ps.setString(1, Codes.of(risk.tier()));
                ps.setInt(2, tierRank(risk.tier()));
                Sql.instant(ps, 3, risk.since());
                Sql.date(ps, 4, risk.windowStartedOn());
                ps.setString(5, Codes.of(risk.cause()));
                Sql.instant(ps, 6, risk.occurredAt());
                ps.setString(7, risk.memberId());
                ps.executeUpdate();
            }
        }
        Timeline row = new Timeline(risk.eventId(), risk.memberId(), risk.occurredAt(), RISK);
        row.status = Codes.of(risk.tier());
        insertTimeline(c, row);
    }

    /** The caseload's order of tiers: very high first; members without a tier on record last. */
    public static int tierRank(RiskTier tier) {
        return tier == null ? 9 : tier.ordinal();
    }

    // ---- case.flags

    public void flag(Connection c, CaseFlag flag) throws SQLException {
        if (!ensureMember(c, flag.memberId())) {
            return;
        }
        int stored = (int) longValue(c, "SELECT change_number FROM rm_flag WHERE flag_id = ?", flag.flagId());
        if (stored < flag.change()) {
            update(c, "DELETE FROM rm_flag WHERE flag_id = ?", flag.flagId());
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO rm_flag (flag_id, member_id, change_number, severity, state, reasons, evidence,
                      categories, raised_at, updated_at, acknowledged_by, acknowledged_at, contacted_by, contacted_at,
                      resolved_by, resolved_at, outcome)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, flag.flagId());
                ps.setString(2, flag.memberId());
                ps.setInt(3, flag.change());
                ps.setString(4, Codes.of(flag.severity()));
                ps.setString(5, Codes.of(flag.state()));
                ps.setString(6, Codes.joined(flag.reasons()));
                ps.setString(7, String.join(",", flag.evidence()));
                ps.setString(
                        8, String.join(",", flag.categories().stream().sorted().toList()));
                Sql.instant(ps, 9, flag.raisedAt());
                Sql.instant(ps, 10, flag.updatedAt());
                ps.setString(11, flag.acknowledgedBy());
                Sql.instant(ps, 12, flag.acknowledgedAt());
                ps.setString(13, flag.contactedBy());
                Sql.instant(ps, 14, flag.contactedAt());
                ps.setString(15, flag.resolvedBy());
                Sql.instant(ps, 16, flag.resolvedAt());
                ps.setString(17, Codes.of(flag.outcome()));
                ps.executeUpdate();
            }
            recountOpenFlags(c, flag.memberId());
        }
        Timeline row = new Timeline(flag.eventId(), flag.memberId(), flag.occurredAt(), FLAG);
        row.flagId = flag.flagId();
        row.flagChange = Codes.of(flag.what());
        row.severity = Codes.of(flag.severity());
        row.status = Codes.of(flag.state());
        row.outcome = Codes.of(flag.outcome());
        row.staffId = switch (flag.what()) {
            case ACKNOWLEDGED -> flag.acknowledgedBy();
            case CONTACTED -> flag.contactedBy();
            case RESOLVED -> flag.resolvedBy();
            case RAISED, UPDATED, REASSIGNED -> null;
        };
        insertTimeline(c, row);
    }

    private static void recountOpenFlags(Connection c, String memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE rm_member SET
                  open_critical = (SELECT COUNT(*) FROM rm_flag f WHERE f.member_id = ? AND f.state <> ? AND f.severity = ?),
                  open_high = (SELECT COUNT(*) FROM rm_flag f WHERE f.member_id = ? AND f.state <> ? AND f.severity = ?),
                  open_medium = (SELECT COUNT(*) FROM rm_flag f WHERE f.member_id = ? AND f.state <> ? AND f.severity = ?)
                WHERE member_id = ?""")) {
            int i = 0;
            for (FlagSeverity s : FlagSeverity.values()) {
                ps.setString(++i, memberId);
                ps.setString(++i, Codes.of(FlagState.RESOLVED));
                ps.setString(++i, Codes.of(s));
            }
            ps.setString(++i, memberId);
            ps.executeUpdate();
        }
    }

    // ---- checkin.status

    public void status(Connection c, CheckInStatusEvent event) throws SQLException {
        switch (event) {
            case CheckInCompleted e ->
                checkInStatus(
                        c,
                        e,
                        CHECKIN_COMPLETED,
                        "UPDATE rm_checkin SET answered = TRUE, missed = FALSE"
                                + (e.late() ? ", late = TRUE" : "")
                                + " WHERE check_in_id = ?",
                        e.late() ? "late" : "on-time");
            case CheckInLate e ->
                checkInStatus(c, e, CHECKIN_LATE, "UPDATE rm_checkin SET late = TRUE WHERE check_in_id = ?", null);
            case CheckInMissed e ->
                checkInStatus(
                        c,
                        e,
                        CHECKIN_MISSED,
                        "UPDATE rm_checkin SET missed = TRUE WHERE check_in_id = ? AND answered = FALSE",
                        null);
            case QuestionnaireMissed q -> questionnaireMissed(c, q);
        }
    }

    /** A check-in's outcome: its row in {@code rm_checkin} (what every count of check-ins reads) and the timeline's. */
    private void checkInStatus(Connection c, CheckInStatusEvent event, String kind, String outcome, String status)
            throws SQLException {
        if (!ensureMember(c, event.memberId())) {
            return;
        }
        if (!exists(c, "SELECT 1 FROM rm_checkin WHERE check_in_id = ?", event.checkInId())) {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO rm_checkin (check_in_id, member_id, due_at) VALUES (?, ?, ?)")) {
                ps.setString(1, event.checkInId());
                ps.setString(2, event.memberId());
                Sql.instant(ps, 3, event.dueAt());
                ps.executeUpdate();
            }
        } else {
            // the due instant from streams is the true one (an answer read first stood in for it)
            try (PreparedStatement ps = c.prepareStatement("UPDATE rm_checkin SET due_at = ? WHERE check_in_id = ?")) {
                Sql.instant(ps, 1, event.dueAt());
                ps.setString(2, event.checkInId());
                ps.executeUpdate();
            }
        }
        update(c, outcome, event.checkInId());
        Timeline row = new Timeline(event.eventId(), event.memberId(), event.occurredAt(), kind);
        row.checkInId = event.checkInId();
        row.dueAt = event.dueAt();
        row.status = status;
        insertTimeline(c, row);
    }

    // ---- questionnaire occurrences (checkin.due, checkin.status, checkin.responses)

    /** The longest occurrence id {@code rm_questionnaire} holds (V9). */
    static final int MAX_QUESTIONNAIRE_ID = 200;

    /**
     * {@code checkin.due}: a questionnaire of the plan was sent. A check-in that opened is not kept
     * from this topic: the console follows check-ins from their outcomes and answers.
     */
    public void due(Connection c, CheckInDueEvent event) throws SQLException {
        switch (event) {
            case CheckInDue d -> {
                // followed from checkin.status and checkin.responses
            }
            case QuestionnaireDue q -> questionnaireDue(c, q);
        }
    }

    private static boolean fits(String eventId, String questionnaireId, String instrumentId) {
        if (questionnaireId.length() > MAX_QUESTIONNAIRE_ID || instrumentId.length() > MAX_NAME) {
            LOG.warn("questionnaire event {} not kept: an id is longer than the read model keeps", eventId);
            return false;
        }
        return true;
    }

    private void questionnaireDue(Connection c, QuestionnaireDue q) throws SQLException {
        if (!fits(q.eventId(), q.questionnaireId(), q.instrumentId()) || !ensureMember(c, q.memberId())) {
            return;
        }
        if (!exists(c, "SELECT 1 FROM rm_questionnaire WHERE questionnaire_id = ?", q.questionnaireId())) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rm_questionnaire"
                    + " (questionnaire_id, member_id, instrument_id, due_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, q.questionnaireId());
                ps.setString(2, q.memberId());
                ps.setString(3, q.instrumentId());
                Sql.instant(ps, 4, q.dueAt());
                Sql.instant(ps, 5, q.expiresAt());
                ps.executeUpdate();
            }
        } else {
            // made by its completion or its expiry read first: the due event has the true times
            try (PreparedStatement ps = c.prepareStatement("UPDATE rm_questionnaire SET instrument_id = ?, due_at = ?,"
                    + " expires_at = ? WHERE questionnaire_id = ?")) {
                ps.setString(1, q.instrumentId());
                Sql.instant(ps, 2, q.dueAt());
                Sql.instant(ps, 3, q.expiresAt());
                ps.setString(4, q.questionnaireId());
                ps.executeUpdate();
            }
        }
        Timeline row = new Timeline(q.eventId(), q.memberId(), q.occurredAt(), QUESTIONNAIRE_DUE);
        row.checkInId = q.questionnaireId();
        row.dueAt = q.dueAt();
        row.instrumentId = q.instrumentId();
        insertTimeline(c, row);
    }

    /** Not a missed check-in: nothing in {@code rm_checkin}, so no count, rate or ranking of check-ins sees it. */
    private void questionnaireMissed(Connection c, QuestionnaireMissed q) throws SQLException {
        if (!fits(q.eventId(), q.questionnaireId(), q.instrumentId()) || !ensureMember(c, q.memberId())) {
            return;
        }
        if (!exists(c, "SELECT 1 FROM rm_questionnaire WHERE questionnaire_id = ?", q.questionnaireId())) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rm_questionnaire"
                    + " (questionnaire_id, member_id, instrument_id, due_at, missed_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, q.questionnaireId());
                ps.setString(2, q.memberId());
                ps.setString(3, q.instrumentId());
                Sql.instant(ps, 4, q.dueAt());
                Sql.instant(ps, 5, q.occurredAt());
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("UPDATE rm_questionnaire SET missed_at = ?,"
                    + " due_at = CASE WHEN expires_at IS NULL THEN ? ELSE due_at END WHERE questionnaire_id = ?")) {
                Sql.instant(ps, 1, q.occurredAt());
                Sql.instant(ps, 2, q.dueAt());
                ps.setString(3, q.questionnaireId());
                ps.executeUpdate();
            }
        }
        Timeline row = new Timeline(q.eventId(), q.memberId(), q.occurredAt(), QUESTIONNAIRE_MISSED);
        row.checkInId = q.questionnaireId();
        row.dueAt = q.dueAt();
        row.instrumentId = q.instrumentId();
        insertTimeline(c, row);
    }

    /** The occurrence a finished questionnaire answers is completed (its first completion counts). */
    private static void questionnaireCompleted(Connection c, MeasureCompleted m) throws SQLException {
        if (m.questionnaireId() == null
                || m.responseId().length() > MAX_RESPONSE_ID
                || !fits(m.eventId(), m.questionnaireId(), m.instrumentId())) {
            return;
        }
        if (!exists(c, "SELECT 1 FROM rm_questionnaire WHERE questionnaire_id = ?", m.questionnaireId())) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rm_questionnaire (questionnaire_id, member_id,"
                    + " instrument_id, due_at, completed_at, response_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, m.questionnaireId());
                ps.setString(2, m.memberId());
                ps.setString(3, m.instrumentId());
                Sql.instant(ps, 4, m.occurredAt());
                Sql.instant(ps, 5, m.occurredAt());
                ps.setString(6, m.responseId());
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("UPDATE rm_questionnaire SET completed_at = ?,"
                    + " response_id = ? WHERE questionnaire_id = ? AND completed_at IS NULL")) {
                Sql.instant(ps, 1, m.occurredAt());
                ps.setString(2, m.responseId());
                ps.setString(3, m.questionnaireId());
                ps.executeUpdate();
            }
        }
    }

    // ---- checkin.responses

    public void response(Connection c, CheckInResponseEvent event) throws SQLException {
        if (!ensureMember(c, event.memberId())) {
            return;
        }
        switch (event) {
            case CheckInAnswered a -> {
                if (!exists(c, "SELECT 1 FROM rm_checkin WHERE check_in_id = ?", a.checkInId())) {
                    // streams' status (with the due instant) may come later; the answer's time stands in
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO rm_checkin (check_in_id, member_id, due_at, answered) VALUES (?, ?, ?, TRUE)")) {
                        ps.setString(1, a.checkInId());
                        ps.setString(2, a.memberId());
                        Sql.instant(ps, 3, a.occurredAt());
                        ps.executeUpdate();
                    }
                } else {
                    update(
                            c,
                            "UPDATE rm_checkin SET answered = TRUE, missed = FALSE WHERE check_in_id = ?",
                            a.checkInId());
                }
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE rm_member SET last_answer_at = ?, last_answer_status = ?"
                                + " WHERE member_id = ? AND (last_answer_at IS NULL OR last_answer_at < ?)")) {
                    Sql.instant(ps, 1, a.occurredAt());
                    ps.setString(2, Codes.of(a.status()));
                    ps.setString(3, a.memberId());
                    Sql.instant(ps, 4, a.occurredAt());
                    ps.executeUpdate();
                }
                Timeline row = new Timeline(a.eventId(), a.memberId(), a.occurredAt(), ANSWER);
                row.checkInId = a.checkInId();
                row.status = Codes.of(a.status());
                row.craving = a.craving();
                row.mood = a.mood();
                row.note = a.note();
                insertTimeline(c, row);
            }
            case HelpRequested h -> {
                Timeline row = new Timeline(h.eventId(), h.memberId(), h.occurredAt(), HELP_REQUESTED);
                row.status = "need-help";
                insertTimeline(c, row);
            }
            case MeasureCompleted m -> {
                // On the timeline: which questionnaire, and the most severe rule it raised (scores over time: issue
                // 13).
                Timeline row = new Timeline(m.eventId(), m.memberId(), m.occurredAt(), MEASURE);
                row.instrumentId = m.instrumentId().length() > MAX_NAME ? null : m.instrumentId();
                row.severity = Codes.of(m.highestSeverity());
                insertTimeline(c, row);
                measure(c, m);
                questionnaireCompleted(c, m);
            }
        }
    }

    /** The longest ids {@code rm_measure} and {@code rm_measure_score} hold (V8). */
    static final int MAX_RESPONSE_ID = 128;

    static final int MAX_NAME = 64;

    /**
     * A finished questionnaire's scores and bands for the member page's charts (not its item
     * values), once per response id: a replayed event changes nothing. Ids longer than the columns
     * hold (no definition's names are: the schema caps them) leave the result off the charts; the
     * timeline row stays.
     */
    private static void measure(Connection c, MeasureCompleted m) throws SQLException {
        if (m.responseId().length() > MAX_RESPONSE_ID
                || m.instrumentId().length() > MAX_NAME
                || m.scores().keySet().stream().anyMatch(id -> id.length() > MAX_NAME)
                || m.bands().values().stream().anyMatch(b -> b != null && b.length() > MAX_NAME)) {
            LOG.warn("measure result {} not charted: an id is longer than the read model keeps", m.eventId());
            return;
        }
        if (exists(c, "SELECT 1 FROM rm_measure WHERE response_id = ?", m.responseId())) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rm_measure (response_id, member_id, instrument_id,"
                + " instrument_version, completed_at, highest_severity) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, m.responseId());
            ps.setString(2, m.memberId());
            ps.setString(3, m.instrumentId());
            ps.setInt(4, m.instrumentVersion());
            Sql.instant(ps, 5, m.occurredAt());
            ps.setString(6, Codes.of(m.highestSeverity()));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rm_measure_score (response_id, member_id, score_id, score, band) VALUES (?, ?, ?, ?, ?)")) {
            for (var score : m.scores().entrySet()) {
                ps.setString(1, m.responseId());
                ps.setString(2, m.memberId());
                ps.setString(3, score.getKey());
                ps.setInt(4, score.getValue());
                ps.setString(5, m.bands().get(score.getKey()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    // ---- outreach.deliveries

    public void delivery(Connection c, DeliveryReport report) throws SQLException {
        if (report.kind() == OutreachKind.STAFF_DIGEST) {
            return; // keyed by the staffId it went to: not a member's event
        }
        if (!ensureMember(c, report.memberId())) {
            return;
        }
        Timeline row = new Timeline(report.eventId(), report.memberId(), report.occurredAt(), DELIVERY);
        row.deliveryKind = Codes.of(report.kind());
        row.recipientRole = Codes.of(report.recipient().role());
        row.deliveryOutcome = Codes.of(report.outcome());
        row.deliveryReason = report.reason();
        insertTimeline(c, row);
    }

    // ---- contact.actions

    public void contact(Connection c, ContactActionEvent action) throws SQLException {
        if (!ensureMember(c, action.memberId())) {
            return;
        }
        Timeline row = new Timeline(action.eventId(), action.memberId(), action.occurredAt(), CONTACT_ACTION);
        row.contactAction = action.type();
        row.contactId = action.contactId();
        if (action instanceof ReachReported r) {
            row.status = r.reached() ? "reached" : "not-yet";
        }
        insertTimeline(c, row);
    }

    // ---- the timeline

    /** One timeline row being written (package-private scratch; the read side has {@link TimelineEntry}). */
    static final class Timeline {
        final String eventId;
        final String memberId;
        final Instant occurredAt;
        final String kind;
        String checkInId;
        Instant dueAt;
        String status;
        Integer craving;
        Integer mood;
        String note;
        String deliveryKind;
        String recipientRole;
        String deliveryOutcome;
        String deliveryReason;
        String contactAction;
        String contactId;
        String flagId;
        String flagChange;
        String severity;
        String outcome;
        String staffId;
        String instrumentId;

        Timeline(String eventId, String memberId, Instant occurredAt, String kind) {
            this.eventId = eventId;
            this.memberId = memberId;
            this.occurredAt = occurredAt;
            this.kind = kind;
        }
    }

    static void insertTimeline(Connection c, Timeline t) throws SQLException {
        if (exists(c, "SELECT 1 FROM rm_timeline WHERE event_id = ?", t.eventId)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO rm_timeline (event_id, member_id, occurred_at, kind, check_in_id, due_at, status, craving,
                  mood, note, delivery_kind, recipient_role, delivery_outcome, delivery_reason, contact_action,
                  contact_id, flag_id, flag_change, severity, outcome, staff_id, instrument_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int i = 0;
            ps.setString(++i, t.eventId);
            ps.setString(++i, t.memberId);
            Sql.instant(ps, ++i, t.occurredAt);
            ps.setString(++i, t.kind);
            ps.setString(++i, t.checkInId);
            Sql.instant(ps, ++i, t.dueAt);
            ps.setString(++i, t.status);
            Sql.integer(ps, ++i, t.craving);
            Sql.integer(ps, ++i, t.mood);
            ps.setString(++i, t.note);
            ps.setString(++i, t.deliveryKind);
            ps.setString(++i, t.recipientRole);
            ps.setString(++i, t.deliveryOutcome);
            ps.setString(++i, t.deliveryReason);
            ps.setString(++i, t.contactAction);
            ps.setString(++i, t.contactId);
            ps.setString(++i, t.flagId);
            ps.setString(++i, t.flagChange);
            ps.setString(++i, t.severity);
            ps.setString(++i, t.outcome);
            ps.setString(++i, t.staffId);
            ps.setString(++i, t.instrumentId);
            ps.executeUpdate();
        }
    }

    // ---- small JDBC helpers

    static boolean exists(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The first column of the first row as a long; -1 when there is no row. */
    static long longValue(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static Instant instantValue(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                java.time.OffsetDateTime at = rs.getObject(1, java.time.OffsetDateTime.class);
                return at == null ? null : at.toInstant();
            }
        }
    }

    static int update(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            return ps.executeUpdate();
        }
    }
}
