package org.aftercare.measures;

import java.util.List;

/**
 * Answers that do not fit the instrument: an unknown item, a value that is not one of an item's
 * options, an answer to an item its rule skipped, a required item left out. The reasons name item
 * ids only, never a value given (answers stay out of logs and exceptions).
 */
public final class AnswerProblem extends RuntimeException {

    private final List<String> reasons;

    public AnswerProblem(String instrumentId, List<String> reasons) {
        super(instrumentId + ": " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
