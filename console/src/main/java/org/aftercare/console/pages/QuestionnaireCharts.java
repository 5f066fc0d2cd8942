package org.aftercare.console.pages;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.aftercare.console.readmodel.MeasureResults;
import org.aftercare.measures.Instrument;
import org.aftercare.measures.Instruments;
import org.aftercare.measures.Score;

/**
 * The member page's "Questionnaires" section: per instrument and version the member has results
 * for (newest version first), each score over the last {@value #RECENT_DAYS} days and over all
 * results, drawn on the score's whole range with its bands (from the definition this console
 * loaded) and a table beside each chart (date, score, band as stored with the result). A version
 * this console has no definition for is listed with its tables only, the stored band labels shown.
 * Item values are not on the page: the read model keeps scores and bands only.
 *
 * <p>Beside the results, the questionnaires of the member's plan sent to them ({@link #sent}): per
 * occurrence the instrument, when it was sent, until when its link is open, and whether it was
 * completed or not answered. An instrument this console has no definition for (a program removed
 * its file) is named by its id.
 */
final class QuestionnaireCharts {

    static final int RECENT_DAYS = 90;

    private final MeasureResults results;
    private final Instruments instruments;

    QuestionnaireCharts(MeasureResults results, Instruments instruments) {
        this.results = results;
        this.instruments = instruments;
    }

    /** The anchor of an instrument's first section on the member page, or null for an id not fit for one. */
    static String anchor(String instrumentId) {
        return instrumentId != null && instrumentId.matches("[a-z0-9-]{1,64}") ? "questionnaire-" + instrumentId : null;
    }

