package org.aftercare.console.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A member's questionnaires from the read model: the finished ones ({@code rm_measure}, V8) with the
 * scores and bands each result was stored with, oldest first ({@link #of}); and the occurrences of
 * their plan's questionnaires ({@code rm_questionnaire}, V9), sent, completed or not answered,
 * newest first ({@link #occurrences}). The caller has checked {@link Access#mayView} and written the
 * view to the access audit.
 */
public final class MeasureResults {

    /** The most results one member page reads (weekly for twenty years, with room to spare). */
    public static final int MAX_RESULTS = 2000;

    /**
     * One finished questionnaire.
     *
     * @param scores by score id, in id order
     * @param bands the band label stored for a score (a score without bands has none)
     * @param highestSeverity the most severe flag rule it raised, a FlagSeverity code, or null
     */
    public record Result(
            String responseId,
            String instrumentId,
            int instrumentVersion,
            Instant completedAt,
            String highestSeverity,
            Map<String, Integer> scores,
            Map<String, String> bands) {

        public Result {
            scores = Collections.unmodifiableMap(new TreeMap<>(scores));
            bands = Collections.unmodifiableMap(new TreeMap<>(bands));
        }
    }

    /** The most occurrences one member page lists. */
    public static final int MAX_OCCURRENCES = 200;

    /**
     * One questionnaire sent to the member (or known from its expiry): completed when {@code
     * completedAt} is set, not answered when {@code missedAt} is (and it was not completed), else
     * open. {@code expiresAt} is null when only the expiry was read.
     */
    public record Occurrence(
            String questionnaireId,
            String instrumentId,
            Instant dueAt,
            Instant expiresAt,
            Instant completedAt,
            Instant missedAt) {

        public boolean completed() {
            return completedAt != null;
        }

        public boolean notAnswered() {
            return completedAt == null && missedAt != null;
        }
    }

    private final ReadModelDatabase db;

    public MeasureResults(ReadModelDatabase db) {
        this.db = db;
    }

    /** The member's latest {@link #MAX_RESULTS} results, oldest first. */
    public List<Result> of(String memberId) {
        return db.read(c -> {
            Map<String, Result> byResponse = new LinkedHashMap<>();
            Map<String, Map<String, Integer>> scores = new LinkedHashMap<>();
            Map<String, Map<String, String>> bands = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT response_id, instrument_id, instrument_version, completed_at, highest_severity
                    FROM rm_measure WHERE member_id = ?
                    ORDER BY completed_at DESC, response_id DESC FETCH FIRST %d ROWS ONLY""".formatted(MAX_RESULTS))) {
                ps.setString(1, memberId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("response_id");
                        byResponse.put(
                                id,
                                new Result(
                                        id,
                                        rs.getString("instrument_id"),
                                        rs.getInt("instrument_version"),
                                        Sql.instant(rs, "completed_at"),
                                        rs.getString("highest_severity"),
                                        Map.of(),
                                        Map.of()));
                        scores.put(id, new TreeMap<>());
                        bands.put(id, new TreeMap<>());
                    }
                }
            }
            if (byResponse.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT response_id, score_id, score, band FROM rm_measure_score WHERE member_id = ?")) {
                ps.setString(1, memberId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("response_id");
                        Map<String, Integer> s = scores.get(id);
                        if (s == null) {
                            continue; // older than the results read
                        }
                        s.put(rs.getString("score_id"), rs.getInt("score"));
                        String band = rs.getString("band");
                        if (band != null) {
                            bands.get(id).put(rs.getString("score_id"), band);
                        }
                    }
                }
            }
            List<Result> out = new ArrayList<>(byResponse.size());
            for (Result r : byResponse.values()) {
                out.add(new Result(
                        r.responseId(),
                        r.instrumentId(),
                        r.instrumentVersion(),
                        r.completedAt(),
                        r.highestSeverity(),
                        scores.get(r.responseId()),
                        bands.get(r.responseId())));
            }
            Collections.reverse(out);
            return out;
        });
    }

    /**
     * The member's latest {@link #MAX_OCCURRENCES} questionnaire occurrences, newest first; one known
     * only from its completion (its due event not read yet) is not among them.
     */
    public List<Occurrence> occurrences(String memberId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT questionnaire_id, instrument_id, due_at, expires_at, completed_at, missed_at
                    FROM rm_questionnaire WHERE member_id = ? AND (expires_at IS NOT NULL OR missed_at IS NOT NULL)
                    ORDER BY due_at DESC, questionnaire_id DESC FETCH FIRST %d ROWS ONLY""".formatted(MAX_OCCURRENCES))) {
                ps.setString(1, memberId);
                List<Occurrence> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Occurrence(
                                rs.getString("questionnaire_id"),
                                rs.getString("instrument_id"),
                                Sql.instant(rs, "due_at"),
                                Sql.instant(rs, "expires_at"),
                                Sql.instant(rs, "completed_at"),
                                Sql.instant(rs, "missed_at")));
                    }
                }
                return out;
            }
        });
    }
}
