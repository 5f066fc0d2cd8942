package org.aftercare.scheduler.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin API beyond enrollment: read, update, lifecycle, erase, contacts, check-ins, import, OpenAPI. */
class MemberApiIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

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

    private static String id() {
        return "EXT-" + UUID.randomUUID();
    }

    @Test
    void patchAndPutUpdateTheMemberBumpTheRevisionAndPublishTheSnapshot() throws Exception {
        String memberId = app.enroll(id()).get("memberId").asText();

        HttpResponse<String> patched = app.admin(
                "PATCH", "/api/members/" + memberId, "{\"firstName\":\"Sammy\",\"plan\":{\"times\":[\"10:30\"]}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(json(patched).get("revision").asLong()).isEqualTo(2);
        assertThat(json(patched).get("firstName").asText()).isEqualTo("Sammy");
        assertThat(json(patched).get("email").asText())
                .as("untouched by the patch")
                .isEqualTo("sam@example.org");
        assertThat(json(patched).get("contacts")).as("contacts are kept").hasSize(1);

        JsonNode read = json(app.admin("GET", "/api/members/" + memberId, null));
        assertThat(read.get("plan").get("times").get(0).asText()).startsWith("10:30");

        HttpResponse<String> put = app.admin("PUT", "/api/members/" + memberId, """
                {"externalId":"%s","firstName":"Sam","email":"sam2@example.org","timeZone":"Europe/Lisbon",
                 "plan":{"times":["08:00"],"days":["sat","sun"]}}""".formatted(
                        read.get("externalId").asText()));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).get("revision").asLong()).isEqualTo(3);
        assertThat(json(put).get("timeZone").asText()).isEqualTo("Europe/Lisbon");

        try (TopicProbe<ProfileEvent> profiles = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.MEMBER_PROFILE)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            profiles.valuesFor(memberId).stream().anyMatch(p -> ((MemberProfile) p).revision() == 3));
            MemberProfile latest = (MemberProfile) profiles.valuesFor(memberId).getLast();
            assertThat(latest.email()).isEqualTo("sam2@example.org");
            assertThat(latest.contacts()).hasSize(1);
        }
    }

    @Test
    void theMembersOwnChoicesAreSetThroughTheApiAndAPutThatLeavesThemOutKeepsThem() throws Exception {
        String memberId = app.enroll(id()).get("memberId").asText();
        String path = "/api/members/" + memberId;
        JsonNode enrolled = json(app.admin("GET", path, null)).get("preferences");
        assertThat(enrolled.get("trackRecoveryDate").asBoolean())
                .as("default: days counted")
                .isTrue();
        assertThat(enrolled.get("weeklySummary").asBoolean())
                .as("default: opt-in")
                .isFalse();

        HttpResponse<String> patched =
                app.admin("PATCH", path, "{\"preferences\":{\"trackRecoveryDate\":false,\"weeklySummary\":true}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(json(patched).get("preferences").get("trackRecoveryDate").asBoolean())
                .isFalse();
        assertThat(json(patched).get("preferences").get("weeklySummary").asBoolean())
                .isTrue();

        JsonNode read = json(app.admin("GET", path, null));
        HttpResponse<String> put =
                app.admin("PUT", path, """
                {"externalId":"%s","firstName":"Sam","email":"sam@example.org","timeZone":"America/New_York",
                 "plan":{"times":["09:00"]},"preferences":{"quietHoursStart":"22:00"}}""".formatted(read.get("externalId").asText()));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode kept = json(put).get("preferences");
        assertThat(kept.get("quietHoursStart").asText()).startsWith("22:00");
        assertThat(kept.get("trackRecoveryDate").asBoolean())
                .as("the member's choice stays")
                .isFalse();
        assertThat(kept.get("weeklySummary").asBoolean())
                .as("the member's choice stays")
                .isTrue();

        HttpResponse<String> wrong = app.admin("PATCH", path, "{\"preferences\":{\"weeklySummary\":\"yes\"}}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("preferences.weeklySummary").contains("must be true or false");

        try (TopicProbe<ProfileEvent> profiles = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.MEMBER_PROFILE)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            profiles.valuesFor(memberId).stream().anyMatch(p -> ((MemberProfile) p).revision() == 3));
            MemberProfile latest = (MemberProfile) profiles.valuesFor(memberId).getLast();
            assertThat(latest.preferences().trackRecoveryDate()).isFalse();
            assertThat(latest.preferences().weeklySummary()).isTrue();
        }
    }

    @Test
    void anInvalidUpdateIsRefusedWithAReasonPerFieldAndChangesNothing() throws Exception {
        String memberId = app.enroll(id()).get("memberId").asText();

        HttpResponse<String> r = app.admin("PATCH", "/api/members/" + memberId, """
                {"email":"not-an-email","timeZone":"Mars/Olympus_Mons",
                 "plan":{"times":["09:00"],"startDate":"2030-05-01","endDate":"2030-04-01"}}""");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(r).get("errors").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("email", "timeZone", "plan.endDate");
        assertThat(r.body()).doesNotContain("not-an-email").as("reasons never echo the value");
        assertThat(json(app.admin("GET", "/api/members/" + memberId, null))
                        .get("revision")
                        .asLong())
                .isEqualTo(1);

        HttpResponse<String> status =
                app.admin("PATCH", "/api/members/" + memberId, "{\"status\":\"paused\",\"contacts\":[]}");
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(json(status).get("errors").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("status", "contacts");

        assertThat(app.admin("GET", "/api/members/" + UUID.randomUUID(), null).statusCode())
                .isEqualTo(404);
        assertThat(app.send("PATCH", "/api/members/" + memberId, "{}", "application/json", null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void pauseAndDischargeClearTheScheduleAndResumeComputesItAgain() throws Exception {
        String memberId = app.enroll(id()).get("memberId").asText();
        String checkIns = "/api/members/" + memberId + "/checkins?upcoming=3";
        assertThat(json(app.admin("GET", checkIns, null)).get("upcoming")).hasSize(3);

        JsonNode paused = json(app.admin("POST", "/api/members/" + memberId + "/pause", null));
        assertThat(paused.get("status").asText()).isEqualTo("paused");
        assertThat(json(app.admin("GET", checkIns, null)).get("upcoming")).isEmpty();
        assertThat(scheduledDue(memberId)).isNull();

        JsonNode resumed = json(app.admin("POST", "/api/members/" + memberId + "/resume", null));
        assertThat(resumed.get("status").asText()).isEqualTo("active");
        JsonNode upcoming = json(app.admin("GET", checkIns, null)).get("upcoming");
        assertThat(upcoming).hasSize(3);
        assertThat(upcoming.get(0).get("checkInId").asText()).startsWith("ci-");
        assertThat(resumed.get("revision").asLong()).isEqualTo(3);

        JsonNode discharged = json(app.admin("POST", "/api/members/" + memberId + "/discharge", null));
        assertThat(discharged.get("status").asText()).isEqualTo("discharged");
        assertThat(scheduledDue(memberId)).isNull();
        assertThat(app.admin("POST", "/api/members/" + memberId + "/resume", null)
                        .statusCode())
                .isEqualTo(409);
    }

    private static Object scheduledDue(String memberId) {
        return app.service().database().inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT next_due_utc FROM checkin_schedule WHERE member_id = ?")) {
                ps.setString(1, memberId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getObject(1) : null;
                }
            }
        });
    }

    private static int rows(String table, String memberId) {
        return app.service().database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE member_id = ?")) {
                ps.setString(1, memberId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void eraseRemovesEveryRowAndPublishesATombstone() throws Exception {
        String memberId = app.enroll(id()).get("memberId").asText();
        String link = SchedulerFixture.link(
                Links.CHECK_IN, Links.PURPOSE_CHECK_IN, memberId, "ci-erase", Links.ACTION_ANSWER);
        assertThat(app.postForm(link, "status=ok").statusCode()).isEqualTo(200);
        assertThat(rows("spent_token", memberId)).isEqualTo(1);

        assertThat(app.admin("DELETE", "/api/members/" + memberId, null).statusCode())
                .isEqualTo(204);

        assertThat(app.admin("GET", "/api/members/" + memberId, null).statusCode())
                .isEqualTo(404);
        for (String table :
                List.of("member", "support_contact", "checkin_schedule", "checkin", "spent_token", "erased_member")) {
            assertThat(rows(table, memberId)).as(table).isZero();
        }
        try (TopicProbe<ProfileEvent> profiles = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.MEMBER_PROFILE)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> profiles.valuesFor(memberId).contains(null));
            assertThat(profiles.valuesFor(memberId).getLast())
                    .as("the tombstone is the last word")
                    .isNull();
        }
        assertThat(app.admin("DELETE", "/api/members/" + memberId, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void contactsAreAddedUpdatedAndRemovedAndANewConsentNeedsConfirmingAgain() throws Exception {
        JsonNode member = app.enroll(id());
        String memberId = member.get("memberId").asText();
        String base = "/api/members/" + memberId + "/contacts";

        HttpResponse<String> added = app.admin(
                "POST",
                base,
                "{\"name\":\"Chris\",\"email\":\"chris@example.org\",\"relationship\":\"sponsor\",\"consent\":[\"help-requested\"]}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String contactId = json(added).get("contactId").asText();
        assertThat(contactId).isNotBlank();
        assertThat(json(added).get("state").asText()).isEqualTo("invited");

        String invitation = app.invitation(memberId, contactId);
        assertThat(app.postForm(invitation, "choice=confirm").statusCode()).isEqualTo(200);
        assertThat(contactState(memberId, contactId)).isEqualTo("confirmed");

        HttpResponse<String> renamed = app.admin("PATCH", base + "/" + contactId, "{\"relationship\":\"friend\"}");
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(json(renamed).get("state").asText())
                .as("a new relationship needs no new consent")
                .isEqualTo("confirmed");

        HttpResponse<String> widened =
                app.admin("PATCH", base + "/" + contactId, "{\"consent\":[\"help-requested\",\"use-reported\"]}");
        assertThat(json(widened).get("state").asText()).isEqualTo("invited");

        HttpResponse<String> bad = app.admin(
                "PUT", base + "/" + contactId, "{\"name\":\"\",\"email\":\"x@\",\"consent\":[\"everything\"]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("errors").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("name", "email", "consent");

        HttpResponse<String> duplicate =
                app.admin("POST", base, "{\"name\":\"Alex again\",\"email\":\"ALEX@example.org\"}");
        assertThat(duplicate.statusCode()).isEqualTo(400);

        assertThat(app.admin("DELETE", base + "/" + contactId, null).statusCode())
                .isEqualTo(204);
        JsonNode after = json(app.admin("GET", "/api/members/" + memberId, null));
        assertThat(after.get("contacts")).hasSize(1);
        assertThat(after.get("revision").asLong()).isEqualTo(6);
        assertThat(app.admin("DELETE", base + "/" + contactId, null).statusCode())
                .isEqualTo(404);
    }

    private static String contactState(String memberId, String contactId) throws Exception {
        for (JsonNode k :
                json(app.admin("GET", "/api/members/" + memberId, null)).get("contacts")) {
            if (k.get("contactId").asText().equals(contactId)) {
                return k.get("state").asText();
            }
        }
        return null;
    }

    @Test
    void aCsvRosterIsImportedWithEveryRejectedRowReportedAndReRunningChangesNothing() throws Exception {
        String a = id();
        String b = id();
        String csv = """
                externalId,firstName,email,timeZone,times,days,contact1_name,contact1_email,contact1_consent
                %s,Kim,kim@example.org,America/Chicago,09:00;18:00,mon;thu,Lee,lee@example.org,help-requested;missed-check-ins
                %s,"Ro, Jr",ro@example.org,Asia/Tokyo,07:15,,,,
                NOPE-1,Max,not-an-email,Nowhere/Town,09:00,,,,
                %s,Kim again,kim@example.org,America/Chicago,09:00,,,,
                NOPE-2,Ann,ann@example.org,Europe/Paris,,,,,
                """.formatted(a, b, a);

        HttpResponse<String> first = app.send("POST", "/api/members/import", csv, "text/csv", SchedulerFixture.TOKEN);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode report = json(first);
        assertThat(report.get("rows").asInt()).isEqualTo(5);
        assertThat(report.get("created").asInt()).isEqualTo(2);
        assertThat(report.get("unchanged").asInt()).isZero();
        assertThat(report.get("rejected")).hasSize(3);
        Map<Integer, Set<String>> reasons = new TreeMap<>();
        for (JsonNode r : report.get("rejected")) {
            Set<String> fields = new HashSet<>();
            for (Iterator<String> it = r.get("reasons").fieldNames(); it.hasNext(); ) {
                fields.add(it.next());
            }
            reasons.put(r.get("line").asInt(), fields);
        }
        assertThat(reasons)
                .containsExactly(
                        Map.entry(4, Set.of("email", "timeZone")),
                        Map.entry(5, Set.of("externalId")),
                        Map.entry(6, Set.of("plan.times")));

        HttpResponse<String> again = app.send("POST", "/api/members/import", csv, "text/csv", SchedulerFixture.TOKEN);
        assertThat(json(again).get("created").asInt()).isZero();
        assertThat(json(again).get("unchanged").asInt()).isEqualTo(2);
        assertThat(json(again).get("rejected")).hasSize(3);

        HttpResponse<String> unknown = app.send(
                "POST",
                "/api/members/import",
                "externalId,firstName,email,timeZone,times,ssn\n",
                "text/csv",
                SchedulerFixture.TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("errors").has("ssn")).isTrue();
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheRoutesServedAndItsExamplesAreValid() throws Exception {
        HttpResponse<String> r = app.managementGet("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = json(r);
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");

        // A path with its own servers entry is on the public listener; every other on the management one.
        String managementServer = doc.at("/servers/0/url").asText();
        Set<String> documentedPublic = new HashSet<>();
        Set<String> documentedManagement = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            boolean onPublic = path.getValue().has("servers");
            if (onPublic) {
                assertThat(path.getValue().at("/servers/0/url").asText()).isNotEqualTo(managementServer);
            }
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (!method.equals("servers")) {
                    (onPublic ? documentedPublic : documentedManagement)
                            .add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        assertThat(documentedPublic)
                .containsExactlyInAnyOrderElementsOf(app.service().publicRoutes());
        assertThat(documentedManagement)
                .containsExactlyInAnyOrderElementsOf(app.service().managementRoutes());

        JsonNode examples = doc.at("/paths/~1api~1members/post/requestBody/content/application~1json/examples");
        assertThat(examples.size()).isGreaterThanOrEqualTo(2);
        examples.forEach(e -> EnrollmentParser.parse(e.get("value"), LocalDate.now()));
        doc.at("/paths/~1api~1members~1{memberId}~1contacts/post/requestBody/content/application~1json/examples")
                .forEach(e -> EnrollmentParser.parseContact(e.get("value")));
        EnrollmentParser.parseExitEvent(
                doc.at(
                        "/paths/~1api~1members~1{memberId}~1exit-events/post/requestBody/content/application~1json/example"),
                LocalDate.parse("2026-03-01"));
        assertThat(doc.at(
                                "/paths/~1c~1{token}/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/note/maxLength")
                        .asInt())
                .as("the note limit the check-in page and the event enforce")
                .isEqualTo(CheckInAnswered.MAX_NOTE_LENGTH);
        String csv = doc.at("/paths/~1api~1members~1import/post/requestBody/content/text~1csv/example")
                .asText();
        HttpResponse<String> imported =
                app.send("POST", "/api/members/import", csv, "text/csv", SchedulerFixture.TOKEN);
        assertThat(json(imported).get("rejected"))
                .as("the documented CSV example imports cleanly")
                .isEmpty();
    }

    private static final int ROUNDS = 10;

    @Test
    void concurrentEnrollmentsOfOneExternalIdCreateOneMemberAnswerEveryCallerAndLogNoId() throws Exception {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        root.addAppender(logged);
        List<String> externalIds = new ArrayList<>();
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        try (var threads = Executors.newFixedThreadPool(8)) {
            for (int round = 0; round < ROUNDS; round++) {
                String externalId = "MRN-" + UUID.randomUUID();
                externalIds.add(externalId);
                CyclicBarrier start = new CyclicBarrier(8);
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(threads.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return app.admin("POST", "/api/members", SchedulerFixture.enrollment(externalId))
                                .statusCode();
                    }));
                }
                List<Integer> round_ = new ArrayList<>();
                for (var call : calls) {
                    round_.add(call.get(60, TimeUnit.SECONDS));
                }
                statuses.addAll(round_);
                assertThat(round_)
                        .as("round %d", round)
                        .isSubsetOf(200, 201, 409)
                        .containsOnlyOnce(201);
                assertThat(membersWithExternalId(externalId))
                        .as("one member per external id")
                        .isEqualTo(1);
            }
        } finally {
            root.detachAppender(logged);
        }
        assertThat(statuses).hasSize(ROUNDS * 8);
        for (ch.qos.logback.classic.spi.ILoggingEvent event : logged.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null
                            ? ""
                            : ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(externalIds)
                    .as("logged: %s", event.getFormattedMessage())
                    .noneMatch(line::contains);
        }
    }

    private static int membersWithExternalId(String externalId) {
        return app.service().database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM member WHERE external_id = ?")) {
                ps.setString(1, externalId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void aRosterRowWithALineBreakInsideItsCopingPlanIsRejectedWithTheReasonAndTheOthersImported() throws Exception {
        String good = id();
        String csv = "externalId,firstName,email,timeZone,times,copingPlan\n"
                + good + ",Kim,kim@example.org,UTC,09:00,Breathe;Call my sister\n"
                + id() + ",Ro,ro@example.org,UTC,09:00,\"Breathe;Call my sister\r\nBcc: x@example.org\"\n"
                + id() + ",Jo,jo@example.org,UTC,09:00,Walk\u2028Run\n";

        HttpResponse<String> r = app.send("POST", "/api/members/import", csv, "text/csv", SchedulerFixture.TOKEN);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = json(r);
        assertThat(report.get("created").asInt()).isEqualTo(1);
        assertThat(report.get("rejected")).hasSize(2).allSatisfy(row -> {
            assertThat(row.get("reasons").fieldNames()).toIterable().containsExactly("copingPlan");
            assertThat(row.get("reasons").get("copingPlan").asText()).contains("line breaks");
        });
    }
}
