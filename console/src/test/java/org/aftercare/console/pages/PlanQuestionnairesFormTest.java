package org.aftercare.console.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.events.Json;
import org.aftercare.measures.Definitions;
import org.junit.jupiter.api.Test;

/**
 * The plan form's questionnaires against the shipped definitions (only the weekly reflection is
 * ready): a plan that gives a questionnaire the console cannot offer (its wording not installed, or
 * no definition here) keeps it exactly as the scheduler holds it, or takes it off when asked.
 */
class PlanQuestionnairesFormTest {

    private final PlanQuestionnairesForm form = new PlanQuestionnairesForm(Definitions.shipped());

    private static JsonNode plan(String json) throws Exception {
        return Json.reader().readTree(json);
    }

    private static final String HELD = """
            {"questionnaires": [
              {"instrument": "phq-9", "repeat": "every-days", "interval": 14, "time": "18:30:00"},
              {"instrument": "removed-one", "repeat": "monthly", "interval": 2, "dayOfMonth": 5, "time": "10:00:00"},
              {"instrument": "weekly-reflection", "repeat": "weekly", "interval": 1, "day": "SUNDAY", "time": "18:00:00"}
            ]}""";

    @Test
    void questionnairesTheConsoleCannotOfferAreKeptAsTheSchedulerHoldsThemOrTakenOff() throws Exception {
        JsonNode current = plan(HELD);
        Map<String, String> posted = new LinkedHashMap<>();
        posted.put("q-phq-9-repeat", "keep");
        posted.put("q-removed-one-repeat", "keep");
        posted.put("q-weekly-reflection-repeat", "weekly");
        posted.put("q-weekly-reflection-day", "SUNDAY");
        posted.put("q-weekly-reflection-weeks", "1");
        posted.put("q-weekly-reflection-time", "18:00");

        PlanQuestionnairesForm.Parsed kept = form.parse(posted, current);

        assertThat(kept.valid()).isTrue();
        assertThat(kept.sentIds())
                .as("in the scheduler's order")
                .containsExactly("phq-9", "removed-one", "weekly-reflection");
        assertThat(kept.list().get(0)).isEqualTo(current.get("questionnaires").get(0));
        assertThat(kept.list().get(1)).isEqualTo(current.get("questionnaires").get(1));
        assertThat(kept.list().get(2).toString())
                .isEqualTo("{\"instrument\":\"weekly-reflection\",\"repeat\":\"weekly\",\"day\":\"SUNDAY\","
                        + "\"interval\":1,\"time\":\"18:00\"}");

        posted.put("q-removed-one-repeat", "none");
        assertThat(form.parse(posted, current).sentIds()).containsExactly("phq-9", "weekly-reflection");
        // one newly given comes after those the plan held
        posted.put("q-removed-one-repeat", "keep");
        JsonNode withoutWeekly =
                plan("{\"questionnaires\": [" + current.get("questionnaires").get(1) + ", "
                        + current.get("questionnaires").get(0) + "]}");
        assertThat(form.parse(posted, withoutWeekly).sentIds())
                .containsExactly("removed-one", "phq-9", "weekly-reflection");
    }

    @Test
    void theRowsShowTheKeptOnesInWordsAndTheNotReadyOnesWithTheirReason() throws Exception {
        JsonNode current = plan(HELD);
        Map<String, JsonNode> held = new LinkedHashMap<>();
        current.get("questionnaires").forEach(q -> held.put(q.get("instrument").asText(), q));

        List<Map<String, Object>> rows = form.rows(form.current(current), held, Map.of());

        assertThat(rows)
                .extracting(r -> r.get("id"))
                .containsExactly("bam", "gad-7", "phq-9", "weekly-reflection", "removed-one");
        Map<String, Object> phq9 = rows.get(2);
        assertThat(phq9.get("editable")).isEqualTo(false);
        assertThat((String) phq9.get("reason")).startsWith("Not ready to be given: its wording is not installed");
        assertThat(phq9.get("kept")).isEqualTo(Map.of("text", "every 14 days at 18:30", "remove", false));
        assertThat(rows.get(0).get("kept"))
                .as("not in the plan: only shown, disabled")
                .isNull();
        Map<String, Object> removed = rows.get(4);
        assertThat(removed.get("title")).isEqualTo("removed-one");
        assertThat((String) removed.get("reason")).contains("no definition of removed-one");
        assertThat(removed.get("kept")).isEqualTo(Map.of("text", "every 2 months on day 5 at 10:00", "remove", false));
        Map<String, Object> weekly = rows.get(3);
        assertThat(weekly.get("editable")).isEqualTo(true);
        assertThat(weekly.get("is-weekly")).isEqualTo(true);
        assertThat(weekly.get("time")).isEqualTo("18:00");
    }

    @Test
    void aFormShownAgainShowsTheSchedulersRecordForRowsWhoseChoiceWasNotPosted() throws Exception {
        JsonNode current = plan(HELD);
        Map<String, JsonNode> held = new LinkedHashMap<>();
        current.get("questionnaires").forEach(q -> held.put(q.get("instrument").asText(), q));

        // a form without questionnaire fields: every row is sent unchanged, and shown so
        Map<String, Map<String, String>> entered = form.entered(Map.of(), form.current(current));
        List<Map<String, Object>> rows = form.rows(entered, held, Map.of());

        assertThat(form.parse(Map.of(), current).list()).isEqualTo(current.get("questionnaires"));
        Map<String, Object> weekly = rows.get(3);
        assertThat(weekly.get("is-weekly")).isEqualTo(true);
        assertThat(weekly.get("is-none")).isEqualTo(false);
        assertThat(rows.get(2).get("kept")).isEqualTo(Map.of("text", "every 14 days at 18:30", "remove", false));
    }

    @Test
    void aSchedulerRefusalIsShownInTheRowOfTheListPlaceItNames() {
        Map<String, String> others = new LinkedHashMap<>();

        Map<String, Map<String, String>> byRow = PlanQuestionnairesForm.refusals(
                Map.of(
                        "plan.questionnaires[1].interval", "must be 1-12 months",
                        "plan.questionnaires[0].instrument", "is not an instrument of this program",
                        "plan.questionnaires[7].time", "out of the list",
                        "plan.times", "must hold times written HH:MM"),
                List.of("phq-9", "x-own"),
                Map.of("x-own", "monthly"),
                others);

        assertThat(byRow)
                .isEqualTo(Map.of(
                        "x-own", Map.of("months", "The scheduler refused it: must be 1-12 months"),
                        "phq-9", Map.of("general", "The scheduler refused it: is not an instrument of this program")));
        assertThat(others)
                .isEqualTo(Map.of(
                        "plan.questionnaires[7].time",
                        "out of the list",
                        "plan.times",
                        "must hold times written HH:MM"));
    }
}
