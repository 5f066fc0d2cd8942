package org.aftercare.scheduler.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.measures.Instrument;
import org.aftercare.measures.Scored;
import org.aftercare.scheduler.testing.QuestionnaireForms;
import org.aftercare.scheduler.testing.QuestionnaireForms.Screen;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Questionnaires at a running scheduler on a real broker, over plain HTTP: the admin API that
 * opens and lists them, the pages a member answers them on (each answer saved, resumed from the
 * same link, a GET never acting, stale and replayed forms changing nothing) and the one
 * {@link MeasureCompleted} a submission publishes, however often or concurrently it is sent. The
 * program's folder is the test's made-up PHQ-9 wording ({@code OUTREACH_QUESTIONNAIRES_DIR}).
 */
class QuestionnairesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static SchedulerFixture app;
    private static QuestionnaireForms.Poster poster;

    @BeforeAll
    static void start() throws Exception {
        var env = SchedulerFixture.env(KAFKA.bootstrapServers());
        env.put(
                "OUTREACH_QUESTIONNAIRES_DIR",
                Path.of("src/test/resources/questionnaires").toAbsolutePath().toString());
        app = SchedulerFixture.start(env);
        poster = new QuestionnaireForms.Poster() {
            @Override
            public HttpResponse<String> get(String path) throws Exception {
                return app.get(path);
            }

            @Override
            public HttpResponse<String> post(String path, String form) throws Exception {
                return app.postForm(path, form);
            }
        };
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String enroll() throws Exception {
        return app.enroll("EXT-" + UUID.randomUUID()).get("memberId").asText();
    }

    private static JsonNode open(String memberId, String instrument) throws Exception {
        HttpResponse<String> r = app.admin(
                "POST", "/api/members/" + memberId + "/questionnaires", "{\"instrument\":\"" + instrument + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.reader().readTree(r.body());
    }

    private static List<MeasureCompleted> measuresOf(TopicProbe<CheckInResponseEvent> probe, String memberId) {
        return probe.valuesFor(memberId).stream()
                .filter(MeasureCompleted.class::isInstance)
                .map(MeasureCompleted.class::cast)
                .toList();
    }

    @Test
    void theAdminApiOpensAQuestionnaireAndListsWhereItStandsWithoutItsAnswers() throws Exception {
        String memberId = enroll();
        JsonNode opened = open(memberId, "weekly-reflection");
        assertThat(opened.get("questionnaireId").asText()).startsWith("qn-");
        assertThat(opened.get("instrument").asText()).isEqualTo("weekly-reflection");
        assertThat(opened.get("version").asInt()).isEqualTo(1);
        assertThat(opened.get("state").asText()).isEqualTo("open");
        assertThat(Duration.between(
                        Instant.parse(opened.get("openedAt").asText()),
                        Instant.parse(opened.get("expiresAt").asText())))
                .isEqualTo(Duration.ofDays(7));

        JsonNode list = Json.reader()
                .readTree(app.admin("GET", "/api/members/" + memberId + "/questionnaires", null)
                        .body());
        assertThat(list.get("questionnaires")).hasSize(1);
        JsonNode item = list.get("questionnaires").get(0);
        assertThat(item.get("questionnaireId").asText())
                .isEqualTo(opened.get("questionnaireId").asText());
        assertThat(item.has("answers")).isFalse();
    }

    @Test
    void anUnknownOrNotReadyInstrumentAndAnInactiveOrUnknownMemberAreRefusedWithAReason() throws Exception {
        String memberId = enroll();
        String path = "/api/members/" + memberId + "/questionnaires";

        HttpResponse<String> unknown = app.admin("POST", path, "{\"instrument\":\"no-such-thing\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Json.reader()
                        .readTree(unknown.body())
                        .at("/errors/instrument")
                        .asText())
                .contains("not an instrument");

        // The BAM's wording is not installed in the test's folder (only the PHQ-9's is).
        HttpResponse<String> notReady = app.admin("POST", path, "{\"instrument\":\"bam\"}");
        assertThat(notReady.statusCode()).isEqualTo(409);
        assertThat(Json.reader()
                        .readTree(notReady.body())
                        .at("/errors/instrument")
                        .asText())
                .contains("wording");

        assertThat(app.admin("POST", path, "{}").statusCode()).isEqualTo(400);
        assertThat(app.admin("POST", path, "{\"instrument\":\"phq-9\",\"answers\":{}}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(app.admin("POST", "/api/members/nobody/questionnaires", "{\"instrument\":\"phq-9\"}")
                        .statusCode())
                .isEqualTo(404);

        assertThat(app.admin("POST", "/api/members/" + memberId + "/pause", null)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> paused = app.admin("POST", path, "{\"instrument\":\"weekly-reflection\"}");
        assertThat(paused.statusCode()).isEqualTo(409);
        assertThat(paused.body()).contains("paused");
    }

    @Test
    void eachAnswerIsSavedAMemberResumesFromTheSameLinkAndTheSubmissionIsPublishedOnce() throws Exception {
        String memberId = enroll();
        String id = open(memberId, "weekly-reflection").get("questionnaireId").asText();
        String link = QuestionnaireForms.link(SchedulerFixture.KEYS, memberId, id);

        HttpResponse<String> first = app.get(link);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("<title>A few questions</title>", "Question 1 of 6", "<legend>");
        app.get(link);
        assertThat(QuestionnaireForms.screenOf(app.get(link).body()))
                .as("a GET never acts: the first screen at revision 0 after three")
                .isEqualTo(new Screen("sleep", 0));

        QuestionnaireForms.answer(poster, link, "sleep", 3);
        QuestionnaireForms.answer(poster, link, "stress", 1);
        // The member leaves and comes back later with the same link: the third question, the first two kept.
        HttpResponse<String> resumed = app.get(link);
        assertThat(resumed.body()).contains("Question 3 of 6");
        assertThat(QuestionnaireForms.screenOf(resumed.body()).item()).isEqualTo("support");
        // Back shows the earlier answer chosen.
        Screen support = QuestionnaireForms.screenOf(resumed.body());
        assertThat(app.postForm(link, QuestionnaireForms.form(support, null, "back"))
                        .statusCode())
                .isEqualTo(303);
        assertThat(app.get(link).body()).contains("Question 2 of 6", "value=\"1\" checked");
        QuestionnaireForms.answer(poster, link, "stress", 1);

        // A replay of an earlier form changes nothing.
        assertThat(app.postForm(link, QuestionnaireForms.form(support, 0, "next"))
                        .statusCode())
                .isEqualTo(303);
        assertThat(QuestionnaireForms.screenOf(app.get(link).body()).item()).isEqualTo("support");

        QuestionnaireForms.answer(poster, link, "support", 2);
        QuestionnaireForms.answer(poster, link, "confidence", 4);
        QuestionnaireForms.answer(poster, link, "risky-situations", 0);
        Screen send = QuestionnaireForms.answer(poster, link, "days-used", 0);
        assertThat(send.item()).isEqualTo(QuestionnaireFlow.SEND);

        try (TopicProbe<CheckInResponseEvent> responses =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_RESPONSES)) {
            HttpResponse<String> thanks = app.postForm(link, QuestionnaireForms.form(send, null, "next"));
            assertThat(thanks.statusCode()).isEqualTo(200);
            assertThat(thanks.body()).contains("<h1>Thank you</h1>").doesNotContain("role=\"alert\"");

            HttpResponse<String> again = app.postForm(link, QuestionnaireForms.form(send, null, "next"));
            assertThat(again.statusCode()).isEqualTo(410);
            assertThat(again.body()).contains("already sent");
            assertThat(app.get(link).body()).contains("already sent");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !measuresOf(responses, memberId).isEmpty());
            responses.pollFor(Duration.ofSeconds(2));
            assertThat(measuresOf(responses, memberId)).as("published once").hasSize(1);
            MeasureCompleted measure = measuresOf(responses, memberId).getFirst();
            assertThat(measure.questionnaireId()).isEqualTo(id);
            assertThat(measure.instrumentId()).isEqualTo("weekly-reflection");
            assertThat(measure.values())
                    .isEqualTo(Map.of(
                            "sleep",
                            3,
                            "stress",
                            1,
                            "support",
                            2,
                            "confidence",
                            4,
                            "risky-situations",
                            0,
                            "days-used",
                            0));
            // By hand: wellbeing = sleep 3 + (4 - stress 1) + support 2 + confidence 4 = 12, band good (11-16).
            assertThat(measure.scores()).containsEntry("wellbeing", 12).containsEntry("days-used", 0);
            assertThat(measure.bands()).containsEntry("wellbeing", "good");
            assertThat(measure.flags()).isEmpty();
        }
        JsonNode list = Json.reader()
                .readTree(app.admin("GET", "/api/members/" + memberId + "/questionnaires", null)
                        .body());
        assertThat(list.at("/questionnaires/0/state").asText()).isEqualTo("completed");
        assertThat(list.at("/questionnaires/0/completedAt").isTextual()).isTrue();
    }

    @Test
    void theStoredScoresAreRecomputableFromTheStoredValues() throws Exception {
        String memberId = enroll();
        String id = open(memberId, "phq-9").get("questionnaireId").asText();
        String link = QuestionnaireForms.link(SchedulerFixture.KEYS, memberId, id);
        int[] answers = {2, 2, 1, 0, 3, 1, 2, 0, 1};
        Screen screen = null;
        for (int i = 0; i < answers.length; i++) {
            screen = QuestionnaireForms.answer(poster, link, "phq" + (i + 1), answers[i]);
        }
        HttpResponse<String> thanks = app.postForm(link, QuestionnaireForms.form(screen, null, "next"));
        assertThat(thanks.statusCode()).isEqualTo(200);

        Questionnaires questionnaires = app.service().questionnaires();
        Occurrence stored = questionnaires.find(id).orElseThrow();
        JsonNode result = Json.reader().readTree(questionnaires.result(id).orElseThrow());
        Instrument instrument = questionnaires.instrumentOf(stored);
        Scored recomputed = instrument.score(stored.answers());
        assertThat(Json.convert(result.get("scores"), Map.class)).isEqualTo(recomputed.scores());
        assertThat(Json.convert(result.get("bands"), Map.class)).isEqualTo(recomputed.bands());
        // By hand: 2+2+1+0+3+1+2+0+1 = 12, moderate (10-14); item 9 above 0 is the critical rule.
        assertThat(result.at("/scores/total").asInt()).isEqualTo(12);
        assertThat(result.at("/bands/total").asText()).isEqualTo("moderate");
        assertThat(result.at("/flags/0/rule").asText()).isEqualTo("item-9-above-0");
        assertThat(result.at("/flags/0/severity").asText()).isEqualTo("critical");
        assertThat(stored.critical()).isTrue();
    }

    @Test
    void aCriticalAnswerShowsTheCrisisLinesFirstOnTheThankYouPage() throws Exception {
        String memberId = enroll();
        String id = open(memberId, "phq-9").get("questionnaireId").asText();
        String link = QuestionnaireForms.link(SchedulerFixture.KEYS, memberId, id);
        Screen screen = null;
        for (int i = 1; i <= 9; i++) {
            // The screen scores 4 (the full form follows); item 9 above 0 raises the critical rule.
            screen = QuestionnaireForms.answer(poster, link, "phq" + i, 2);
        }
        String body = app.postForm(link, QuestionnaireForms.form(screen, null, "next"))
                .body();
        String main = body.substring(body.indexOf("<h1>"));
        assertThat(main.indexOf("988")).as("the crisis lines come first").isLessThan(main.indexOf("Thank you for"));
        assertThat(main.indexOf("1-800-662-4357")).isLessThan(main.indexOf("Thank you for"));
    }

    @Test
    void concurrentSendsPublishOneMeasure() throws Exception {
        String memberId = enroll();
        String id = open(memberId, "phq-9").get("questionnaireId").asText();
        String link = QuestionnaireForms.link(SchedulerFixture.KEYS, memberId, id);
        QuestionnaireForms.answer(poster, link, "phq1", 0);
        Screen send = QuestionnaireForms.answer(poster, link, "phq2", 1);
        assertThat(send.item()).as("a negative screen: nothing more to ask").isEqualTo(QuestionnaireFlow.SEND);

        int senders = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (TopicProbe<CheckInResponseEvent> responses =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_RESPONSES)) {
            for (int i = 0; i < senders; i++) {
                Callable<Integer> sendOnce = () -> {
                    go.await();
                    return app.postForm(link, QuestionnaireForms.form(send, null, "next"))
                            .statusCode();
                };
                statuses.add(pool.submit(sendOnce));
            }
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : statuses) {
                codes.add(f.get());
            }
            assertThat(codes).as("one thank-you, the others already sent").containsOnlyOnce(200);
            assertThat(codes).filteredOn(c -> c != 200).containsOnly(410);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !measuresOf(responses, memberId).isEmpty());
            responses.pollFor(Duration.ofSeconds(2));
            assertThat(measuresOf(responses, memberId)).singleElement().satisfies(m -> {
                assertThat(m.values()).isEqualTo(Map.of("phq1", 0, "phq2", 1));
                assertThat(m.scores()).isEqualTo(Map.of("phq-2", 1));
                assertThat(m.highestSeverity()).isNull();
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequiredQuestionLeftEmptyOrAnAnswerNotOfferedIsRefusedBesideTheQuestion() throws Exception {
        String memberId = enroll();
        String id = open(memberId, "weekly-reflection").get("questionnaireId").asText();
        String link = QuestionnaireForms.link(SchedulerFixture.KEYS, memberId, id);
        Screen sleep = QuestionnaireForms.screenOf(app.get(link).body());

        HttpResponse<String> empty = app.postForm(link, QuestionnaireForms.form(sleep, null, "next"));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("aria-describedby=\"answer-error\"", "id=\"answer-error\"");

        HttpResponse<String> notOffered = app.postForm(link, QuestionnaireForms.form(sleep, 9, "next"));
        assertThat(notOffered.statusCode()).isEqualTo(400);
        assertThat(notOffered.body())
                .contains("Please choose one of the answers")
                .doesNotContain("value=\"9\"");
        assertThat(QuestionnaireForms.screenOf(app.get(link).body())).isEqualTo(sleep);
    }

    @Test
    void anExpiredQuestionnaireAnotherMembersLinkAndAnErasedMemberShowAPlainPage() throws Exception {
        String memberId = enroll();
        String id = open(memberId, "weekly-reflection").get("questionnaireId").asText();
        String link = QuestionnaireForms.link(SchedulerFixture.KEYS, memberId, id);

        HttpResponse<String> otherMember = app.get(QuestionnaireForms.link(SchedulerFixture.KEYS, enroll(), id));
        assertThat(otherMember.statusCode()).isEqualTo(410);
        assertThat(otherMember.body()).doesNotContain("<legend>");

        app.service().database().inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE questionnaire SET expires_at = ? WHERE questionnaire_id = ?")) {
                ps.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(1)));
                ps.setString(2, id);
                return ps.executeUpdate();
            }
        });
        HttpResponse<String> expired = app.get(link);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("This link has expired").doesNotContain("<form");

        String erasedMember = enroll();
        String erasedId =
                open(erasedMember, "weekly-reflection").get("questionnaireId").asText();
        assertThat(app.admin("DELETE", "/api/members/" + erasedMember, null).statusCode())
                .isEqualTo(204);
        assertThat(app.service().questionnaires().find(erasedId))
                .as("erased with the member")
                .isEmpty();
        assertThat(app.get(QuestionnaireForms.link(SchedulerFixture.KEYS, erasedMember, erasedId))
                        .statusCode())
                .isEqualTo(410);
    }
}
