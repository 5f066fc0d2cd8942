package org.aftercare.measures;

import java.util.List;

/**
 * Instrument definitions (or wording files) that cannot be used: every problem found, one line
 * each, naming the file, where in it ({@code $.items[2].options}) and what is wrong.
 */
public final class DefinitionProblem extends RuntimeException {

    private final List<String> lines;

    public DefinitionProblem(List<String> lines) {
        super(lines.size() + " problem(s) in questionnaire definitions:\n  " + String.join("\n  ", lines));
        this.lines = List.copyOf(lines);
    }

    public List<String> lines() {
        return lines;
    }
}
