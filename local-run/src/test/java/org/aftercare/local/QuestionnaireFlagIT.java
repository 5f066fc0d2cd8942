package org.aftercare.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagEvent;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.risk.RiskEvent;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.scheduler.testing.QuestionnaireForms;
import org.aftercare.scheduler.testing.QuestionnaireForms.Screen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's acceptance: a member's critical questionnaire answer reaches staff at once. On the
 * real broker with the real scheduler and the real streams topology (the local pipeline), a member
 * answers the PHQ-9 (made-up wording installed through {@code OUTREACH_QUESTIONNAIRES_DIR}) with
 * item 9 above 0 through the questionnaire pages; the critical flag is on {@code case.flags}
 * within a second of the last POST's answer.
 */
class QuestionnaireFlagIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEYS = LinkSigner.randomSpec("qn-flag");

    private static LocalPipeline pipeline;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("questionnaire-flag-");
        Path folder = Files.createDirectories(dataDir.resolve("questionnaires"));
        try (InputStream wording =
                QuestionnaireFlagIT.class.getResourceAsStream("/questionnaires/phq-9.wording.yaml")) {
            assertThat(wording)
                    .as("the scheduler's made-up PHQ-9 wording (its test-jar)")
                    .isNotNull();
            Files.copy(wording, folder.resolve("phq-9.wording.yaml"));
        }
        pipeline = LocalPipeline.start(new LocalPipeline.Options(
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                "qn-flag-admin-token-" + UUID.randomUUID(),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofMinutes(2),
                dataDir,
                Map.of("OUTREACH_QUESTIONNAIRES_DIR", folder.toString(), "OUTREACH_LINK_KEYS", KEYS)));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        LocalPipeline.wipe(dataDir);
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(pipeline.schedulerManagementUrl() + path))
                        .header("Authorization", "Bearer " + pipeline.adminToken())
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static final QuestionnaireForms.Poster PAGES = new QuestionnaireForms.Poster() {
        @Override
        public HttpResponse<String> get(String path) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(pipeline.schedulerPublicUrl() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public HttpResponse<String> post(String path, String form) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(pipeline.schedulerPublicUrl() + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    };

    @Test
    void aCriticalAnswerIsAFlagOnCaseFlagsWithinASecondOfThePost() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> enrolled = admin("POST", "/api/members", """
                {"externalId":"QN-%s","firstName":"Rene","email":"rene-%s@example.org","timeZone":"America/Chicago",
                 "plan":{"times":["09:00"]}}
                """.formatted(run, run));
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        String memberId =
                Json.reader().readTree(enrolled.body()).get("memberId").asText();
        HttpResponse<String> opened =
                admin("POST", "/api/members/" + memberId + "/questionnaires", "{\"instrument\":\"phq-9\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String link = QuestionnaireForms.link(
                KEYS,
                memberId,
                Json.reader().readTree(opened.body()).get("questionnaireId").asText());

        try (TopicProbe<RiskEvent> risks = new TopicProbe<>(pipeline.kafka().bootstrapServers(), Topics.MEMBER_RISK);
                TopicProbe<FlagEvent> flags =
                        new TopicProbe<>(pipeline.kafka().bootstrapServers(), Topics.CASE_FLAGS)) {
            // Streams has the member (their risk tier is out) before the clock starts.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !risks.valuesFor(memberId).isEmpty());

            Screen screen = null;
            for (int n = 1; n <= 9; n++) {
                // The two-item screen scores 4 (the full form follows); item 9 is answered 1.
                screen = QuestionnaireForms.answer(PAGES, link, "phq" + n, n == 9 ? 1 : 2);
            }
            assertThat(screen.item()).isEqualTo("_send");
            HttpResponse<String> thanks = PAGES.post(link, QuestionnaireForms.form(screen, null, "next"));
            long answered = System.nanoTime();
            assertThat(thanks.statusCode()).as(thanks.body()).isEqualTo(200);
            assertThat(thanks.body()).contains("988");

            long arrived = -1;
            long giveUp = answered + Duration.ofSeconds(30).toNanos();
            while (arrived < 0 && System.nanoTime() < giveUp) {
                boolean critical = flags.valuesFor(memberId).stream()
                        .map(CaseFlag.class::cast)
                        .anyMatch(f -> f.severity() == FlagSeverity.CRITICAL
                                && f.reasons().contains(FlagReason.CRITICAL_MEASURE));
                if (critical) {
                    arrived = System.nanoTime();
                }
            }
            assertThat(arrived)
                    .as("a critical-measure flag on case.flags at all")
                    .isPositive();
            Duration elapsed = Duration.ofNanos(Math.max(0, arrived - answered));
            assertThat(elapsed)
                    .as("the critical flag on case.flags after the POST's answer (issue 13: within a second)")
                    .isLessThan(Duration.ofSeconds(1));
        }
    }
}
