package org.aftercare.scheduler.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.aftercare.events.Ids;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.contact.ReachReported;
import org.aftercare.events.staff.FlagContacted;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.aftercare.scheduler.testing.StaffTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The away ({@code /w/}), staff flag ({@code /f/}) and reach follow-up ({@code /r/}) pages over
 * plain HTTP: a GET never acts, what each refusal shows, the on-call link, single use and the
 * contact binding of the follow-up, and the links of an erased member.
 */
class StaffAndFollowUpPagesIT {

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

    private static JsonNode enroll() throws Exception {
        return app.enroll("EXT-" + UUID.randomUUID());
    }

    private static String awayLink(String memberId) {
        return SchedulerFixture.link(
                LinkKind.AWAY.path(), LinkKind.AWAY.purpose(), memberId, Links.SUBJECT_MEMBER, LinkKind.AWAY.action());
    }

    private static String flagLink(String memberId, String flagId, String staffId) {
        return SchedulerFixture.link(
                LinkKind.STAFF_FLAG.path(),
                LinkKind.STAFF_FLAG.purpose(),
                memberId,
                Links.flagSubject(flagId, staffId),
                LinkKind.STAFF_FLAG.action());
    }

    private static String reachLink(String memberId, String contactId, String escalationId) throws Exception {
        return app.contactLink(
                LinkKind.REACH_FOLLOW_UP.path(),
                LinkKind.REACH_FOLLOW_UP.purpose(),
                memberId,
                contactId,
                Links.escalationSubject(escalationId, contactId),
                LinkKind.REACH_FOLLOW_UP.action());
    }

    private static JsonNode member(String memberId) throws Exception {
        return Json.reader()
                .readTree(app.admin("GET", "/api/members/" + memberId, null).body());
    }

