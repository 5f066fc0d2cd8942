package org.aftercare.scheduler.questionnaire;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aftercare.events.Json;
import org.aftercare.events.checkin.QuestionnaireDue;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.QuestionnaireSchedule;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.QuestionnaireSchedules;
import org.aftercare.scheduler.plan.CheckInTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens every questionnaire of the members' plans that has fallen due (issue 13). It reads the
 * questionnaires' due-time index ({@link QuestionnaireSchedules}, ordered by {@code next_due_utc})
 * in batches; for each due row of an active member it opens the occurrence
 * ({@link Questionnaires#openScheduled}, id derived from member, instrument and due instant),
 * publishes one {@link QuestionnaireDue} on {@code checkin.due}, and advances the row to the
 * instrument's next instant, all in one transaction that commits only after Kafka acknowledged the
 * batch; a crash in between opens and announces the same occurrences again, with the same ids.
 *
 * <p>An occurrence is answerable until the earlier of its link's life ({@link Questionnaires#LIFE})
 * and the same questionnaire's next due instant, so two of one instrument are never open at once.
 * After downtime, a slot that fell due within the catch-up window is still opened, once, marked
 * {@code catchUp}; an older one is skipped (counted), so nobody gets a burst of stale questionnaires.
 * A row whose instrument the plan no longer names is deleted; one whose instrument cannot be given
 * now is skipped and counted ({@code outreach.questionnaires.skipped}), and the row moves on. On
 * PostgreSQL rows are claimed with {@code SKIP LOCKED}, so scheduler instances share the work.
 */
public final class QuestionnaireSweep {

    private static final Logger log = LoggerFactory.getLogger(QuestionnaireSweep.class);
    private static final int BATCH = 1_000;
    /** A slot opened this much after its due time is flagged as a catch-up. */
    private static final Duration CATCH_UP_THRESHOLD = Duration.ofMinutes(1);

    private final Database db;
    private final Questionnaires questionnaires;
    private final EventPublisher publisher;
    private final CheckInTimes times;
    private final Duration catchUpWindow;
    private final Clock clock;
    private final QuestionnaireSchedules schedules = new QuestionnaireSchedules();
    private final Counter announced;
    private final Counter stale;

    public QuestionnaireSweep(
            Database db,
            Questionnaires questionnaires,
            EventPublisher publisher,
            CheckInTimes times,
            Duration catchUpWindow,
            Clock clock,
            MeterRegistry registry) {
        this.db = db;
        this.questionnaires = questionnaires;
        this.publisher = publisher;
        this.times = times;
        this.catchUpWindow = catchUpWindow;
        this.clock = clock;
        this.announced = Counter.builder("outreach.questionnaires.due.emitted")
                .description("questionnaires of the members' plans opened and announced on checkin.due")
                .register(registry);
        this.stale = registry.counter("outreach.questionnaires.skipped", "reason", "too-old");
    }

    private record DueRow(
            String memberId, String instrumentId, Instant dueAt, ZoneId zone, MemberStatus status, CheckInPlan plan) {

        Optional<QuestionnaireSchedule> schedule() {
            return plan.questionnaires().stream()
                    .filter(q -> q.instrument().equals(instrumentId))
                    .findFirst();
        }
    }

    /** Opens everything due at {@code clock.instant()}, batch by batch; returns how many rows it handled. */
    public int sweep() {
        int total = 0;
        int handled;
        do {
            Instant now = clock.instant();
            handled = db.inTransaction(c -> sweepBatch(c, now));
            total += handled;
        } while (handled > 0);
        return total;
    }

    private int sweepBatch(Connection c, Instant now) throws SQLException {
        List<DueRow> rows = claim(c, now);
        if (rows.isEmpty()) {
            return 0;
        }
        List<QuestionnaireDue> dues = new ArrayList<>();
        for (DueRow row : rows) {
            Optional<QuestionnaireSchedule> schedule = row.schedule();
            if (schedule.isEmpty()) {
                // The plan changed without its index (it should not): the row has nothing to follow.
                schedules.delete(c, row.memberId(), row.instrumentId());
                continue;
            }
            if (row.status() != MemberStatus.ACTIVE) {
                schedules.advance(c, row.memberId(), row.instrumentId(), null);
                continue;
            }
            Optional<Instant> next = times.questionnaireAfter(row.plan(), schedule.get(), row.zone(), row.dueAt());
            Instant expiresAt = closes(row.dueAt(), next);
            if (row.dueAt().isBefore(now.minus(catchUpWindow)) || !expiresAt.isAfter(now)) {
                stale.increment();
                log.info(
                        "questionnaire of member {} due {} skipped: too long ago (scheduler downtime)",
                        row.memberId(),
                        row.dueAt());
            } else {
                Optional<Occurrence> opened = questionnaires.openScheduled(
                        c, row.memberId(), row.instrumentId(), row.dueAt(), expiresAt, now);
                opened.ifPresent(o -> dues.add(QuestionnaireDue.of(
                        o.memberId(),
                        o.questionnaireId(),
                        o.instrumentId(),
                        row.dueAt(),
                        o.expiresAt(),
                        now,
                        row.dueAt().isBefore(now.minus(CATCH_UP_THRESHOLD)))));
            }
            schedules.advance(c, row.memberId(), row.instrumentId(), next.orElse(null));
        }
        EventPublisher.Pending acks = publisher.sendDue(dues);
        acks.await();
        announced.increment(dues.size());
        if (!dues.isEmpty()) {
            log.debug("announced {} due questionnaire(s)", dues.size());
        }
        return rows.size();
    }

    /** When an occurrence due at {@code dueAt} closes: its link's life, or the next one of the same instrument if sooner. */
    static Instant closes(Instant dueAt, Optional<Instant> next) {
        Instant life = dueAt.plus(Questionnaires.LIFE);
        return next.filter(n -> n.isBefore(life)).orElse(life);
    }

    private List<DueRow> claim(Connection c, Instant now) throws SQLException {
        String lock = db.isPostgres() ? "FOR UPDATE OF s SKIP LOCKED" : "FOR UPDATE";
        List<DueRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.member_id, s.instrument_id, s.next_due_utc, m.time_zone, m.status, m.plan_json
                FROM questionnaire_schedule s JOIN member m ON m.member_id = s.member_id
                WHERE s.next_due_utc <= ?
                ORDER BY s.next_due_utc
                FETCH FIRST ? ROWS ONLY
                """ + lock)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new DueRow(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getTimestamp(3).toInstant(),
                            ZoneId.of(rs.getString(4)),
                            MemberStatus.valueOf(rs.getString(5)),
                            Json.readerFor(CheckInPlan.class).readValue(rs.getString(6))));
                }
            } catch (JsonProcessingException e) {
                // Not the parser's exception: its message quotes the stored text.
                throw new IllegalStateException(
                        "a stored plan is unreadable (" + e.getClass().getSimpleName() + ")");
            }
        }
        return rows;
    }
}
