package org.aftercare.measures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken definitions are refused with one clear line per problem: the file, where in it, and what is wrong. */
class BrokenDefinitionsTest {

    /** A small valid program instrument (made-up wording), to break one piece at a time. */
    private static final String GOOD = """
            id: check
            version: 1
            title: { en: "A few questions" }
            locales: [en]
            optionSets:
              scale: [ { value: 0, label: { en: "no" } }, { value: 1, label: { en: "some" } }, { value: 2, label: { en: "yes" } } ]
            items:
              - { id: q1, text: { en: "First?" }, options: scale }
              - { id: q2, text: { en: "Second?" }, options: scale }
              - { id: q3, text: { en: "Third?" }, options: scale, askIf: { item: q1, atLeast: 1 } }
            scores:
              - { id: total, items: [q1, q2, q3], reverse: [q2], whenMissing: zero }
            bands:
              total: [ { from: 0, to: 2, label: low }, { from: 3, to: 6, label: high } ]
            flags:
              - { id: top, when: { score: total, atLeast: 5 }, severity: high }
            """;

    private static List<String> problems(Map<String, String> files) {
        // In name order, as loadWith reads a folder (Map.of's order changes from one run to the next).
        List<Definitions.Source> sources = files.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new Definitions.Source(e.getKey(), e.getValue()))
                .toList();
        DefinitionProblem p = catchThrowableOfType(DefinitionProblem.class, () -> Definitions.load(sources));
        assertThat(p).as("the definitions should have been refused").isNotNull();
        assertThat(p.getMessage()).startsWith(p.lines().size() + " problem(s) in questionnaire definitions:");
        return p.lines();
    }

    private static List<String> problems(String yaml) {
        return problems(Map.of("check.yaml", yaml));
    }

    @Test
    void theGoodOneLoadsAndScoresWithReverseAndMissingAsZero() {
        Instrument check = Definitions.load(List.of(new Definitions.Source("check.yaml", GOOD)))
                .latest("check")
                .orElseThrow();
        // q1 0, q2 2 reversed (2 + 0 - 2 = 0), q3 skipped (q1 < 1) counts 0 → total 0 → low
        Scored low = check.score(Map.of("q1", 0, "q2", 2));
        // q1 2, q2 0 reversed (2 - 0 = 2), q3 2 → total 6 → high, flag top
        Scored high = check.score(Map.of("q1", 2, "q2", 0, "q3", 2));

        assertThat(low.scores()).containsEntry("total", 0);
        assertThat(low.bands()).containsEntry("total", "low");
        assertThat(high.scores()).containsEntry("total", 6);
        assertThat(high.bands()).containsEntry("total", "high");
        assertThat(high.flags()).extracting(FlagRule::id).containsExactly("top");
    }

    @Test
    void aMissingFieldAndAnUnknownOneAreNamedWithTheirPlace() {
        List<String> lines = problems(GOOD.replace("title: { en: \"A few questions\" }\n", "")
                .replace("options: scale, askIf", "options: scale, askif"));

        assertThat(lines).hasSize(2);
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).startsWith("check.yaml: $: ").contains("title"));
        assertThat(lines)
                .anySatisfy(l ->
                        assertThat(l).startsWith("check.yaml: $.items[2]: ").contains("askif"));
    }

    @Test
    void aWrongTypeAndABadNameAreRefusedByTheSchema() {
        List<String> lines = problems(GOOD.replace("version: 1", "version: one").replace("id: q2,", "id: Q 2,"));

        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("check.yaml: $.version: "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("check.yaml: $.items[1].id: "));
    }

    @Test
    void referencesThatDoNotResolveAreEachOneLine() {
        List<String> lines = problems(GOOD.replace("items: [q1, q2, q3]", "items: [q1, q2, q9]")
                .replace("options: scale, askIf", "options: scales, askIf"));

        assertThat(lines)
                .containsExactlyInAnyOrder(
                        "check.yaml: $.items[2].options: no option set named scales",
                        "check.yaml: $.scores[0].items: no item named q9");
    }

    @Test
    void aSkipRuleMustReadAnEarlierItemAndBeAbleToHold() {
        assertThat(problems(GOOD.replace("askIf: { item: q1, atLeast: 1 }", "askIf: { item: q3, atLeast: 1 }")))
                .containsExactly("check.yaml: $.items[2].askIf.item: reads item q3, which is not an earlier item");
        assertThat(problems(GOOD.replace("askIf: { item: q1, atLeast: 1 }", "askIf: { item: q1, above: 2 }")))
                .containsExactly(
                        "check.yaml: $.items[2].askIf: (item q1 above 2) can never hold: the values run from 0 to 2");
    }

    @Test
    void bandsWithAGapOrShortOfTheRangeAreRefused() {
        List<String> gap = problems(GOOD.replace("{ from: 3, to: 6, label: high }", "{ from: 4, to: 6, label: high }"));
        List<String> shortOf =
                problems(GOOD.replace("{ from: 3, to: 6, label: high }", "{ from: 3, to: 5, label: high }"));

        assertThat(gap)
                .containsExactly("check.yaml: $.bands.total[1].from: is 4; the bands must run on without gap or"
                        + " overlap, so it should be 3");
        assertThat(shortOf).containsExactly("check.yaml: $.bands.total: the bands end at 5; the score reaches 6");
    }

    @Test
    void aFlagRuleThatCanNeverHoldOrNamesNoScoreIsRefused() {
        assertThat(problems(GOOD.replace("when: { score: total, atLeast: 5 }", "when: { score: total, atLeast: 7 }")))
                .containsExactly(
                        "check.yaml: $.flags[0].when: (score total atLeast 7) can never hold: the values run from 0 to 6");
        assertThat(problems(GOOD.replace("when: { score: total, atLeast: 5 }", "when: { score: sum, atLeast: 5 }")))
                .containsExactly("check.yaml: $.flags[0].when.score: no score named sum");
    }

    @Test
    void aReversedItemOutsideItsScoreAndATwiceDefinedItemAreRefused() {
        List<String> lines = problems(GOOD.replace("reverse: [q2]", "reverse: [q4]")
                .replace("- { id: q2, text: { en: \"Second?\" }", "- { id: q1, text: { en: \"Second?\" }"));

        assertThat(lines)
                .contains(
                        "check.yaml: $.items[1].id: item q1 appears twice",
                        "check.yaml: $.scores[0].reverse: item q4 is reversed but not one of this score's items");
    }

    @Test
    void unreadableYamlNamesTheLine() {
        assertThat(problems("id: check\nitems: [ { id: q1\n"))
                .singleElement()
                .satisfies(l -> assertThat(l).startsWith("check.yaml: $: not readable YAML at line "));
    }

    @Test
    void anOwnInstrumentWithoutTextInOneOfItsLocalesIsRefused() {
        assertThat(problems(GOOD.replace("locales: [en]", "locales: [en, es]")))
                .singleElement()
                .satisfies(
                        l -> assertThat(l).startsWith("check.yaml: $: wording missing for title in es, item q1 in es"));
    }

    @Test
    void twoFilesWithOneIdAndVersionAndAWordingForNothingAreRefused() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a.yaml", GOOD);
        files.put("b.yaml", GOOD);
        files.put("nothing.wording.yaml", "instrument: nothing\nversion: 1\nitems: { q1: { text: { en: \"x\" } } }\n");
        List<String> lines = problems(files);

        assertThat(lines)
                .containsExactlyInAnyOrder(
                        "b.yaml: $.id: check v1 is defined twice",
                        "nothing.wording.yaml: $.instrument: no instrument nothing v1 is defined");
    }

    @Test
    void aWordingFileThatDoesNotFitItsInstrumentIsRefused(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("phq-9.wording.yaml"), """
                instrument: phq-9
                version: 1
                optionSets:
                  frequency: { "0": { en: "a" }, "1": { en: "b" }, "2": { en: "c" }, "3": { en: "d" }, "7": { en: "e" } }
                items:
                  phq1: { text: { en: "made-up one" } }
                  phq10: { text: { en: "made-up ten" } }
                """);

        DefinitionProblem p = catchThrowableOfType(DefinitionProblem.class, () -> Definitions.loadWith(folder));

        assertThat(p.lines())
                .contains(
                        "phq-9.wording.yaml: $.optionSets.frequency: labels value 7, which is not an option in phq-9.yaml",
                        "phq-9.wording.yaml: $.items.phq10: phq-9.yaml has no item phq10");
        assertThat(p.lines())
                .anySatisfy(
                        l -> assertThat(l).startsWith("phq-9.wording.yaml: $: wording missing for item phq2 in en"));
    }

    @Test
    void aProgramsOwnInstrumentIsLoadedFromItsFolderBesideTheShippedOnes(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("check.yaml"), GOOD);
        Files.writeString(folder.resolve("notes.txt"), "not a definition");

        Instruments all = Definitions.loadWith(folder);

        assertThat(all.all()).extracting(Instrument::id).contains("check", "weekly-reflection", "phq-9");
        assertThat(all.latest("check").orElseThrow().ready()).isTrue();
    }
}