    @Test
    void theAwayPageNeverActsOnGetAndRefusesADateOutOfRangeWithTheFormAgain() throws Exception {
        String memberId = enroll().get("memberId").asText();
        String link = awayLink(memberId);
        LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));

        HttpResponse<String> page = app.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("type=\"date\"", "Keep my check-ins coming", "988", "/h/");
        assertThat(member(memberId).hasNonNull("away")).as("a GET sets nothing").isFalse();

        HttpResponse<String> tooFar = app.postForm(link, "until=" + today.plusDays(91) + "&keepPrompts=yes");
        assertThat(tooFar.statusCode()).isEqualTo(400);
        assertThat(tooFar.body()).contains("up to 90 days", "type=\"date\"", "988");
        assertThat(app.postForm(link, "until=" + today.plusDays(3)).statusCode())
                .as("the choice is required")
                .isEqualTo(400);
        assertThat(app.postForm(link, "until=someday&keepPrompts=no").statusCode())
                .isEqualTo(400);
        assertThat(member(memberId).hasNonNull("away")).isFalse();

        HttpResponse<String> saved = app.postForm(link, "until=" + today.plusDays(3) + "&keepPrompts=yes");
        assertThat(saved.statusCode()).isEqualTo(200);
        HttpResponse<String> movedAgain = app.postForm(link, "until=" + today.plusDays(5) + "&keepPrompts=no");
        assertThat(movedAgain.statusCode())
                .as("the link is reusable: setting it again moves the date")
                .isEqualTo(200);
        JsonNode away = member(memberId).get("away");
        assertThat(away.get("until").asText()).isEqualTo(today.plusDays(5).toString());
        assertThat(away.get("keepPrompts").asBoolean()).isFalse();
        assertThat(away.get("setBy").asText()).isEqualTo("member");
    }

    @Test
    void theOnCallFlagLinkActsAsOnCallAndPressingTwiceIsOneAction() throws Exception {
        String memberId = enroll().get("memberId").asText();
        String flagId = Ids.flagId(memberId, "pages-" + UUID.randomUUID());
        String link = flagLink(memberId, flagId, "on-call");

        HttpResponse<String> page = app.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("I'm on it", "I reached them", "Resolve", "988");
        assertThat(app.postForm(link, "action=resolve").statusCode())
                .as("resolving needs an outcome")
                .isEqualTo(400);
        assertThat(app.postForm(link, "action=delete").statusCode()).isEqualTo(400);
        assertThat(app.postForm(link, "action=contacted").statusCode()).isEqualTo(200);
        assertThat(app.postForm(link, "action=contacted").statusCode()).isEqualTo(200);

        try (TopicProbe<StaffActionEvent> actions = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.STAFF_ACTIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !actions.valuesFor(memberId).isEmpty());
            List<StaffActionEvent> published = actions.pollFor(Duration.ofSeconds(1)).stream()
                    .filter(r -> memberId.equals(r.key()))
                    .map(ConsumerRecord::value)
                    .toList();
            assertThat(published)
                    .as("a GET and the refused posts published nothing")
                    .allSatisfy(a -> assertThat(a)
                            .isInstanceOfSatisfying(
                                    FlagContacted.class,
                                    c -> assertThat(c.staffId()).isEqualTo("on-call")));
            assertThat(published.stream().map(StaffActionEvent::eventId).distinct())
                    .as("pressed twice, one action")
                    .hasSize(1);
        }
    }

    @Test
    void aFlagPressSaysWhatWasSentNotWhatBecameOfTheFlagAndNamesTheMemberByProgramId() throws Exception {
        JsonNode member = enroll();
        String memberId = member.get("memberId").asText();
        String link = flagLink(memberId, Ids.flagId(memberId, "said-" + UUID.randomUUID()), "on-call");

        assertThat(app.get(link).body())
                .contains("Sam", member.get("externalId").asText(), "value=\"reached-safe\"");
        HttpResponse<String> acknowledged = app.postForm(link, "action=acknowledge");
        assertThat(acknowledged.body())
                .contains("Sent to the care team", "record: you are on it")
                .doesNotContain("Recorded", "will not move on");
        HttpResponse<String> resolved = app.postForm(link, "action=resolve&outcome=no-action-needed");
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(resolved.body())
                .as("the flag may already be resolved: streams decides")
                .contains("Sent to the care team", "record: your outcome")
                .doesNotContain("is resolved");
    }

    private static String putStaff(String prefix, boolean active) {
        String staffId = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        app.staffTopics().stored(StaffTopics.withActive(StaffTopics.clinician(staffId), active));
        return staffId;
    }

    private static void assertNoAccess(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.request().method()).isEqualTo(403);
        assertThat(r.body()).contains("no longer gives access").doesNotContain("Sam", "EXT-");
    }

    @Test
    void aFlagLinkOfADeactivatedStaffMemberShowsAndRecordsNothing() throws Exception {
        String memberId = enroll().get("memberId").asText();
        String staffId = putStaff("former", true);
        app.careTeam(memberId, staffId);
        String link = flagLink(memberId, Ids.flagId(memberId, "x-" + UUID.randomUUID()), staffId);
        assertThat(app.get(link).statusCode()).as("on the team and active").isEqualTo(200);

        app.staffTopics().deactivate(staffId);

        assertNoAccess(app.get(link));
        assertNoAccess(app.postForm(link, "action=acknowledge"));
    }

    @Test
    void aFlagLinkOfAStaffMemberTakenOffTheCareTeamShowsAndRecordsNothing() throws Exception {
        String memberId = enroll().get("memberId").asText();
        String primary = putStaff("primary", true);
        String other = putStaff("other", true);
        app.careTeam(memberId, primary, other);
        String flagId = Ids.flagId(memberId, "team-" + UUID.randomUUID());
        String primaryLink = flagLink(memberId, flagId, primary);
        String otherLink = flagLink(memberId, flagId, other);
        String outsiderLink = flagLink(memberId, flagId, putStaff("outsider", true));

        assertThat(app.get(primaryLink).body()).contains("Sam");
        assertThat(app.get(otherLink).body()).as("others on the team too").contains("Sam");
        assertNoAccess(app.get(outsiderLink));
        assertNoAccess(app.postForm(outsiderLink, "action=contacted"));

        app.careTeam(memberId, primary);
        assertNoAccess(app.get(otherLink));
        assertNoAccess(app.postForm(otherLink, "action=resolve&outcome=reached-safe"));
        assertNoAccess(app.postForm(otherLink, "action=bogus"));
        assertThat(app.postForm(primaryLink, "action=acknowledge").statusCode()).isEqualTo(200);

        try (TopicProbe<StaffActionEvent> actions = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.STAFF_ACTIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !actions.valuesFor(memberId).isEmpty());
            assertThat(actions.pollFor(Duration.ofSeconds(1)).stream()
                            .filter(r -> memberId.equals(r.key()))
                            .map(ConsumerRecord::value)
                            .toList())
                    .as("only the primary's press was published")
                    .singleElement()
                    .satisfies(a -> assertThat(a.staffId()).isEqualTo(primary));
        }
    }

    @Test
    void theFollowUpAnswersOnceAndOnlyForTheContactAsTheyAreNow() throws Exception {
        JsonNode member = enroll();
        String memberId = member.get("memberId").asText();
        String contactId = member.get("contacts").get(0).get("contactId").asText();
        app.confirmContact(memberId, contactId);
        String escalationId = Ids.escalationId(memberId, "pages-" + UUID.randomUUID());
        String link = reachLink(memberId, contactId, escalationId);

        HttpResponse<String> page = app.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Were you able to reach Sam?", "Not yet");
        assertThat(app.postForm(link, "reached=maybe").statusCode()).isEqualTo(400);
        assertThat(app.postForm(link, "reached=yes").statusCode()).isEqualTo(200);
        HttpResponse<String> again = app.postForm(link, "reached=not-yet");
        assertThat(again.statusCode()).as("single use").isEqualTo(410);

        String before = reachLink(memberId, contactId, escalationId);
        app.admin("PATCH", "/api/members/" + memberId + "/contacts/" + contactId, "{\"email\":\"alex2@example.org\"}");
        assertThat(app.postForm(before, "reached=yes").statusCode())
                .as("a link to the contact's old address")
                .isEqualTo(410);

        try (TopicProbe<ContactActionEvent> actions =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CONTACT_ACTIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> actions.valuesFor(memberId).stream().anyMatch(ReachReported.class::isInstance));
            assertThat(actions.pollFor(Duration.ofSeconds(1)).stream()
                            .filter(r -> memberId.equals(r.key()))
                            .map(ConsumerRecord::value)
                            .filter(ReachReported.class::isInstance)
                            .toList())
                    .singleElement()
                    .isInstanceOfSatisfying(
                            ReachReported.class, r -> assertThat(r.reached()).isTrue());
        }
    }

    @Test
    void theLinksOfAnErasedMemberShowNoLongerActive() throws Exception {
        JsonNode member = enroll();
        String memberId = member.get("memberId").asText();
        String contactId = member.get("contacts").get(0).get("contactId").asText();
        String away = awayLink(memberId);
        String flag = flagLink(memberId, Ids.flagId(memberId, "gone-" + UUID.randomUUID()), "on-call");
        String reach = reachLink(memberId, contactId, Ids.escalationId(memberId, "gone"));
        assertThat(app.admin("DELETE", "/api/members/" + memberId, null).statusCode())
                .isEqualTo(204);

        for (HttpResponse<String> r : List.of(
                app.get(away),
                app.postForm(away, "until=2030-01-01&keepPrompts=yes"),
                app.get(flag),
                app.postForm(flag, "action=acknowledge"),
                app.get(reach),
                app.postForm(reach, "reached=yes"))) {
            assertThat(r.statusCode())
                    .as(r.request().method() + " " + r.uri().getPath().substring(0, 3))
                    .isEqualTo(410);
            assertThat(r.body()).contains("no longer active").doesNotContain("Sam");
        }
    }

    @Test
    void aLinkOfAnotherKindDoesNotOpenThesePages() throws Exception {
        String memberId = enroll().get("memberId").asText();
        String help = SchedulerFixture.link(
                LinkKind.HELP.path(), LinkKind.HELP.purpose(), memberId, Links.SUBJECT_MEMBER, LinkKind.HELP.action());
        String token = help.substring(LinkKind.HELP.path().length());

        for (String page : List.of("/w/", "/f/", "/r/")) {
            HttpResponse<String> r = app.get(page + token);
            assertThat(r.statusCode()).as(page).isEqualTo(400);
            assertThat(r.body()).contains("meant for a different page");
        }
    }
}
