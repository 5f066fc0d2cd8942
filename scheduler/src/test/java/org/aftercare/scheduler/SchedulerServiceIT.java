package org.aftercare.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scheduler on a real broker and a real (H2) database, driven through its two HTTP listeners:
 * pages on the public one, the admin API, health and metrics on the management one.
 */
class SchedulerServiceIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String TOKEN = "it-admin-token-" + UUID.randomUUID();
    private static final String KEYS = LinkSigner.randomSpec("k1");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SchedulerService scheduler;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("OUTREACH_KAFKA_PARTITIONS", "3");
        env.put("OUTREACH_ADMIN_TOKEN", TOKEN);
        env.put("OUTREACH_LINK_KEYS", KEYS);
        env.put("OUTREACH_DB_URL", "jdbc:h2:mem:scheduler-it-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        env.put("OUTREACH_SCHEDULER_HTTP_HOST", "127.0.0.1");
        env.put("OUTREACH_SCHEDULER_HTTP_PORT", "0");
        env.put("OUTREACH_SCHEDULER_MANAGEMENT_HOST", "127.0.0.1");
        env.put("OUTREACH_SCHEDULER_MANAGEMENT_PORT", "0");
        env.put("OUTREACH_SWEEP_INTERVAL", "200ms");
        env.put("OUTREACH_CHECKIN_CADENCE", "30s");
        scheduler = SchedulerService.start(SchedulerConfig.from(Settings.of(env), env));
    }

    @AfterAll
    static void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static String enrollment(String externalId) {
        return """
                {"externalId":"%s","firstName":"Sam","email":"sam@example.org","timeZone":"America/New_York",
                 "plan":{"times":["09:00"]},
                 "contacts":[{"name":"Alex","email":"alex@example.org","consent":["missed-check-ins"]}]}
                """.formatted(externalId);
    }

    /** The listener a path belongs on: the admin API, health and metrics on management, pages on public. */
    private static String listenerFor(String path) {
        boolean management = path.startsWith("/api/") || path.startsWith("/health/") || path.equals("/metrics");
        return management ? scheduler.managementUrl() : scheduler.publicUrl();
    }

    private static HttpResponse<String> post(String path, String body, String token, String contentType)
            throws Exception {
        return post(listenerFor(path), path, body, token, contentType);
    }

    private static HttpResponse<String> post(String baseUrl, String path, String body, String token, String contentType)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return get(listenerFor(path), path);
    }

    private static HttpResponse<String> get(String baseUrl, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePublicListenerServesOnlyPagesAndTheManagementListenerNoPages() throws Exception {
        String memberId = enroll("LISTENERS-1");
        String page = checkInLink(memberId, "ci-listeners", Instant.now().plusSeconds(3600));
        String publicUrl = scheduler.publicUrl();
        String managementUrl = scheduler.managementUrl();
        assertThat(scheduler.publicPort()).isNotEqualTo(scheduler.managementPort());

        // The admin API, its document, health and metrics are not on the public port, even with the right token.
        for (String path :
                List.of("/api/members/" + memberId, "/api/openapi.json", "/metrics", "/health/ready", "/health/live")) {
            assertThat(get(publicUrl, path).statusCode())
                    .as("GET " + path + " on the public port")
                    .isEqualTo(404);
        }
        assertThat(post(publicUrl, "/api/members", enrollment("LISTENERS-2"), TOKEN, "application/json")
                        .statusCode())
                .as("enrolling through the public port")
                .isEqualTo(404);
        assertThat(post(publicUrl, "/api/admin/resync", "", TOKEN, "application/json")
                        .statusCode())
                .isEqualTo(404);

        // The pages are not on the management port.
        assertThat(get(managementUrl, page).statusCode())
                .as("a page on the management port")
                .isEqualTo(404);
        assertThat(post(managementUrl, page, "status=ok", null, "application/x-www-form-urlencoded")
                        .statusCode())
                .isEqualTo(404);

        // Each on its own port works.
        assertThat(get(publicUrl, page).statusCode()).isEqualTo(200);
        assertThat(get(managementUrl, "/api/members/" + memberId).statusCode()).isEqualTo(200);
        assertThat(get(managementUrl, "/metrics").statusCode()).isEqualTo(200);
        assertThat(scheduler.publicRoutes())
                .allSatisfy(route -> assertThat(route.split(" ")[1]).matches("/[ciaupchrwfsq]/\\{token}"));
        assertThat(scheduler.managementRoutes())
                .allSatisfy(route -> assertThat(route.split(" ")[1]).matches("/api/.*|/health/(live|ready)|/metrics"));
    }

    private static String enroll(String externalId) throws Exception {
        HttpResponse<String> created = post("/api/members", enrollment(externalId), TOKEN, "application/json");
        assertThat(created.statusCode()).isEqualTo(201);
        return Json.reader().readTree(created.body()).get("memberId").asText();
    }

    private static String checkInLink(String memberId, String checkInId, Instant expiry) {
        String token = LinkSigner.fromSpec(KEYS, Clock.systemUTC())
                .sign(new LinkToken(
                        Links.PURPOSE_CHECK_IN, memberId, checkInId, "answer", expiry, LinkSigner.newNonce()));
        return Links.CHECK_IN + token;
    }

    @Test
    void theAdminApiRefusesRequestsWithoutOrWithAWrongToken() throws Exception {
        assertThat(post("/api/members", enrollment("X-1"), null, "application/json")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> wrong =
                post("/api/members", enrollment("X-1"), "wrong-token-wrong-token", "application/json");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void anInvalidEnrollmentGetsProblemDetailsWithAReasonPerField() throws Exception {
        HttpResponse<String> r = post(
                "/api/members",
                "{\"externalId\":\"X-2\",\"firstName\":\"Sam\",\"email\":\"nope\",\"timeZone\":\"Nowhere/City\",\"plan\":{\"times\":[]}}",
                TOKEN,
                "application/json");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode problem = Json.reader().readTree(r.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("email", "timeZone", "plan.times");
    }

    @Test
    void enrollingTheSameExternalIdTwiceKeepsOneMemberAndPublishesTheProfile() throws Exception {
        String externalId = "EXT-" + UUID.randomUUID();
        String memberId = enroll(externalId);

        HttpResponse<String> again = post("/api/members", enrollment(externalId), TOKEN, "application/json");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Json.reader().readTree(again.body()).get("memberId").asText())
                .isEqualTo(memberId);

        try (TopicProbe<ProfileEvent> profiles = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.MEMBER_PROFILE)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !profiles.valuesFor(memberId).isEmpty());
            MemberProfile profile = (MemberProfile) profiles.valuesFor(memberId).getFirst();
            assertThat(profile.externalId()).isEqualTo(externalId);
            assertThat(profile.contacts())
                    .singleElement()
                    .satisfies(c -> assertThat(c.state().name()).isEqualTo("INVITED"));
        }
    }

    @Test
    void anEnrolledMemberGetsACheckInDueOnTheTopic() throws Exception {
        String memberId = enroll("EXT-" + UUID.randomUUID());

        try (TopicProbe<CheckInDueEvent> dues = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_DUE)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !dues.valuesFor(memberId).isEmpty());
            CheckInDue due = (CheckInDue) dues.valuesFor(memberId).getFirst();
            assertThat(due.respondBy())
                    .as("open until the next check-in of the 30 s demo cadence (streams decides the tier's window)")
                    .isEqualTo(due.dueAt().plusSeconds(30));
            assertThat(due.catchUp()).isFalse();
        }
    }

    @Test
    void aMemberAnswersThroughTheSignedLinkOnceAndTheAnswerReachesTheTopic() throws Exception {
        String memberId = enroll("EXT-" + UUID.randomUUID());
        String link = checkInLink(
                memberId, "ci-test-" + UUID.randomUUID(), Instant.now().plusSeconds(600));

        HttpResponse<String> form = get(link);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<form method=\"post\">", "I need help now", "988", "1-800-662-4357");

        HttpResponse<String> answered = post(
                link, "status=struggling&craving=7&mood=2&note=long+day", null, "application/x-www-form-urlencoded");
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).contains("Thank you");

        HttpResponse<String> reused = post(link, "status=ok", null, "application/x-www-form-urlencoded");
        assertThat(reused.statusCode()).isEqualTo(410);
        assertThat(get(link).statusCode()).isEqualTo(410);

        try (TopicProbe<CheckInResponseEvent> responses =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_RESPONSES)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !responses.valuesFor(memberId).isEmpty());
            List<CheckInResponseEvent> all = responses.valuesFor(memberId);
            assertThat(all).singleElement().isInstanceOfSatisfying(CheckInAnswered.class, a -> {
                assertThat(a.status()).isEqualTo(AnswerStatus.STRUGGLING);
                assertThat(a.craving()).isEqualTo(7);
                assertThat(a.mood()).isEqualTo(2);
            });
        }
    }

    @Test
    void anIncompleteAnswerShowsTheFormAgainWithTheReason() throws Exception {
        String memberId = enroll("EXT-" + UUID.randomUUID());
        String link = checkInLink(
                memberId, "ci-test-" + UUID.randomUUID(), Instant.now().plusSeconds(600));

        HttpResponse<String> r = post(link, "craving=11", null, "application/x-www-form-urlencoded");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Please choose how you are doing", "from 0 to 10");
        assertThat(get(link).statusCode()).as("the link is still usable").isEqualTo(200);
    }

    @Test
    void aForgedOrExpiredLinkGetsAFriendlyPageAndA4xx() throws Exception {
        String memberId = enroll("EXT-" + UUID.randomUUID());
        String good = checkInLink(memberId, "ci-x", Instant.now().plusSeconds(600));
        String forged = good.substring(0, good.length() - 3) + (good.endsWith("AAA") ? "BBB" : "AAA");
        String otherKey = Links.CHECK_IN
                + LinkSigner.fromSpec(LinkSigner.randomSpec("k1"), Clock.systemUTC())
                        .sign(new LinkToken(
                                Links.PURPOSE_CHECK_IN,
                                memberId,
                                "ci-x",
                                "answer",
                                Instant.now().plusSeconds(600),
                                "n1"));
        String expired = checkInLink(memberId, "ci-y", Instant.now().minusSeconds(1));

        for (String link : List.of(forged, otherKey, Links.CHECK_IN + "garbage")) {
            HttpResponse<String> r = get(link);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("This link does not work").doesNotContain("Exception");
        }
        HttpResponse<String> r = get(expired);
        assertThat(r.statusCode()).isEqualTo(410);
        assertThat(r.body()).contains("expired");
    }

    @Test
    void healthIsReadyWithDatabaseAndKafkaAndMetricsAreServed() throws Exception {
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(Json.reader()
                        .readTree(ready.body())
                        .get("checks")
                        .get("kafka")
                        .asText())
                .isEqualTo("UP");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body())
                .contains("http_server_requests_seconds_count", "outreach_checkins_due_emitted_total");
    }
}
