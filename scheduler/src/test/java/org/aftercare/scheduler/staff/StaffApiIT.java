package org.aftercare.scheduler.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.aftercare.events.Ids;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.CareAssignmentEvent;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.FlagAcknowledged;
import org.aftercare.events.staff.FlagResolved;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin API over staff, care teams and staff actions on flags (issue 11), on a real broker:
 * what each call answers, every refusal with its reason, and the records on
 * {@code staff.directory}, {@code care.assignments} (with the tombstone of an erased member) and
 * {@code staff.actions}.
 */
class StaffApiIT {

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

    private static String staffId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String staffBody(String name, boolean active) {
        return """
                {"name":"%s","workEmail":"%s@program.example.org","roles":["clinician"],
                 "alerts":{"high":"immediately","medium":"every-3-hours"},"digestAt":"08:30",
                 "timeZone":"America/New_York","active":%s}""".formatted(name, name.toLowerCase(), active);
    }

    private static String putStaff(String name, boolean active) throws Exception {
        String id = staffId(name.toLowerCase());
        HttpResponse<String> r = app.admin("PUT", "/api/staff/" + id, staffBody(name, active));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return id;
    }

    private static String memberId() throws Exception {
        return app.enroll("EXT-" + UUID.randomUUID()).get("memberId").asText();
    }

    @Test
    void aStaffRecordIsCreatedReplacedListedAndPublishedToTheDirectoryKeyedByStaffId() throws Exception {
        String id = staffId("dana");
        HttpResponse<String> created = app.admin("PUT", "/api/staff/" + id, staffBody("Dana", true));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("revision").asLong()).isEqualTo(1);
        assertThat(json(created).at("/alerts/medium").asText()).isEqualTo("every-3-hours");

        HttpResponse<String> same = app.admin("PUT", "/api/staff/" + id, staffBody("Dana", true));
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(json(same).get("revision").asLong()).as("unchanged").isEqualTo(1);
        HttpResponse<String> deactivated = app.admin("PUT", "/api/staff/" + id, staffBody("Dana", false));
        assertThat(json(deactivated).get("revision").asLong()).isEqualTo(2);
        assertThat(json(deactivated).get("active").asBoolean()).isFalse();

        assertThat(json(app.admin("GET", "/api/staff/" + id, null)).get("name").asText())
                .isEqualTo("Dana");
        assertThat(json(app.admin("GET", "/api/staff", null)).findValuesAsText("staffId"))
                .contains(id);
        assertThat(app.admin("GET", "/api/staff/nobody-" + UUID.randomUUID(), null)
                        .statusCode())
                .isEqualTo(404);

