package org.aftercare.measures;

import java.util.List;
import java.util.Set;

/**
 * A sum over items (a total or a subscale). An item in {@code reverse} counts reversed: its highest
 * option value plus its lowest, minus the answer. With {@code missingIsZero} false (the default) there
 * is no score unless every one of its items was answered; with it true, an unanswered or skipped item
 * counts 0.
 */
public record Score(String id, List<String> items, Set<String> reverse, boolean missingIsZero) {

    public Score {
        items = List.copyOf(items);
        reverse = Set.copyOf(reverse);
    }
}