    List<Map<String, Object>> model(String memberId, Instant now, ZoneId zone) {
        Map<String, List<MeasureResults.Result>> byKey = new TreeMap<>();
        List<MeasureResults.Result> all = results.of(memberId);
        for (MeasureResults.Result r : all) {
            byKey.computeIfAbsent(key(r.instrumentId(), r.instrumentVersion()), k -> new ArrayList<>())
                    .add(r);
        }
        List<List<MeasureResults.Result>> groups = new ArrayList<>(byKey.values());
        groups.sort(Comparator.comparing(
                        (List<MeasureResults.Result> g) -> g.getFirst().instrumentId())
                .thenComparing(g -> -g.getFirst().instrumentVersion()));
        Set<String> anchored = new HashSet<>();
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<MeasureResults.Result> group : groups) {
            MeasureResults.Result first = group.getFirst();
            String id = first.instrumentId();
            int version = first.instrumentVersion();
            Optional<Instrument> definition = instruments.get(id, version);
            Map<String, Object> g = new LinkedHashMap<>();
            String slug = "q" + out.size();
            g.put("anchor", anchored.add(id) ? anchor(id) : null);
            g.put("slug", slug);
            g.put("title", definition.map(QuestionnaireCharts::title).orElse(id));
            g.put("instrumentId", id);
            g.put("version", version);
            g.put("count", group.size());
            g.put("known", definition.isPresent());
            g.put("lastAt", ConsolePages.when(group.getLast().completedAt(), zone));
            List<Map<String, Object>> scores = new ArrayList<>();
            if (definition.isPresent()) {
                Instrument instrument = definition.get();
                for (Score score : instrument.scores()) {
                    scores.add(chartedScore(slug + "-s" + scores.size(), instrument, score, group, now, zone));
                }
            } else {
                Set<String> ids = new TreeSet<>();
                group.forEach(r -> ids.addAll(r.scores().keySet()));
                for (String scoreId : ids) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("sid", slug + "-s" + scores.size());
                    s.put("scoreId", scoreId);
                    s.put("name", Charts.words(scoreId));
                    s.put("range", null);
                    s.put("bands", null);
                    s.put(
                            "periods",
                            List.of(period(
                                    slug + "-s" + scores.size() + "-all", "All results", null, scoreId, group, zone)));
                    scores.add(s);
                }
            }
            g.put("scores", scores);
            out.add(g);
        }
        return out;
    }

    private static Map<String, Object> chartedScore(
            String base,
            Instrument instrument,
            Score score,
            List<MeasureResults.Result> group,
            Instant now,
            ZoneId zone) {
        int[] range = instrument.range(score);
        List<Charts.Band> bands = instrument.bands(score.id()).stream()
                .map(b -> new Charts.Band(b.from(), b.to(), b.label()))
                .toList();
        Instant recentFrom = now.minus(RECENT_DAYS, ChronoUnit.DAYS);
        Instant firstAt = group.getFirst().completedAt();
        Instant allFrom = firstAt.isBefore(recentFrom) ? firstAt : recentFrom;
        List<MeasureResults.Result> recent = group.stream()
                .filter(r -> !r.completedAt().isBefore(recentFrom))
                .toList();
        String what = Charts.words(score.id()) + " (" + range[0] + " to " + range[1] + ")";
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("sid", base);
        s.put("scoreId", score.id());
        s.put("name", Charts.words(score.id()));
        s.put("range", range[0] + " to " + range[1]);
        s.put(
                "bands",
                bands.isEmpty()
                        ? null
                        : String.join(
                                ", ",
                                bands.stream()
                                        .map(b -> Charts.words(b.label()) + " " + b.from() + " to " + b.to())
                                        .toList()));
        Map<String, Object> last90 =
                period(base + "-" + RECENT_DAYS, "Last " + RECENT_DAYS + " days", null, score.id(), recent, zone);
        last90.put(
                "svg",
                Charts.banded(
                        "chart-" + base + "-" + RECENT_DAYS,
                        what + " over the last " + RECENT_DAYS + " days",
                        points(recent, score.id()),
                        range[0],
                        range[1],
                        bands,
                        recentFrom,
                        now,
                        zone));
        Map<String, Object> ever = period(base + "-all", "All results", null, score.id(), group, zone);
        ever.put(
                "svg",
                Charts.banded(
                        "chart-" + base + "-all",
                        what + ", all results",
                        points(group, score.id()),
                        range[0],
                        range[1],
                        bands,
                        allFrom,
                        now,
                        zone));
        s.put("periods", List.of(last90, ever));
        return s;
    }

    private static Map<String, Object> period(
            String id, String label, String svg, String scoreId, List<MeasureResults.Result> results, ZoneId zone) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MeasureResults.Result r : results) {
            Integer value = r.scores().get(scoreId);
            if (value == null) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", ConsolePages.when(r.completedAt(), zone));
            row.put("score", value);
            String band = r.bands().get(scoreId);
            row.put("band", band == null ? "—" : Charts.words(band));
            rows.add(row);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.put("label", label);
        p.put("svg", svg);
        p.put("rows", rows);
        p.put("hasRows", !rows.isEmpty());
        return p;
    }

    private static List<Charts.Scored> points(List<MeasureResults.Result> results, String scoreId) {
        List<Charts.Scored> out = new ArrayList<>();
        for (MeasureResults.Result r : results) {
            Integer v = r.scores().get(scoreId);
            if (v != null) {
                out.add(new Charts.Scored(r.completedAt(), v));
            }
        }
        return out;
    }

    /** The instrument's title and id ("Your week (weekly-reflection)"), or the id alone when this console has no definition. */
    String title(String instrumentId) {
        if (instrumentId == null) {
            return "a questionnaire";
        }
        return instruments.latest(instrumentId).map(QuestionnaireCharts::title).orElse(instrumentId);
    }

    /** The member's questionnaire occurrences, newest first: what was sent and what came of it. */
    List<Map<String, Object>> sent(String memberId, Instant now, ZoneId zone) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MeasureResults.Occurrence o : results.occurrences(memberId)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("questionnaireId", o.questionnaireId());
            row.put("title", title(o.instrumentId()));
            row.put("sentAt", ConsolePages.when(o.dueAt(), zone));
            row.put("openUntil", o.expiresAt() == null ? "—" : ConsolePages.when(o.expiresAt(), zone));
            String state;
            String outcome;
            if (o.completed()) {
                state = "completed";
                outcome = "Completed " + ConsolePages.when(o.completedAt(), zone);
            } else if (o.notAnswered()) {
                state = "not-answered";
                outcome = "Not answered (the link expired)";
            } else if (o.expiresAt() != null && !o.expiresAt().isAfter(now)) {
                state = "expired";
                outcome = "Not answered by the end of its link";
            } else {
                state = "open";
                outcome = "Sent, not answered yet";
            }
            row.put("state", state);
            row.put("outcome", outcome);
            out.add(row);
        }
        return out;
    }

    private static String title(Instrument instrument) {
        Map<String, String> t = instrument.title();
        String title = t.getOrDefault("en", t.values().stream().findFirst().orElse(instrument.id()));
        return title + " (" + instrument.id() + ")";
    }

    private static String key(String id, int version) {
        return id + " v" + version;
    }
}
