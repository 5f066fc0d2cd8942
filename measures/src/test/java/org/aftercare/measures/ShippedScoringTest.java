package org.aftercare.measures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.events.flag.FlagSeverity;
import org.junit.jupiter.api.Test;

/**
 * Every shipped definition scored against examples worked out by hand (the sums are written out in
 * the comments; nothing here is computed by the code under test).
 */
class ShippedScoringTest {

    private static final Instruments SHIPPED = Definitions.shipped();

    private static Instrument instrument(String id) {
        return SHIPPED.latest(id).orElseThrow();
    }

    /** Answers in item order: ids and values given alternately. */
    private static Map<String, Integer> answers(Object... pairs) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return m;
    }

    private static List<String> flagIds(Scored s) {
        return s.flags().stream().map(FlagRule::id).toList();
    }

    @Test
    void allFourAreShippedAndOnlyTheTeamsOwnReflectionIsReadyWithoutInstalledWording() {
        assertThat(SHIPPED.all())
                .extracting(Instrument::id)
                .containsExactlyInAnyOrder("weekly-reflection", "phq-9", "gad-7", "bam");
        assertThat(instrument("weekly-reflection").ready()).isTrue();
        assertThat(instrument("weekly-reflection").validated()).isFalse();
        for (String licensed : List.of("phq-9", "gad-7", "bam")) {
            assertThat(instrument(licensed).ready()).as(licensed).isFalse();
            assertThat(instrument(licensed).validated()).as(licensed).isTrue();
            assertThat(instrument(licensed).notReadyReason().orElseThrow()).contains(licensed + ".wording.yaml");
            // No item wording of a licensed instrument is in the repository.
            assertThat(instrument(licensed).items())
                    .allSatisfy(i -> assertThat(i.text()).isEmpty());
        }
    }

    @Test
    void weeklyReflectionCountsStressReversedAndSkipsReachOutWithoutUse() {
        Instrument w = instrument("weekly-reflection");
        // wellbeing = sleep 3 + (4 - stress 1 = 3) + support 2 + confidence 4 = 12 → good (11-16)
        Scored s = w.score(
                answers("sleep", 3, "stress", 1, "support", 2, "confidence", 4, "risky-situations", 0, "days-used", 0));

        assertThat(s.scores()).containsEntry("wellbeing", 12).containsEntry("days-used", 0);
        assertThat(s.bands()).containsEntry("wellbeing", "good");
        assertThat(s.skipped()).containsExactly("reach-out");
        assertThat(s.flags()).isEmpty();
        assertThat(w.toAsk(answers("days-used", 0))).extracting(Item::id).doesNotContain("reach-out");
        assertThat(w.toAsk(answers("days-used", 2))).extracting(Item::id).contains("reach-out");
    }

    @Test
    void weeklyReflectionAfterAHardWeekRaisesItsThreeFlags() {
        // wellbeing = sleep 0 + (4 - stress 4 = 0) + support 1 + confidence 1 = 2 → low (0-5), ≤ 3 → medium flag
        Scored s = instrument("weekly-reflection")
                .score(answers(
                        "sleep",
                        0,
                        "stress",
                        4,
                        "support",
                        1,
                        "confidence",
                        1,
                        "risky-situations",
                        2,
                        "days-used",
                        2,
                        "reach-out",
                        1));

        assertThat(s.scores()).containsEntry("wellbeing", 2).containsEntry("days-used", 2);
        assertThat(s.bands()).containsEntry("wellbeing", "low");
        assertThat(flagIds(s)).containsExactly("asked-for-contact", "use-this-week", "low-wellbeing");
        assertThat(s.flags())
                .extracting(FlagRule::severity)
                .containsExactly(FlagSeverity.HIGH, FlagSeverity.HIGH, FlagSeverity.MEDIUM);
    }

    @Test
    void answersThatDoNotFitAreRefusedNamingItemsNeverValues() {
        Instrument w = instrument("weekly-reflection");

        assertThatThrownBy(() -> w.score(answers(
                        "sleep",
                        9,
                        "stress",
                        1,
                        "support",
                        2,
                        "risky-situations",
                        0,
                        "days-used",
                        0,
                        "reach-out",
                        1,
                        "mystery",
                        3)))
                .isInstanceOf(AnswerProblem.class)
                .satisfies(e -> assertThat(((AnswerProblem) e).reasons())
                        .containsExactlyInAnyOrder(
                                "mystery: not an item of this questionnaire",
                                "sleep: the answer is not one of its options",
                                "confidence: required, not answered",
                                "reach-out: answered, but its rule (item days-used atLeast 1) skips it"))
                .hasMessageNotContaining("9");
    }

    @Test
    void phq9WithAPositiveScreenIsScoredInFullAndItem9RaisesTheCriticalFlag() {
        Instrument phq = instrument("phq-9");
        assertThat(phq.toAsk(answers("phq1", 1, "phq2", 2))).hasSize(9);
        // phq-2 = 1 + 2 = 3 → positive-screen; total = 1+2+1+0+3+2+1+0+1 = 11 → moderate (10-14)
        Scored s = phq.score(answers(
                "phq1", 1, "phq2", 2, "phq3", 1, "phq4", 0, "phq5", 3, "phq6", 2, "phq7", 1, "phq8", 0, "phq9", 1));

        assertThat(s.scores()).containsEntry("phq-2", 3).containsEntry("total", 11);
        assertThat(s.bands()).containsEntry("phq-2", "positive-screen").containsEntry("total", "moderate");
        assertThat(flagIds(s)).containsExactly("item-9-above-0");
        assertThat(s.flags().getFirst().severity()).isEqualTo(FlagSeverity.CRITICAL);
    }

    @Test
    void phq9WithANegativeScreenStopsAfterTwoItemsAndHasNoTotal() {
        Instrument phq = instrument("phq-9");
        assertThat(phq.toAsk(answers("phq1", 1, "phq2", 1)))
                .extracting(Item::id)
                .containsExactly("phq1", "phq2");
        // phq-2 = 1 + 1 = 2 → negative-screen; items 3-9 skipped, so no total
        Scored s = phq.score(answers("phq1", 1, "phq2", 1));

        assertThat(s.scores()).containsExactly(Map.entry("phq-2", 2));
        assertThat(s.bands()).containsExactly(Map.entry("phq-2", "negative-screen"));
        assertThat(s.skipped()).containsExactly("phq3", "phq4", "phq5", "phq6", "phq7", "phq8", "phq9");
        assertThat(s.flags()).isEmpty();
    }

    @Test
    void phq9SevereWithoutItem9IsAHighFlagOnly() {
        // total = 3+3+3+3+3+3+2+2+0 = 22 → severe (20-27); phq9 = 0, so no critical flag
        Scored s = instrument("phq-9")
                .score(answers(
                        "phq1", 3, "phq2", 3, "phq3", 3, "phq4", 3, "phq5", 3, "phq6", 3, "phq7", 2, "phq8", 2, "phq9",
                        0));

        assertThat(s.scores()).containsEntry("total", 22);
        assertThat(s.bands()).containsEntry("total", "severe");
        assertThat(flagIds(s)).containsExactly("severe");
        assertThat(s.flags().getFirst().severity()).isEqualTo(FlagSeverity.HIGH);
    }

    @Test
    void phq9BandEdges() {
        Instrument phq = instrument("phq-9");
        assertThat(phq.band("total", 4).orElseThrow().label()).isEqualTo("minimal");
        assertThat(phq.band("total", 5).orElseThrow().label()).isEqualTo("mild");
        assertThat(phq.band("total", 10).orElseThrow().label()).isEqualTo("moderate");
        assertThat(phq.band("total", 15).orElseThrow().label()).isEqualTo("moderately-severe");
        assertThat(phq.band("total", 19).orElseThrow().label()).isEqualTo("moderately-severe");
        assertThat(phq.band("total", 20).orElseThrow().label()).isEqualTo("severe");
        assertThat(phq.band("total", 27).orElseThrow().label()).isEqualTo("severe");
        assertThat(phq.band("total", 28)).isEmpty();
    }

    @Test
    void gad7ModerateAndSevere() {
        Instrument gad = instrument("gad-7");
        // gad-2 = 2 + 2 = 4 → positive; total = 2+2+1+1+0+3+2 = 11 → moderate (10-14), no flag
        Scored moderate =
                gad.score(answers("gad1", 2, "gad2", 2, "gad3", 1, "gad4", 1, "gad5", 0, "gad6", 3, "gad7", 2));
        // total = 3+3+3+3+2+2+1 = 17 → severe (15-21), medium flag
        Scored severe = gad.score(answers("gad1", 3, "gad2", 3, "gad3", 3, "gad4", 3, "gad5", 2, "gad6", 2, "gad7", 1));
        // gad-2 = 0 + 2 = 2 → negative: stops after two items
        Scored negative = gad.score(answers("gad1", 0, "gad2", 2));

        assertThat(moderate.scores()).containsEntry("gad-2", 4).containsEntry("total", 11);
        assertThat(moderate.bands()).containsEntry("total", "moderate").containsEntry("gad-2", "positive-screen");
        assertThat(moderate.flags()).isEmpty();
        assertThat(severe.scores()).containsEntry("total", 17);
        assertThat(severe.bands()).containsEntry("total", "severe");
        assertThat(flagIds(severe)).containsExactly("severe");
        assertThat(negative.scores()).containsExactly(Map.entry("gad-2", 2));
        assertThat(gad.band("total", 9).orElseThrow().label()).isEqualTo("mild");
        assertThat(gad.band("total", 21).orElseThrow().label()).isEqualTo("severe");
    }

    @Test
    void bamUseRiskAndProtectiveScoresAndItem7OnlyAfterUse() throws URISyntaxException {
        // With made-up wording installed, the BAM is ready.
        Instrument bam = Definitions.loadWith(wordingFolder()).latest("bam").orElseThrow();
        assertThat(bam.ready()).isTrue();
        assertThat(bam.item("bam14").orElseThrow().options())
                .extracting(Option::value)
                .containsExactly(0, 4);
        // use = bam4 0 + bam5 0 + bam6 2 = 2
        // risk = bam1 2 + bam2 1 + bam3 3 + bam8 3 + bam11 2 + bam15 1 = 12
        // protective = bam9 1 + bam10 4 + bam12 0 + bam13 3 + bam14 4 + bam16 4 + bam17 2 = 18
        Scored s = bam.score(answers(
                "bam1", 2, "bam2", 1, "bam3", 3, "bam4", 0, "bam5", 0, "bam6", 2, "bam7a", 2, "bam7b", 0, "bam7c", 0,
                "bam7d", 0, "bam7e", 0, "bam7f", 0, "bam7g", 0, "bam8", 3, "bam9", 1, "bam10", 4, "bam11", 2, "bam12",
                0, "bam13", 3, "bam14", 4, "bam15", 1, "bam16", 4, "bam17", 2));

        assertThat(s.scores()).containsExactlyInAnyOrderEntriesOf(Map.of("use", 2, "risk", 12, "protective", 18));
        assertThat(s.bands()).isEmpty();
        assertThat(flagIds(s)).containsExactly("any-use");

        // No use reported (bam6 = 0): the item-7 sub-items are skipped, and answering one is refused.
        // use = 0 + 0 + 0 = 0; risk = 0+0+0+0+0+0 = 0; protective = 4+4+4+4+4+4+4 = 28
        Map<String, Integer> none = answers(
                "bam1", 0, "bam2", 0, "bam3", 0, "bam4", 0, "bam5", 0, "bam6", 0, "bam8", 0, "bam9", 4, "bam10", 4,
                "bam11", 0, "bam12", 4, "bam13", 4, "bam14", 4, "bam15", 0, "bam16", 4, "bam17", 4);
        Scored clean = bam.score(none);
        assertThat(clean.scores()).containsExactlyInAnyOrderEntriesOf(Map.of("use", 0, "risk", 0, "protective", 28));
        assertThat(clean.skipped()).hasSize(7);
        assertThat(clean.flags()).isEmpty();
        none.put("bam7e", 1);
        assertThatThrownBy(() -> bam.score(none))
                .isInstanceOf(AnswerProblem.class)
                .hasMessageContaining("bam7e: answered, but its rule (item bam6 atLeast 1) skips it");
    }

    static Path wordingFolder() throws URISyntaxException {
        return Path.of(ShippedScoringTest.class
                        .getResource("/wording/bam.wording.yaml")
                        .toURI())
                .getParent();
    }
}
