package org.aftercare.console.readmodel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What a member page charts over the last {@code days}: craving (0-10) and mood (1-5) per answer,
 * oldest first, and per week (Monday to Sunday in the member's time zone) how many check-ins were
 * answered and how many missed.
 */
public record MemberSeries(int days, List<Point> answers, List<Week> weeks) {

    /** One answer; either value may be null (both are optional on the form). */
    public record Point(Instant at, Integer craving, Integer mood) {}

    /** One week starting on {@code weekStart} (a Monday). */
    public record Week(LocalDate weekStart, int answered, int missed) {}

    public MemberSeries {
        answers = List.copyOf(answers);
        weeks = List.copyOf(weeks);
    }
}
