package org.aftercare.measures;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A completed questionnaire, scored: the answered items' values (as given, before any reversal),
 * the items skipped by their rules, every score that could be computed, each score's band (where
 * the instrument bands it) and the flag rules that hold. Everything here is recomputable from
 * {@code values} and the definition (id and version).
 */
public record Scored(
        String instrumentId,
        int version,
        Map<String, Integer> values,
        Set<String> skipped,
        Map<String, Integer> scores,
        Map<String, String> bands,
        List<FlagRule> flags) {

    public Scored {
        // Copies that keep the instrument's order (items, scores), for pages and events alike.
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        skipped = Collections.unmodifiableSet(new LinkedHashSet<>(skipped));
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        bands = Collections.unmodifiableMap(new LinkedHashMap<>(bands));
        flags = List.copyOf(flags);
    }
}
