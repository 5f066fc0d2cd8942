package org.aftercare.scheduler.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.aftercare.scheduler.testing.StaffTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin API over staff, care teams and staff actions on flags, on a real broker, with staff and
 * care teams published as the console publishes them (issue 12, {@link StaffTopics}): the GETs show
 * the scheduler's copy, the PUTs are gone (410, naming the console), a member body carrying a care
 * team is refused, the resync sends no staff, an erasure still tombstones the care team, and each
 * staff action and refusal on {@code staff.actions}.
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

    private static StaffTopics topics() {
        return app.staffTopics();
    }

    /** A staff record as the console publishes it, held by the scheduler once this returns. */
    private static String putStaff(String name, boolean active) {
        String id = staffId(name.toLowerCase());
        topics().stored(StaffTopics.withActive(
                StaffTopics.clinician(id, name, name.toLowerCase() + "@program.example.org"), active));
        return id;
    }

    private static String memberId() throws Exception {
        return app.enroll("EXT-" + UUID.randomUUID()).get("memberId").asText();
    }

    @Test
    void aStaffRecordFromTheDirectoryIsWhatTheGetsShowAndThePutIsGoneNamingTheConsole() throws Exception {
        String id = staffId("dana");
        StaffMember dana = new StaffMember(
                "staff:" + id + ":1",
                StaffMember.SCHEMA_VERSION,
                Instant.parse("2026-03-02T12:00:00Z"),
                id,
                StaffTopics.nextRevision(),
                "Dana",
                "dana@program.example.org",
                Set.of(StaffRole.CLINICIAN),
                Map.of(FlagSeverity.HIGH, AlertCadence.IMMEDIATELY, FlagSeverity.MEDIUM, AlertCadence.EVERY_3_HOURS),
                LocalTime.of(8, 30),
                ZoneId.of("America/New_York"),
                true);
        topics().stored(dana);

        JsonNode shown = json(app.admin("GET", "/api/staff/" + id, null));
        assertThat(shown.get("name").asText()).isEqualTo("Dana");
        assertThat(shown.get("workEmail").asText()).isEqualTo("dana@program.example.org");
        assertThat(shown.at("/alerts/medium").asText()).isEqualTo("every-3-hours");
        assertThat(LocalTime.parse(shown.get("digestAt").asText())).isEqualTo(LocalTime.of(8, 30));
        assertThat(shown.get("revision").asLong()).isEqualTo(dana.revision());
        assertThat(json(app.admin("GET", "/api/staff", null)).findValuesAsText("staffId"))
                .contains(id);
        assertThat(app.admin("GET", "/api/staff/nobody-" + UUID.randomUUID(), null)
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<String> put = app.admin("PUT", "/api/staff/" + id, """
                {"name":"Dana","workEmail":"dana@program.example.org","roles":["clinician"],"timeZone":"UTC"}""");
        assertThat(put.statusCode()).isEqualTo(410);
        assertThat(json(put).get("detail").asText()).contains("staff console");
        assertThat(json(app.admin("GET", "/api/staff/" + id, null))
                        .get("timeZone")
                        .asText())
                .as("nothing was changed")
                .isEqualTo("America/New_York");
        assertThat(app.send("PUT", "/api/staff/x", "{}", "application/json", null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aCareTeamFromTheTopicIsWhatTheGetShowsThePutIsGoneAndAnErasureStillSendsTheTombstone() throws Exception {
        String memberId = memberId();
        String primary = putStaff("Dana", true);
        String other = putStaff("Lee", true);

        HttpResponse<String> none = app.admin("GET", "/api/members/" + memberId + "/care-team", null);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(json(none).get("primaryStaffId").isNull()).isTrue();
        assertThat(json(none).get("revision").asLong()).isZero();

        CareTeam published = topics().careTeam(memberId, primary, other);
        JsonNode team = json(app.admin("GET", "/api/members/" + memberId + "/care-team", null));
        assertThat(team.get("primaryStaffId").asText()).isEqualTo(primary);
        assertThat(team.get("otherStaffIds").get(0).asText()).isEqualTo(other);
        assertThat(team.get("revision").asLong()).isEqualTo(published.revision());

        HttpResponse<String> put = app.admin("PUT", "/api/members/" + memberId + "/care-team", """
                {"primaryStaffId":"%s"}""".formatted(other));
        assertThat(put.statusCode()).isEqualTo(410);
        assertThat(json(put).get("detail").asText()).contains("staff console");
        assertThat(json(app.admin("GET", "/api/members/" + memberId + "/care-team", null))
                        .get("primaryStaffId")
                        .asText())
                .isEqualTo(primary);

        try (TopicProbe<CareAssignmentEvent> teams =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CARE_ASSIGNMENTS)) {
            assertThat(app.admin("DELETE", "/api/members/" + memberId, null).statusCode())
                    .isEqualTo(204);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> teams.recordsFor(memberId).size() >= 2);
            List<ConsumerRecord<String, CareAssignmentEvent>> records = teams.recordsFor(memberId);
            assertThat(records.getLast().value())
                    .as("the erased member's care team ends with a tombstone")
                    .isNull();
        }
        assertThat(app.admin("GET", "/api/members/" + memberId + "/care-team", null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void anEnrollmentOrUpdateCarryingACareTeamIsRefusedWithAReasonNamingTheConsole() throws Exception {
        HttpResponse<String> enroll = app.admin("POST", "/api/members", """
                {"externalId":"EXT-%s","firstName":"Sam","email":"sam@example.org","timeZone":"UTC",
                 "plan":{"times":["09:00"]},"careTeam":{"primaryStaffId":"dana"}}""".formatted(UUID.randomUUID()));
        assertThat(enroll.statusCode()).isEqualTo(400);
        assertThat(json(enroll).at("/errors/careTeam").asText()).contains("staff console");

        String memberId = memberId();
        HttpResponse<String> patch = app.admin("PATCH", "/api/members/" + memberId, "{\"primaryStaffId\":\"dana\"}");
        assertThat(patch.statusCode()).isEqualTo(400);
        assertThat(json(patch).at("/errors/primaryStaffId").asText()).contains("staff console");
    }

    @Test
    void staffActionsOnAFlagArePublishedOnceForOneRequestIdAndRefusedWithAReasonWhenInvalid() throws Exception {
        String memberId = memberId();
        String staff = putStaff("Ari", true);
        topics().careTeam(memberId, staff);
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
    void theResyncRepublishesMemberProfilesOnlyAndNoStaffRecordOrCareTeam() throws Exception {
        String memberId = memberId();
        String staff = putStaff("Remy", true);
        topics().careTeam(memberId, staff);

        HttpResponse<String> r = app.admin("POST", "/api/admin/resync", null);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).get("republished").asInt()).isPositive();
        assertThat(json(r).has("staff")).isFalse();

        // Anything the resync sent is on the topics before a record published after it.
        String marker = putStaff("Marker", true);
        try (TopicProbe<StaffDirectoryEvent> directory =
                        new TopicProbe<>(KAFKA.bootstrapServers(), Topics.STAFF_DIRECTORY);
                TopicProbe<CareAssignmentEvent> teams =
                        new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CARE_ASSIGNMENTS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !directory.valuesFor(marker).isEmpty());
            assertThat(directory.valuesFor(staff))
                    .as("only the console's record: the scheduler publishes no staff")
                    .hasSize(1);
            assertThat(teams.valuesFor(memberId)).hasSize(1);
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
        topics().careTeam(memberId, staff);
        coverage.refresh();
        assertThat(coverage.membersWithoutCareTeam()).isEqualTo(without);

        topics().deactivate(staff);
        coverage.refresh();
        assertThat(coverage.careTeamPlacesOfInactiveStaff()).isEqualTo(inactive + 1);

        topics().careTeam(memberId, null);
        coverage.refresh();
        assertThat(coverage.membersWithoutCareTeam())
                .as("the console emptied the team")
                .isEqualTo(without + 1);
        String metrics = app.managementGet("/metrics").body();
        assertThat(metrics).contains("outreach_members_without_care_team", "outreach_care_team_inactive_staff");
    }
}
