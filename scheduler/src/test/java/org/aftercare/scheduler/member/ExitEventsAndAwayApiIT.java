package org.aftercare.scheduler.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exit events and a planned absence on the member record through the admin API (issue 11): what
 * each call answers, every refusal with its reason, and the snapshot on {@code member.profile}
 * that carries {@code exitEvents} and {@code away}. The fixture's member lives in America/New_York.
 */
class ExitEventsAndAwayApiIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ZoneId MEMBER_ZONE = ZoneId.of("America/New_York");
    private static SchedulerFixture app;

    @BeforeAll
    static void start() throws Exception {
        app = SchedulerFixture.start(SchedulerFixture.env(KAFKA.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.reader().readTree(r.body());
    }

    private static LocalDate today() {
        return LocalDate.now(MEMBER_ZONE);
    }

    private static String enroll() throws Exception {
        return app.enroll("EXT-" + UUID.randomUUID()).get("memberId").asText();
    }

    private static MemberProfile latestProfile(String memberId, long revision) {
        try (TopicProbe<ProfileEvent> profiles = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.MEMBER_PROFILE)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> profiles.valuesFor(memberId).stream()
                            .anyMatch(p -> ((MemberProfile) p).revision() == revision));
            return (MemberProfile) profiles.valuesFor(memberId).getLast();
        }
    }

    @Test
    void staffRecordAnExitEventAndTheSnapshotCarriesIt() throws Exception {
        String memberId = enroll();
        LocalDate released = today().minusDays(3);

        HttpResponse<String> r =
                app.admin("POST", "/api/members/" + memberId + "/exit-events", """
                {"kind":"released-from-custody","date":"%s"}""".formatted(released));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).at("/exitEvents/0/kind").asText()).isEqualTo("released-from-custody");
        HttpResponse<String> again =
                app.admin("POST", "/api/members/" + memberId + "/exit-events", """
                {"kind":"released-from-custody","date":"%s"}""".formatted(released));
        assertThat(json(again).get("exitEvents"))
                .as("the same event twice is one")
                .hasSize(1);
        assertThat(json(again).get("revision").asLong()).isEqualTo(2);

        assertThat(latestProfile(memberId, 2).exitEvents())
                .containsExactly(new ExitEvent(ExitKind.RELEASED_FROM_CUSTODY, released));
    }

    @Test
    void anExitEventOfUnknownKindOrLaterThanTomorrowIsRefusedWithAReason() throws Exception {
        String memberId = enroll();
        String path = "/api/members/" + memberId + "/exit-events";

        HttpResponse<String> bad = app.admin("POST", path, """
                {"kind":"went-on-holiday","date":"%s"}""".formatted(today().plusDays(2)));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("errors").fieldNames()).toIterable().containsExactlyInAnyOrder("kind", "date");
        assertThat(json(bad).at("/errors/date").asText()).contains("tomorrow");
        assertThat(bad.body()).doesNotContain("went-on-holiday");

        HttpResponse<String> tomorrow = app.admin("POST", path, """
                {"kind":"discharge","date":"%s"}""".formatted(today().plusDays(1)));
        assertThat(tomorrow.statusCode())
                .as("tomorrow is allowed (a discharge planned for the morning)")
                .isEqualTo(201);
        HttpResponse<String> missing = app.admin("POST", path, "{}");
        assertThat(json(missing).get("errors").fieldNames()).toIterable().containsExactlyInAnyOrder("kind", "date");
        assertThat(app.admin("POST", "/api/members/" + UUID.randomUUID() + "/exit-events", """
                        {"kind":"discharge","date":"%s"}""".formatted(today()))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void exitEventsComeWithTheEnrollmentAndArePutAndPatchedLikeTheOtherFields() throws Exception {
        String externalId = "EXT-" + UUID.randomUUID();
        HttpResponse<String> enrolled =
                app.admin("POST", "/api/members", """
                {"externalId":"%s","firstName":"Sam","email":"sam@example.org","timeZone":"America/New_York",
                 "plan":{"times":["09:00"]},
                 "exitEvents":[{"kind":"completed-detox","date":"%s"}]}""".formatted(externalId, today().minusDays(1)));
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        String memberId = json(enrolled).get("memberId").asText();
        assertThat(json(enrolled).at("/exitEvents/0/kind").asText()).isEqualTo("completed-detox");

        HttpResponse<String> patched = app.admin("PATCH", "/api/members/" + memberId, """
                {"exitEvents":[{"kind":"stopped-medication","date":"%s"}]}""".formatted(today()));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(json(patched).get("exitEvents")).hasSize(1);
        assertThat(json(patched).at("/exitEvents/0/kind").asText()).isEqualTo("stopped-medication");

        HttpResponse<String> invalid = app.admin("PATCH", "/api/members/" + memberId, """
                {"exitEvents":[{"kind":"discharge","date":"2999-01-01"}]}""");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("errors").has("exitEvents.date")).isTrue();
        HttpResponse<String> notAList = app.admin("PATCH", "/api/members/" + memberId, "{\"exitEvents\":\"soon\"}");
        assertThat(json(notAList).get("errors").has("exitEvents")).isTrue();
    }

    @Test
    void staffSetAndEndAPlannedAbsenceAndTheSnapshotCarriesIt() throws Exception {
        String memberId = enroll();
        String path = "/api/members/" + memberId + "/away";
        LocalDate until = today().plusDays(10);

        HttpResponse<String> set = app.admin("PUT", path, """
                {"until":"%s","keepPrompts":false}""".formatted(until));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(json(set).at("/away/setBy").asText()).isEqualTo("staff");
        assertThat(latestProfile(memberId, 2).away()).isEqualTo(new Away(until, false, Away.SetBy.STAFF));

        HttpResponse<String> patchAway = app.admin("PATCH", "/api/members/" + memberId, "{\"away\":null}");
        assertThat(patchAway.statusCode()).isEqualTo(400);
        assertThat(json(patchAway).at("/errors/away").asText()).contains("/away");
        HttpResponse<String> otherEdit = app.admin("PATCH", "/api/members/" + memberId, "{\"firstName\":\"Sammy\"}");
        assertThat(json(otherEdit).at("/away/until").asText())
                .as("other edits keep the absence")
                .isEqualTo(until.toString());

        HttpResponse<String> ended = app.admin("DELETE", path, null);
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(json(ended).hasNonNull("away")).isFalse();
        assertThat(latestProfile(memberId, 4).away()).isNull();
    }

    @Test
    void anAbsenceInThePastTooFarAheadOrWithoutTheChoiceIsRefusedWithAReason() throws Exception {
        String memberId = enroll();
        String path = "/api/members/" + memberId + "/away";

        HttpResponse<String> missing = app.admin("PUT", path, "{\"until\":\"soon\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("errors").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("until", "keepPrompts");
        HttpResponse<String> past = app.admin("PUT", path, """
                {"until":"%s","keepPrompts":true}""".formatted(today().minusDays(1)));
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(json(past).at("/errors/until").asText()).contains("today or later");
        HttpResponse<String> tooFar = app.admin("PUT", path, """
                {"until":"%s","keepPrompts":true}""".formatted(today().plusDays(91)));
        assertThat(json(tooFar).at("/errors/until").asText()).contains("90 days");
        assertThat(app.admin("PUT", path, """
                        {"until":"%s","keepPrompts":true}""".formatted(today().plusDays(90))).statusCode())
                .isEqualTo(200);

        app.admin("POST", "/api/members/" + memberId + "/discharge", null);
        assertThat(app.admin("PUT", path, """
                        {"until":"%s","keepPrompts":true}""".formatted(today())).statusCode()).isEqualTo(409);
        assertThat(app.admin("PUT", "/api/members/" + UUID.randomUUID() + "/away", """
                        {"until":"%s","keepPrompts":true}""".formatted(today()))
                        .statusCode())
                .isEqualTo(404);
    }
}
