package org.aftercare.console.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerRateTest {

    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    private static AnswerRate.CheckIn answered(String dueAt) {
        return new AnswerRate.CheckIn(Instant.parse(dueAt), true, false);
    }

    private static AnswerRate.CheckIn missed(String dueAt) {
        return new AnswerRate.CheckIn(Instant.parse(dueAt), false, true);
    }

    private static AnswerRate.CheckIn open(String dueAt) {
        return new AnswerRate.CheckIn(Instant.parse(dueAt), false, false);
    }

    @Test
    void countsAnsweredOfSettledCheckInsDueInTheLastFourteenDays() {
        AnswerRate rate = AnswerRate.over(
                List.of(
                        answered("2026-03-01T12:00:00Z"), // exactly 14 days before: in
                        answered("2026-03-01T11:59:59Z"), // a second older: out
                        missed("2026-03-05T09:00:00Z"),
                        missed("2026-03-10T09:00:00Z"),
                        answered("2026-03-14T09:00:00Z"),
                        open("2026-03-15T09:00:00Z"), // still open: neither
                        answered("2026-03-15T12:00:01Z")), // due after now: out
                NOW);
        assertThat(rate).isEqualTo(new AnswerRate(2, 4));
        assertThat(rate.ratio()).isEqualTo(0.5);
        assertThat(rate.percent()).isEqualTo(50);
    }

    @Test
    void aLateAnswerToACheckInCountedMissedCountsAnswered() {
        AnswerRate rate = AnswerRate.over(
                List.of(new AnswerRate.CheckIn(Instant.parse("2026-03-14T09:00:00Z"), true, true)), NOW);
        assertThat(rate).isEqualTo(new AnswerRate(1, 1));
    }

    @Test
    void nothingDueHasNoRate() {
        AnswerRate rate = AnswerRate.over(List.of(open("2026-03-15T09:00:00Z")), NOW);
        assertThat(rate).isEqualTo(new AnswerRate(0, 0));
        assertThat(rate.ratio()).isNull();
        assertThat(rate.percent()).isNull();
    }

    @Test
    void twoOfThreeIsSixtySixPercentRoundedDown() {
        AnswerRate rate = AnswerRate.over(
                List.of(
                        answered("2026-03-10T09:00:00Z"),
                        answered("2026-03-11T09:00:00Z"),
                        missed("2026-03-12T09:00:00Z")),
                NOW);
        assertThat(rate.percent()).isEqualTo(66);
    }
}
