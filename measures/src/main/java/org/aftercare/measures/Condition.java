package org.aftercare.measures;

import java.util.Map;

/**
 * A test on one item's answer or one score: "item phq9 above 0", "score screen atLeast 3". Used by
 * skip rules ({@code askIf}) and flag rules ({@code when}). An absent value (not answered, not
 * scored) never holds.
 */
public record Condition(Target target, String name, Comparison comparison, int threshold) {

    /** What the condition reads. */
    public enum Target {
        ITEM,
        SCORE
    }

    /** How the value is compared with the threshold (the definition's words). */
    public enum Comparison {
        ABOVE("above"),
        AT_LEAST("atLeast"),
        EQUALS("equals"),
        AT_MOST("atMost"),
        BELOW("below");

        private final String word;

        Comparison(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Comparison of(String word) {
            for (Comparison c : values()) {
                if (c.word.equals(word)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no comparison " + word);
        }

        boolean test(int value, int threshold) {
            return switch (this) {
                case ABOVE -> value > threshold;
                case AT_LEAST -> value >= threshold;
                case EQUALS -> value == threshold;
                case AT_MOST -> value <= threshold;
                case BELOW -> value < threshold;
            };
        }
    }

    /** Whether it holds for these answers (raw item values) and scores. */
    public boolean holds(Map<String, Integer> answers, Map<String, Integer> scores) {
        Integer value = target == Target.ITEM ? answers.get(name) : scores.get(name);
        return value != null && comparison.test(value, threshold);
    }

    @Override
    public String toString() {
        return (target == Target.ITEM ? "item " : "score ") + name + " " + comparison.word() + " " + threshold;
    }
}
