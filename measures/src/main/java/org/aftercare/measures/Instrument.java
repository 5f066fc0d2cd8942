package org.aftercare.measures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One questionnaire, as its definition says: items in order, scores, bands per score and flag
 * rules. Built only by {@link Definitions}, which has checked that every reference resolves, that a
 * skip rule reads only what comes before its item, and that each score's bands cover its range.
 *
 * <p>{@link #toAsk} says which items to ask given the answers so far (a skip rule is evaluated on
 * the answers and the scores they already make); {@link #score} checks a finished set of answers
 * and scores it.
 */
public final class Instrument {

    private final String id;
    private final int version;
    private final Map<String, String> title;
    private final List<String> locales;
    private final boolean validated;
    private final String wordingMissing;
    private final List<Item> items;
    private final Map<String, Item> byId;
    private final List<Score> scores;
    private final Map<String, List<Band>> bands;
    private final List<FlagRule> flags;

    Instrument(
            String id,
            int version,
            Map<String, String> title,
            List<String> locales,
            boolean validated,
            String wordingMissing,
            List<Item> items,
            List<Score> scores,
            Map<String, List<Band>> bands,
            List<FlagRule> flags) {
        this.id = id;
        this.version = version;
        this.title = Map.copyOf(title);
        this.locales = List.copyOf(locales);
        this.validated = validated;
        this.wordingMissing = wordingMissing;
        this.items = List.copyOf(items);
        Map<String, Item> map = new LinkedHashMap<>();
        items.forEach(i -> map.put(i.id(), i));
        this.byId = map;
        this.scores = List.copyOf(scores);
        Map<String, List<Band>> b = new LinkedHashMap<>();
        bands.forEach((k, v) -> b.put(k, List.copyOf(v)));
        this.bands = b;
        this.flags = List.copyOf(flags);
    }

    public String id() {
        return id;
    }

    public int version() {
        return version;
    }

    public Map<String, String> title() {
        return title;
    }

    public List<String> locales() {
        return locales;
    }

    /** True only for a published, validated measure (the team's own questions say false). */
    public boolean validated() {
        return validated;
    }

    /** Whether it can be given to members: its wording is there for every locale it names. */
    public boolean ready() {
        return wordingMissing == null;
    }

    /** Why it is not ready (its wording is to be installed), or empty. */
    public Optional<String> notReadyReason() {
        return Optional.ofNullable(wordingMissing);
    }

    public List<Item> items() {
        return items;
    }

    public Optional<Item> item(String itemId) {
        return Optional.ofNullable(byId.get(itemId));
    }

    public List<Score> scores() {
        return scores;
    }

    /** The score's bands in order, or empty when it is not banded. */
    public List<Band> bands(String scoreId) {
        return bands.getOrDefault(scoreId, List.of());
    }

    public List<FlagRule> flags() {
        return flags;
    }

    /** The band {@code value} falls in for that score, if the score is banded. */
    public Optional<Band> band(String scoreId, int value) {
        return bands(scoreId).stream().filter(b -> b.contains(value)).findFirst();
    }

    /** The lowest and highest value the score can take (each item's lowest or highest option). */
    public int[] range(Score score) {
        int low = 0;
        int high = 0;
        for (String itemId : score.items()) {
            Item item = byId.get(itemId);
            low += item.lowest();
            high += item.highest();
        }
        if (score.missingIsZero()) {
            low = Math.min(0, low);
        }
        return new int[] {low, high};
    }

    /**
     * The items to ask, in order, given {@code answers} so far: an item whose skip rule does not hold
     * is left out. An item whose rule reads an item or score not yet answered is not asked yet; it
     * appears once what it reads is there.
     */
    public List<Item> toAsk(Map<String, Integer> answers) {
        Map<String, Integer> sums = scoresOf(answers);
        List<Item> out = new ArrayList<>();
        for (Item item : items) {
            if (item.askIf() == null || item.askIf().holds(answers, sums)) {
                out.add(item);
            }
        }
        return out;
    }

    /**
     * Checks a finished set of answers against the definition and scores it. Skip rules are applied
     * in order: an item is skipped when its rule does not hold on the answers before it.
     *
     * @throws AnswerProblem naming every item that is unknown, has a value not among its options, was
     *     answered though skipped, or was required and left out (never a value)
     */
    public Scored score(Map<String, Integer> answers) {
        List<String> reasons = new ArrayList<>();
        for (String itemId : answers.keySet()) {
            if (!byId.containsKey(itemId)) {
                reasons.add(itemId + ": not an item of this questionnaire");
            }
        }
        Map<String, Integer> given = new LinkedHashMap<>();
        Set<String> skipped = new LinkedHashSet<>();
        for (Item item : items) {
            Integer value = answers.get(item.id());
            boolean asked = item.askIf() == null || item.askIf().holds(given, scoresOf(given));
            if (!asked) {
                skipped.add(item.id());
                if (value != null) {
                    reasons.add(item.id() + ": answered, but its rule (" + item.askIf() + ") skips it");
                }
                continue;
            }
            if (value == null) {
                if (item.required()) {
                    reasons.add(item.id() + ": required, not answered");
                }
                continue;
            }
            if (!item.allows(value)) {
                reasons.add(item.id() + ": the answer is not one of its options");
                continue;
            }
            given.put(item.id(), value);
        }
        if (!reasons.isEmpty()) {
            throw new AnswerProblem(id, reasons);
        }
        Map<String, Integer> sums = scoresOf(given);
        Map<String, String> banded = new LinkedHashMap<>();
        sums.forEach((scoreId, value) -> band(scoreId, value).ifPresent(b -> banded.put(scoreId, b.label())));
        List<FlagRule> raised = new ArrayList<>();
        for (FlagRule rule : flags) {
            if (rule.when().holds(given, sums)) {
                raised.add(rule);
            }
        }
        return new Scored(id, version, given, skipped, sums, banded, raised);
    }

    /** Every score these answers make (a score that needs all its items and lacks one is left out). */
    private Map<String, Integer> scoresOf(Map<String, Integer> answers) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Score score : scores) {
            int sum = 0;
            boolean complete = true;
            for (String itemId : score.items()) {
                Integer value = answers.get(itemId);
                if (value == null) {
                    if (!score.missingIsZero()) {
                        complete = false;
                        break;
                    }
                    continue;
                }
                Item item = byId.get(itemId);
                sum += score.reverse().contains(itemId) ? item.highest() + item.lowest() - value : value;
            }
            if (complete) {
                out.put(score.id(), sum);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return id + " v" + version;
    }
}
