package org.aftercare.measures;

import java.util.Map;

/**
 * One response option of an item: the value that is scored and its label per locale (empty until an
 * installed wording supplies it).
 */
public record Option(int value, Map<String, String> label) {

    public Option {
        label = label == null ? Map.of() : Map.copyOf(label);
    }
}
