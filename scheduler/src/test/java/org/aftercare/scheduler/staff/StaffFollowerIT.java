package org.aftercare.scheduler.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.events.Ids;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.aftercare.scheduler.testing.StaffTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scheduler follows the console's {@code staff.directory} and {@code care.assignments}
 * (issue 12), on a real broker: records apply by revision (an older one is ignored, a replay changes
 * nothing), tombstones remove, an unreadable record is skipped and counted without stopping the
 * follower, a flag action is checked against the care team as the topic says it is now, and a copy
 * that cannot be brought up to date answers "try again shortly" rather than refusing.
 */
class StaffFollowerIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Pattern UNREADABLE =
            Pattern.compile("outreach_staff_records_unreadable_total\\{[^}]*topic=\"([a-z.]+)\"[^}]*} ([0-9.E]+)");

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

    private static StaffTopics topics() {
        return app.staffTopics();
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.reader().readTree(r.body());
    }

    private static String memberId() throws Exception {
        return app.enroll("EXT-" + UUID.randomUUID()).get("memberId").asText();
    }

    private static double unreadable(String topic) throws Exception {
        Matcher m = UNREADABLE.matcher(app.managementGet("/metrics").body());
        while (m.find()) {
            if (m.group(1).equals(topic)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no unreadable counter for " + topic);
    }

    private static HttpResponse<String> act(String memberId, String flagId, String staffId) throws Exception {
        return app.admin("POST", "/api/members/" + memberId + "/flags/" + flagId + "/acknowledge", """
                {"staffId":"%s","requestId":"%s"}""".formatted(
                        staffId, UUID.randomUUID()));
    }

    private static String flagLink(String memberId, String flagId, String staffId) {
        return SchedulerFixture.link(
                LinkKind.STAFF_FLAG.path(),
                LinkKind.STAFF_FLAG.purpose(),
                memberId,
                Links.flagSubject(flagId, staffId),
                LinkKind.STAFF_FLAG.action());
    }

    @Test
    void anOlderRevisionNeverOverwritesANewerOneAndAReplayChangesNothing() throws Exception {
        String staffId = id("rev");
        StaffMember older = StaffTopics.clinician(staffId, "Old name", staffId + "@program.example.org");
        StaffMember newer = StaffTopics.clinician(staffId, "New name", staffId + "@program.example.org");

        topics().stored(newer);
        topics().publish(older);
        assertThat(json(app.admin("GET", "/api/staff/" + staffId, null))
                        .get("name")
                        .asText())
                .as("the older revision, read after the newer one, is ignored")
                .isEqualTo("New name");

        topics().publish(new StaffMember(
                newer.eventId(),
                newer.schemaVersion(),
                newer.occurredAt(),
                staffId,
                newer.revision(),
                "Same revision again",
                newer.workEmail(),
                newer.roles(),
                newer.alerts(),
                newer.digestAt(),
                newer.timeZone(),
                false));
        JsonNode held = json(app.admin("GET", "/api/staff/" + staffId, null));
        assertThat(held.get("name").asText()).isEqualTo("New name");
        assertThat(held.get("active").asBoolean())
                .as("a replayed revision changes nothing")
                .isTrue();
        assertThat(held.get("revision").asLong()).isEqualTo(newer.revision());
    }

    @Test
    void aTombstoneRemovesTheStaffRecordAndTheCareTeam() throws Exception {
        String memberId = memberId();
        String staffId = topics().staff(id("gone")).staffId();
        topics().careTeam(memberId, staffId);

        topics().removeStaff(staffId);
        topics().removeCareTeam(memberId);

        assertThat(app.admin("GET", "/api/staff/" + staffId, null).statusCode()).isEqualTo(404);
        JsonNode team = json(app.admin("GET", "/api/members/" + memberId + "/care-team", null));
        assertThat(team.get("primaryStaffId").isNull()).isTrue();
        assertThat(team.get("revision").asLong()).isZero();
    }

    @Test
    void anUnreadableRecordIsSkippedAndCountedAndTheFollowerGoesOn() throws Exception {
        String staffId = id("bad");
        String memberId = memberId();
        double staffBefore = unreadable(Topics.STAFF_DIRECTORY.name());
        double teamsBefore = unreadable(Topics.CARE_ASSIGNMENTS.name());

        topics().publishRaw(Topics.STAFF_DIRECTORY, staffId, "{not json");
        topics().publishRaw(
                        Topics.CARE_ASSIGNMENTS,
                        memberId,
                        "{\"type\":\"care.team\",\"memberId\":\"" + memberId + "\",\"revision\":1}");

        assertThat(unreadable(Topics.STAFF_DIRECTORY.name())).isEqualTo(staffBefore + 1);
        assertThat(unreadable(Topics.CARE_ASSIGNMENTS.name()))
                .as("valid JSON that breaks the contract (no envelope)")
                .isEqualTo(teamsBefore + 1);
        topics().staff(staffId);
        topics().careTeam(memberId, staffId);
        assertThat(app.managementGet("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void aStaffMemberTakenOffTheCareTeamOnTheTopicIsRefusedAndOneDeactivatedToo() throws Exception {
        String memberId = memberId();
        String primary = topics().staff(id("primary")).staffId();
        String other = topics().staff(id("other")).staffId();
        topics().careTeam(memberId, primary, other);
        String flagId = Ids.flagId(memberId, "follow-" + UUID.randomUUID());
        assertThat(act(memberId, flagId, other).statusCode()).as("on the team").isEqualTo(202);

        topics().careTeam(memberId, primary);

        HttpResponse<String> refused = act(memberId, flagId, other);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).at("/errors/staffId").asText()).contains("not on the member's current care team");
        HttpResponse<String> page = app.postForm(flagLink(memberId, flagId, other), "action=acknowledge");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("no longer gives access");
        assertThat(act(memberId, flagId, primary).statusCode()).isEqualTo(202);

        topics().deactivate(primary);
        assertThat(act(memberId, flagId, primary).statusCode()).isEqualTo(409);
    }

    @Test
    void aStaffMemberAndTeamJustPublishedAreReadBeforeTheActionIsDecided() throws Exception {
        String memberId = memberId();
        StaffMember justAdded = StaffTopics.clinician(id("new"));

        topics().publishUnread(justAdded, StaffTopics.team(memberId, justAdded.staffId()));

        assertThat(act(memberId, Ids.flagId(memberId, "new-" + UUID.randomUUID()), justAdded.staffId())
                        .statusCode())
                .as("the copy reads the topics to their end before it would refuse")
                .isEqualTo(202);
    }

    @Test
    void aCopyThatCannotBeBroughtUpToDateAnswersTryAgainShortlyNeverUnknownStaff() throws Exception {
        try (SchedulerFixture stopped = SchedulerFixture.start(SchedulerFixture.env(KAFKA.bootstrapServers()))) {
            String memberId =
                    stopped.enroll("EXT-" + UUID.randomUUID()).get("memberId").asText();
            String flagId = Ids.flagId(memberId, "stopped-" + UUID.randomUUID());
            stopped.service().staff().follower().close();

            HttpResponse<String> api =
                    stopped.admin("POST", "/api/members/" + memberId + "/flags/" + flagId + "/acknowledge", """
                    {"staffId":"not-read-yet","requestId":"r-1"}""");
            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(api.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(api).get("detail").asText()).contains("try again shortly");

            HttpResponse<String> page = stopped.get(flagLink(memberId, flagId, "not-read-yet"));
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.body()).contains("try again shortly").doesNotContain("no longer gives access");

            assertThat(stopped.admin("GET", "/api/staff/not-read-yet", null).statusCode())
                    .isEqualTo(503);
            assertThat(stopped.managementGet("/health/live").statusCode())
                    .as("a follower that stopped is a reason to restart")
                    .isEqualTo(503);
        }
    }
}
