package org.aftercare.measures;

import java.util.List;
import java.util.Map;

/**
 * One question: its text per locale (empty until an installed wording supplies it), its options,
 * whether an answer is required once it is asked, and its skip rule ({@code askIf}, null: always asked).
 */
public record Item(String id, Map<String, String> text, List<Option> options, boolean required, Condition askIf) {

    public Item {
        text = text == null ? Map.of() : Map.copyOf(text);
        options = List.copyOf(options);
    }

    public int lowest() {
        return options.stream().mapToInt(Option::value).min().orElseThrow();
    }

    public int highest() {
        return options.stream().mapToInt(Option::value).max().orElseThrow();
    }

    public boolean allows(int value) {
        return options.stream().anyMatch(o -> o.value() == value);
    }
}
