package org.aftercare.events.checkin;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aftercare.events.Require;
import org.aftercare.events.flag.FlagSeverity;

/**
 * A member finished a questionnaire (issue 13): the instrument and the version of its definition
 * it was scored with, every answered item's value as given, the scores and bands those values make,
 * and the definition's flag rules that hold. Scores, bands and raised rules are recomputable from
 * {@code values} and the definition (module {@code measures}); they are carried so that no consumer
 * needs the program's definitions to act, and streams raises a staff flag for every raised rule
 * (a critical one at once). {@code responseId} is unique per submission the scheduler accepted;
 * {@code questionnaireId} names the prompted occurrence it answers, null when taken unprompted.
 *
 * <p>Item values are answers: they never go into logs, exceptions or metric labels.
 */
@JsonTypeName("measure.completed")
public record MeasureCompleted(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String responseId,
        String questionnaireId,
        String instrumentId,
        int instrumentVersion,
        Map<String, Integer> values,
        Map<String, Integer> scores,
        Map<String, String> bands,
        List<RaisedRule> flags)
        implements CheckInResponseEvent {

    public static final int SCHEMA_VERSION = 1;

    /** One of the definition's flag rules that holds: its id and the severity the staff flag gets. */
    public record RaisedRule(String rule, FlagSeverity severity) {

        public RaisedRule {
            Require.text(rule, "rule");
            Require.present(severity, "severity");
        }
    }

    public MeasureCompleted {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(responseId, "responseId");
        Require.check(questionnaireId == null || !questionnaireId.isBlank(), "questionnaireId must not be blank");
        Require.text(instrumentId, "instrumentId");
        Require.atLeast(instrumentVersion, "instrumentVersion", 1);
        values = sorted(values);
        Require.check(!values.isEmpty(), "values must hold at least one answered item");
        Require.check(values.values().stream().allMatch(v -> v != null && v >= 0), "values must be 0 or more");
        scores = sorted(scores);
        Require.check(scores.values().stream().allMatch(v -> v != null), "scores must not be null");
        bands = sorted(bands);
        Require.check(scores.keySet().containsAll(bands.keySet()), "every band belongs to a score");
        flags = Require.list(flags);
    }

    public static MeasureCompleted of(
            String memberId,
            String responseId,
            String questionnaireId,
            String instrumentId,
            int instrumentVersion,
            Map<String, Integer> values,
            Map<String, Integer> scores,
            Map<String, String> bands,
            List<RaisedRule> flags,
            Instant now) {
        return new MeasureCompleted(
                "measure:" + responseId,
                SCHEMA_VERSION,
                now,
                memberId,
                responseId,
                questionnaireId,
                instrumentId,
                instrumentVersion,
                values,
                scores,
                bands,
                flags);
    }

    /** The most severe raised rule's severity, or null when none holds. */
    public FlagSeverity highestSeverity() {
        return flags.stream().map(RaisedRule::severity).min(Enum::compareTo).orElse(null);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
