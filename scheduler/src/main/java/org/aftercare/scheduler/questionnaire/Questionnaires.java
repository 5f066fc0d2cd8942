package org.aftercare.scheduler.questionnaire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aftercare.events.Ids;
import org.aftercare.events.Json;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.measures.AnswerProblem;
import org.aftercare.measures.FlagRule;
import org.aftercare.measures.Instrument;
import org.aftercare.measures.Instruments;
import org.aftercare.measures.Scored;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberProblem;
import org.aftercare.scheduler.member.MemberStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Questionnaire occurrences at the scheduler (issue 13). In: a request to open one (the admin API
 * and the plan's schedule, through {@link #openScheduled}), each
 * answer a member saves from the page, and the final submission. Out: the occurrence rows, and on
 * submission one {@link MeasureCompleted} on {@code checkin.responses}, published in the
 * transaction that marks the occurrence completed (its row locked), so it is published exactly once
 * per occurrence however often or concurrently it is sent, and a refused publish leaves it open
 * with every answer kept. Logs name occurrence ids and counts only, never an answer.
 */
public final class Questionnaires {

    private static final Logger log = LoggerFactory.getLogger(Questionnaires.class);

    /** How long an occurrence stays open: the life of its link, so the link resumes it until the end. */
    public static final Duration LIFE = LinkKind.QUESTIONNAIRE.validFor().orElseThrow();

    /** What became of a save. */
    public enum Saved {
        SAVED,
        /** The form was of an earlier revision (another tab, a replay): nothing changed. */
        STALE,
        COMPLETED,
        EXPIRED,
        GONE
    }

    /** What became of a submission. */
    public sealed interface Submitted {
        /** Scored, stored and published now. */
        record Sent(Scored scored) implements Submitted {}

        /** Sent before (a second press, a replay, a concurrent send): nothing published again. */
        record AlreadySent(boolean critical) implements Submitted {}

        /** A required question is not answered: the member is taken back to it. */
        record Incomplete(String itemId) implements Submitted {}

        record Stale() implements Submitted {}

        record Expired() implements Submitted {}

        record Gone() implements Submitted {}

        /** The database or Kafka did not take it: nothing recorded, every answer kept. */
        record NotRecorded() implements Submitted {}
    }

    private final Database db;
    private final MemberStore members;
    private final Instruments instruments;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry registry;
    private final QuestionnaireStore store = new QuestionnaireStore();

    public Questionnaires(
            Database db,
            MemberStore members,
            Instruments instruments,
            EventPublisher publisher,
            Clock clock,
            MeterRegistry registry) {
        this.db = db;
        this.members = members;
        this.instruments = instruments;
        this.publisher = publisher;
        this.clock = clock;
        this.registry = registry;
        // Registered at zero (one series per installed instrument) so increase() sees the first count.
        registry.counter("outreach.questionnaires.skipped", "reason", "not-ready");
        instruments.all().stream().map(Instrument::id).distinct().forEach(id -> {
            registry.counter("outreach.questionnaires.opened", "instrument", id);
            registry.counter("outreach.questionnaires.completed", "instrument", id);
        });
    }

    /**
     * Opens a questionnaire for the member now, with the latest ready version of the instrument.
     *
     * @throws MemberProblem 404 no such member; 409 the member is not active, or the instrument's
     *     wording is not installed; 400 no instrument with that id
     */
    public Occurrence open(String memberId, String instrumentId) {
        Instant now = clock.instant();
        return db.inTransaction(c -> open(c, memberId, instrumentId, now));
    }

    /**
     * Opens a questionnaire inside the caller's transaction: the same checks as
     * {@link #open(String, String)}. The occurrence id is {@code qn-} and a random UUID; it expires
     * {@link #LIFE} after {@code now}.
     */
    public Occurrence open(Connection c, String memberId, String instrumentId, Instant now) throws SQLException {
        Instrument instrument = readyInstrument(instrumentId);
        MemberProfile m = members.load(c, memberId).orElseThrow(() -> MemberProblem.notFound("no member with that id"));
        if (m.status() != MemberStatus.ACTIVE) {
            throw MemberProblem.conflict(
                    "questionnaires are opened for active members only",
                    Map.of("memberId", "the member is " + Json.tree(m.status()).asText()));
        }
        return insert(c, "qn-" + UUID.randomUUID(), memberId, instrument, now, now.plus(LIFE));
    }

    /**
     * Opens the questionnaire of a member's plan that fell due at {@code dueAt} (the schedule's
     * sweep, in its transaction; the member is active, the sweep checked). The occurrence id is
     * derived from the member, the instrument and {@code dueAt} ({@link Ids#questionnaireId}), so a
     * sweep that runs again after a crash finds the occurrence it opened and returns it. Empty,
     * counted in {@code outreach.questionnaires.skipped}, when no version of the instrument can be
     * given now (a program removed its definition or its wording since the plan was set).
     */
    public Optional<Occurrence> openScheduled(
            Connection c, String memberId, String instrumentId, Instant dueAt, Instant expiresAt, Instant now)
            throws SQLException {
        String id = Ids.questionnaireId(memberId, instrumentId, dueAt);
        Optional<Occurrence> existing = store.find(c, id, false);
        if (existing.isPresent()) {
            return existing;
        }
        Instrument instrument;
        try {
            instrument = readyInstrument(instrumentId);
        } catch (MemberProblem notGiven) {
            registry.counter("outreach.questionnaires.skipped", "reason", "not-ready")
                    .increment();
            log.warn(
                    "questionnaire of member {} due {} not opened: {} cannot be given ({})",
                    memberId,
                    dueAt,
                    instrumentId,
                    notGiven.getMessage());
            return Optional.empty();
        }
        return Optional.of(insert(c, id, memberId, instrument, now, expiresAt));
    }

    private Occurrence insert(
            Connection c, String id, String memberId, Instrument instrument, Instant now, Instant expiresAt)
            throws SQLException {
        Occurrence o = new Occurrence(
                id, memberId, instrument.id(), instrument.version(), now, expiresAt, null, Map.of(), null, 0, false);
        store.insert(c, o);
        registry.counter("outreach.questionnaires.opened", "instrument", instrument.id())
                .increment();
        log.info(
                "questionnaire {} opened for member {} ({} v{})",
                o.questionnaireId(),
                memberId,
                o.instrumentId(),
                o.instrumentVersion());
        return o;
    }

    /** The newest version of the instrument whose wording is installed; refused with the reason otherwise. */
    private Instrument readyInstrument(String instrumentId) {
        if (instrumentId == null || instrumentId.isBlank()) {
            throw MemberProblem.invalid(
                    "no instrument named", Map.of("instrument", "is required: the id of an instrument"));
        }
        List<Instrument> versions = instruments.all().stream()
                .filter(i -> i.id().equals(instrumentId))
                .toList();
        if (versions.isEmpty()) {
            throw MemberProblem.invalid(
                    "no instrument with that id", Map.of("instrument", "is not an instrument of this program"));
        }
        return versions.stream()
                .filter(Instrument::ready)
                .max(Comparator.comparingInt(Instrument::version))
                .orElseThrow(() -> MemberProblem.conflict(
                        "the instrument cannot be given yet",
                        Map.of(
                                "instrument",
                                versions.getLast().notReadyReason().orElse("its wording is not installed"))));
    }

    /** The member's occurrences, newest first (at most {@code limit}); 404 when there is no such member. */
    public List<Occurrence> list(String memberId, int limit) {
        return db.inTransaction(c -> {
            if (members.load(c, memberId).isEmpty()) {
                throw MemberProblem.notFound("no member with that id");
            }
            return store.ofMember(c, memberId, limit);
        });
    }

    public Optional<Occurrence> find(String questionnaireId) {
        return db.inTransaction(c -> store.find(c, questionnaireId, false));
    }

    /** The definition an occurrence is answered and scored with (its version stays loadable). */
    public Instrument instrumentOf(Occurrence o) {
        return instruments
                .get(o.instrumentId(), o.instrumentVersion())
                .orElseThrow(() -> new IllegalStateException("questionnaire " + o.questionnaireId() + " names "
                        + o.instrumentId() + " v" + o.instrumentVersion() + ", which is not loaded"));
    }

    /** The stored result of a completed occurrence (scores, bands, flags, as JSON), or empty. */
    public Optional<String> result(String questionnaireId) {
        return db.inTransaction(c -> store.result(c, questionnaireId));
    }

    /**
     * Saves the answers and the screen the member moves to, if the occurrence is still open at the
     * revision the form was made from.
     */
    public Saved save(String questionnaireId, int revision, Map<String, Integer> answers, String screen) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            Optional<Occurrence> found = store.find(c, questionnaireId, true);
            if (found.isEmpty()) {
                return Saved.GONE;
            }
            Occurrence o = found.get();
            switch (o.state(now)) {
                case COMPLETED -> {
                    return Saved.COMPLETED;
                }
                case EXPIRED -> {
                    return Saved.EXPIRED;
                }
                case OPEN -> {}
            }
            if (o.revision() != revision) {
                return Saved.STALE;
            }
            store.save(c, questionnaireId, answers, screen);
            log.debug("questionnaire {} saved ({} answer(s))", questionnaireId, answers.size());
            return Saved.SAVED;
        });
    }

    /**
     * Scores the answers saved so far, stores the result and publishes {@link MeasureCompleted}, all
     * in one transaction on the locked row; exactly once per occurrence.
     */
    public Submitted submit(String questionnaireId, int revision) {
        Instant now = clock.instant();
        Submitted outcome;
        try {
            outcome = db.inTransaction(c -> {
                Optional<Occurrence> found = store.find(c, questionnaireId, true);
                if (found.isEmpty()) {
                    return new Submitted.Gone();
                }
                Occurrence o = found.get();
                switch (o.state(now)) {
                    case COMPLETED -> {
                        return new Submitted.AlreadySent(o.critical());
                    }
                    case EXPIRED -> {
                        return new Submitted.Expired();
                    }
                    case OPEN -> {}
                }
                if (o.revision() != revision) {
                    return new Submitted.Stale();
                }
                Instrument instrument = instrumentOf(o);
                Map<String, Integer> answers = QuestionnaireFlow.pruned(instrument, o.answers());
                Scored scored;
                try {
                    scored = instrument.score(answers);
                } catch (AnswerProblem p) {
                    String missing = QuestionnaireFlow.firstMissing(instrument, answers);
                    log.info(
                            "questionnaire {} sent incomplete ({} reason(s))",
                            questionnaireId,
                            p.reasons().size());
                    return new Submitted.Incomplete(
                            missing != null
                                    ? missing
                                    : instrument.items().getFirst().id());
                }
                boolean critical = scored.flags().stream().anyMatch(r -> r.severity() == FlagSeverity.CRITICAL);
                store.complete(c, questionnaireId, scored.values(), resultJson(scored), critical, now);
                publisher.response(event(o, scored, now));
                return new Submitted.Sent(scored);
            });
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("questionnaire {} not recorded: {}", questionnaireId, e.getMessage());
            return new Submitted.NotRecorded();
        }
        if (outcome instanceof Submitted.Sent sent) {
            registry.counter(
                            "outreach.questionnaires.completed",
                            "instrument",
                            sent.scored().instrumentId())
                    .increment();
            log.info(
                    "questionnaire {} completed ({} answer(s), {} flag rule(s) raised)",
                    questionnaireId,
                    sent.scored().values().size(),
                    sent.scored().flags().size());
        }
        return outcome;
    }

    private static MeasureCompleted event(Occurrence o, Scored scored, Instant now) {
        return MeasureCompleted.of(
                o.memberId(),
                o.questionnaireId(),
                o.questionnaireId(),
                o.instrumentId(),
                o.instrumentVersion(),
                scored.values(),
                scored.scores(),
                scored.bands(),
                scored.flags().stream()
                        .map(r -> new MeasureCompleted.RaisedRule(r.id(), r.severity()))
                        .toList(),
                now);
    }

    /** The stored result: scores, bands and raised rules (recomputable from the answers and the definition). */
    static String resultJson(Scored scored) {
        ObjectNode out = Json.object();
        out.set("scores", Json.tree(scored.scores()));
        out.set("bands", Json.tree(scored.bands()));
        ArrayNode flags = out.putArray("flags");
        for (FlagRule rule : scored.flags()) {
            flags.addObject()
                    .put("rule", rule.id())
                    .put("severity", Json.tree(rule.severity()).asText());
        }
        return out.toString();
    }
}