        try (TopicProbe<StaffDirectoryEvent> directory =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.STAFF_DIRECTORY)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> directory.valuesFor(id).size() >= 2);
            List<StaffDirectoryEvent> records = directory.valuesFor(id);
            assertThat(records).hasSize(2);
            StaffMember first = (StaffMember) records.getFirst();
            assertThat(first.workEmail()).isEqualTo("dana@program.example.org");
            assertThat(first.roles()).containsExactly(StaffRole.CLINICIAN);
            assertThat(first.cadenceFor(FlagSeverity.MEDIUM)).isEqualTo(AlertCadence.EVERY_3_HOURS);
            assertThat(first.digestAt()).hasToString("08:30");
            assertThat(((StaffMember) records.getLast()).active()).isFalse();
        }
    }

    @Test
    void anInvalidStaffRecordIsRefusedWithAReasonPerField() throws Exception {
        HttpResponse<String> r = app.admin("PUT", "/api/staff/" + staffId("x"), """
                {"name":"","workEmail":"not-an-email","roles":["janitor"],
                 "alerts":{"critical":"daily-digest","medium":"weekly"},"digestAt":"25:00",
                 "timeZone":"Mars/Olympus_Mons","active":"yes"}""");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("errors").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "name",
                        "workEmail",
                        "roles",
                        "alerts.critical",
                        "alerts.medium",
                        "digestAt",
                        "timeZone",
                        "active");
        assertThat(json(r).at("/errors/alerts.critical").asText()).contains("at once");
        assertThat(r.body()).doesNotContain("not-an-email");

        HttpResponse<String> onCall = app.admin("PUT", "/api/staff/on-call", staffBody("Oncall", true));
        assertThat(onCall.statusCode()).isEqualTo(400);
        assertThat(json(onCall).get("errors").has("staffId")).isTrue();
        assertThat(app.admin("PUT", "/api/staff/a:b", staffBody("Colon", true)).statusCode())
                .isEqualTo(400);
        assertThat(app.send("PUT", "/api/staff/x", staffBody("X", true), "application/json", null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aCareTeamNamesActiveStaffOnRecordAndIsPublishedKeyedByMemberThenTombstonedOnErasure() throws Exception {
        String memberId = memberId();
        String primary = putStaff("Dana", true);
        String other = putStaff("Lee", true);

        HttpResponse<String> none = app.admin("GET", "/api/members/" + memberId + "/care-team", null);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(json(none).get("primaryStaffId").isNull()).isTrue();

        HttpResponse<String> set =
                app.admin("PUT", "/api/members/" + memberId + "/care-team", """
                {"primaryStaffId":"%s","otherStaffIds":["%s"]}""".formatted(primary, other));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode team = json(app.admin("GET", "/api/members/" + memberId + "/care-team", null));
        assertThat(team.get("primaryStaffId").asText()).isEqualTo(primary);
        assertThat(team.get("otherStaffIds").get(0).asText()).isEqualTo(other);
        assertThat(team.get("revision").asLong()).isEqualTo(1);

        try (TopicProbe<CareAssignmentEvent> teams =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CARE_ASSIGNMENTS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !teams.valuesFor(memberId).isEmpty());
            CareTeam published = (CareTeam) teams.valuesFor(memberId).getFirst();
            assertThat(published.members()).containsExactly(primary, other);

            assertThat(app.admin("DELETE", "/api/members/" + memberId, null).statusCode())
                    .isEqualTo(204);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> teams.recordsFor(memberId).size() >= 2);
            List<ConsumerRecord<String, CareAssignmentEvent>> records = teams.recordsFor(memberId);
            assertThat(records.getLast().value())
                    .as("the erased member's care team ends with a tombstone")
                    .isNull();
            assertThat(records).hasSize(2);
        }
        assertThat(app.admin("GET", "/api/members/" + memberId + "/care-team", null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aCareTeamWithUnknownOrDeactivatedStaffIsRefusedWithAReason() throws Exception {
        String memberId = memberId();
        String gone = putStaff("Gone", false);
        String active = putStaff("Kim", true);
        String path = "/api/members/" + memberId + "/care-team";

        HttpResponse<String> deactivatedPrimary = app.admin(
                "PUT",
                path,
                "{\"primaryStaffId\":\"%s\",\"otherStaffIds\":[\"nobody-%s\"]}"
                        .formatted(gone, UUID.randomUUID().toString().substring(0, 8)));
        assertThat(deactivatedPrimary.statusCode()).isEqualTo(400);
        assertThat(json(deactivatedPrimary).at("/errors/primaryStaffId").asText())
                .contains("deactivated");
        assertThat(json(deactivatedPrimary).at("/errors/otherStaffIds").asText())
                .contains("not on record");

        HttpResponse<String> malformed =
                app.admin("PUT", path, "{\"otherStaffIds\":[\"%s\",\"%s\"]}".formatted(active, active));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("errors").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("primaryStaffId", "otherStaffIds");
        HttpResponse<String> primaryTwice = app.admin(
                "PUT", path, "{\"primaryStaffId\":\"%s\",\"otherStaffIds\":[\"%s\"]}".formatted(active, active));
        assertThat(json(primaryTwice).at("/errors/otherStaffIds").asText()).contains("primary");

        assertThat(app.admin("PUT", "/api/members/" + UUID.randomUUID() + "/care-team", """
                        {"primaryStaffId":"%s"}""".formatted(active))
                        .statusCode())
                .isEqualTo(404);
        assertThat(json(app.admin("GET", path, null)).get("revision").asLong())
                .as("nothing was stored")
                .isZero();
    }

    @Test
    void staffActionsOnAFlagArePublishedOnceForOneRequestIdAndRefusedWithAReasonWhenInvalid() throws Exception {
        String memberId = memberId();
        String staff = putStaff("Ari", true);
        assertThat(app.admin("PUT", "/api/members/" + memberId + "/care-team", """
                        {"primaryStaffId":"%s"}""".formatted(staff))
                        .statusCode())
                .isEqualTo(200);
        String flagId = Ids.flagId(memberId, "test-" + UUID.randomUUID());
        String flag = "/api/members/" + memberId + "/flags/" + flagId + "/";

        HttpResponse<String> ack = app.admin("POST", flag + "acknowledge", """
                {"staffId":"%s","requestId":"req-1"}""".formatted(staff));
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
        HttpResponse<String> retried = app.admin("POST", flag + "acknowledge", """
                {"staffId":"%s","requestId":"req-1"}""".formatted(staff));
        assertThat(json(retried).get("eventId").asText())
                .as("a retry is the same action")
                .isEqualTo(json(ack).get("eventId").asText());
        assertThat(app.admin("POST", flag + "contacted", """
                        {"staffId":"%s","requestId":"req-2"}""".formatted(staff)).statusCode())
                .isEqualTo(202);
        assertThat(app.admin("POST", flag + "resolve", """
                        {"staffId":"%s","requestId":"req-3","outcome":"linked-to-treatment"}""".formatted(staff)).statusCode())
                .isEqualTo(202);

        HttpResponse<String> noOutcome =
                app.admin("POST", flag + "resolve", "{\"staffId\":\"%s\",\"requestId\":\"r\"}".formatted(staff));
        assertThat(noOutcome.statusCode()).isEqualTo(400);
        assertThat(json(noOutcome).at("/errors/outcome").asText()).contains("reached-safe");
        HttpResponse<String> noRequestId =
                app.admin("POST", flag + "acknowledge", "{\"staffId\":\"%s\"}".formatted(staff));
        assertThat(json(noRequestId).get("errors").has("requestId")).isTrue();
        HttpResponse<String> unknownStaff =
                app.admin("POST", flag + "acknowledge", "{\"staffId\":\"nobody-x\",\"requestId\":\"r\"}");
        assertThat(unknownStaff.statusCode()).isEqualTo(400);
        assertThat(json(unknownStaff).get("errors").has("staffId")).isTrue();
        String deactivated = putStaff("Former", false);
        assertThat(app.admin("POST", flag + "acknowledge", """
                        {"staffId":"%s","requestId":"r"}""".formatted(deactivated))
                        .statusCode())
                .isEqualTo(409);
        HttpResponse<String> notOnTeam =
                app.admin("POST", flag + "acknowledge", """
                {"staffId":"%s","requestId":"r"}""".formatted(putStaff("Outsider", true)));
        assertThat(notOnTeam.statusCode())
                .as("active, but not on the member's care team")
                .isEqualTo(409);
        assertThat(json(notOnTeam).at("/errors/staffId").asText()).contains("not on the member's current care team");
        HttpResponse<String> badFlag = app.admin(
                "POST",
                "/api/members/" + memberId + "/flags/not-a-flag/acknowledge",
                "{\"staffId\":\"%s\",\"requestId\":\"r\"}".formatted(staff));
        assertThat(badFlag.statusCode()).isEqualTo(400);
        assertThat(json(badFlag).get("errors").has("flagId")).isTrue();
        assertThat(app.admin(
                                "POST",
                                "/api/members/" + UUID.randomUUID() + "/flags/" + flagId + "/acknowledge",
                                "{\"staffId\":\"%s\",\"requestId\":\"r\"}".formatted(staff))
                        .statusCode())
                .isEqualTo(404);

        try (TopicProbe<StaffActionEvent> actions = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.STAFF_ACTIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> actions.valuesFor(memberId).size() >= 3);
            List<StaffActionEvent> published = actions.pollFor(Duration.ofSeconds(1)).stream()
                    .filter(r -> memberId.equals(r.key()))
                    .map(ConsumerRecord::value)
                    .toList();
            assertThat(published).allSatisfy(a -> {
                assertThat(a.staffId()).isEqualTo(staff);
                assertThat(a.flagId()).isEqualTo(flagId);
            });
            assertThat(published.stream().map(StaffActionEvent::eventId).distinct())
                    .as("four calls, the retry the same event: three actions")
                    .hasSize(3);
            assertThat(published.getFirst()).isInstanceOf(FlagAcknowledged.class);
            assertThat(published.getLast())
                    .isInstanceOfSatisfying(
                            FlagResolved.class,
                            r -> assertThat(r.outcome()).isEqualTo(FlagOutcome.LINKED_TO_TREATMENT));
        }
    }

    @Test
    void theResyncRepublishesStaffRecordsAndCareTeams() throws Exception {
        String memberId = memberId();
        String staff = putStaff("Remy", true);
        app.admin("PUT", "/api/members/" + memberId + "/care-team", "{\"primaryStaffId\":\"%s\"}".formatted(staff));

        HttpResponse<String> r = app.admin("POST", "/api/admin/resync", null);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).get("staff").asInt()).isPositive();
        assertThat(json(r).get("careTeams").asInt()).isPositive();

        try (TopicProbe<StaffDirectoryEvent> directory =
                        new TopicProbe<>(KAFKA.bootstrapServers(), Topics.STAFF_DIRECTORY);
                TopicProbe<CareAssignmentEvent> teams =
                        new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CARE_ASSIGNMENTS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> directory.valuesFor(staff).size() >= 2
                            && teams.valuesFor(memberId).size() >= 2);
        }
    }

    @Test
    void coverageCountsActiveMembersWithoutACareTeamAndPlacesHeldByDeactivatedStaff() throws Exception {
        Coverage coverage = app.service().staff().coverage();
        coverage.refresh();
        long without = coverage.membersWithoutCareTeam();
        long inactive = coverage.careTeamPlacesOfInactiveStaff();

        String memberId = memberId();
        coverage.refresh();
        assertThat(coverage.membersWithoutCareTeam()).isEqualTo(without + 1);

        String staff = putStaff("Noor", true);
        app.admin("PUT", "/api/members/" + memberId + "/care-team", "{\"primaryStaffId\":\"%s\"}".formatted(staff));
        coverage.refresh();
        assertThat(coverage.membersWithoutCareTeam()).isEqualTo(without);

        app.admin("PUT", "/api/staff/" + staff, staffBody("Noor", false));
        coverage.refresh();
        assertThat(coverage.careTeamPlacesOfInactiveStaff()).isEqualTo(inactive + 1);
        String metrics = app.managementGet("/metrics").body();
        assertThat(metrics).contains("outreach_members_without_care_team", "outreach_care_team_inactive_staff");
    }
}
