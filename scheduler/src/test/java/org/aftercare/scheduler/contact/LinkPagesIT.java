package org.aftercare.scheduler.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.contact.ContactConfirmed;
import org.aftercare.events.contact.ContactDeclined;
import org.aftercare.events.contact.ContactUnsubscribed;
import org.aftercare.events.contact.EscalationAcknowledged;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contact and member pages behind signed links, over plain HTTP: GET shows, POST acts once. */
class LinkPagesIT {

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

    private record Enrolled(String memberId, String contactId) {}

    private static Enrolled enroll() throws Exception {
        JsonNode m = app.enroll("EXT-" + UUID.randomUUID());
        return new Enrolled(
                m.get("memberId").asText(),
                m.get("contacts").get(0).get("contactId").asText());
    }

    private static JsonNode member(String memberId) throws Exception {
        return Json.reader()
                .readTree(app.admin("GET", "/api/members/" + memberId, null).body());
    }

    private static String contactState(String memberId) throws Exception {
        return member(memberId).get("contacts").get(0).get("state").asText();
    }

    private static List<ContactActionEvent> actionsFor(String memberId, int atLeast) {
        try (TopicProbe<ContactActionEvent> actions =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CONTACT_ACTIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> actions.valuesFor(memberId).size() >= atLeast);
            return actions.valuesFor(memberId);
        }
    }

    @Test
    void aContactConfirmsTheInvitationOnceAndAGetNeverActs() throws Exception {
        Enrolled e = enroll();
        String link = app.invitation(e.memberId(), e.contactId());

        HttpResponse<String> page = app.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sam named you", "when they ask for help", "keep it private", "lang=\"en\"");
        assertThat(app.get(link).statusCode())
                .as("a prefetch twice changes nothing")
                .isEqualTo(200);
        assertThat(contactState(e.memberId())).isEqualTo("invited");

        HttpResponse<String> confirmed = app.postForm(link, "choice=confirm");
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(contactState(e.memberId())).isEqualTo("confirmed");
        assertThat(app.postForm(link, "choice=decline").statusCode())
                .as("single use")
                .isEqualTo(410);
        assertThat(contactState(e.memberId())).isEqualTo("confirmed");

        assertThat(actionsFor(e.memberId(), 1))
                .singleElement()
                .isInstanceOfSatisfying(
                        ContactConfirmed.class, c -> assertThat(c.contactId()).isEqualTo(e.contactId()));
    }

    @Test
    void aContactDeclinesAndIsNeverAlerted() throws Exception {
        Enrolled e = enroll();
        String link = app.invitation(e.memberId(), e.contactId());

        assertThat(app.postForm(link, "choice=maybe").statusCode()).isEqualTo(400);
        assertThat(app.postForm(link, "choice=decline").statusCode()).isEqualTo(200);

        assertThat(contactState(e.memberId())).isEqualTo("declined");
        assertThat(actionsFor(e.memberId(), 1)).singleElement().isInstanceOf(ContactDeclined.class);
    }

    @Test
    void aContactAcknowledgesAnEscalationOnce() throws Exception {
        Enrolled e = enroll();
        app.confirmContact(e.memberId(), e.contactId());
        String escalationId = "esc-" + UUID.randomUUID();
        String link = app.contactLink(
                Links.ACKNOWLEDGE,
                Links.PURPOSE_ESCALATION,
                e.memberId(),
                e.contactId(),
                Links.escalationSubject(escalationId, e.contactId()),
                Links.ACTION_ACKNOWLEDGE);

        assertThat(app.get(link).body()).contains("reached out to Sam");
        assertThat(app.postForm(link, "").statusCode()).isEqualTo(200);
        assertThat(app.postForm(link, "").statusCode()).isEqualTo(410);

        assertThat(actionsFor(e.memberId(), 2))
                .filteredOn(EscalationAcknowledged.class::isInstance)
                .singleElement()
                .isInstanceOfSatisfying(EscalationAcknowledged.class, a -> {
                    assertThat(a.escalationId()).isEqualTo(escalationId);
                    assertThat(a.contactId()).isEqualTo(e.contactId());
                });

        String withoutContact = SchedulerFixture.link(
                Links.ACKNOWLEDGE, Links.PURPOSE_ESCALATION, e.memberId(), escalationId, Links.ACTION_ACKNOWLEDGE);
        assertThat(app.postForm(withoutContact, "").statusCode()).isEqualTo(400);
    }

    private static String escalationLink(Enrolled e, LinkKind kind, String escalationId) throws Exception {
        return app.contactLink(
                kind.path(),
                kind.purpose(),
                e.memberId(),
                e.contactId(),
                Links.escalationSubject(escalationId, e.contactId()),
                kind.action());
    }

    private static void assertNoLongerApplies(HttpResponse<String> r) {
        assertThat(r.statusCode())
                .as(r.request().method() + " " + r.uri().getPath().substring(0, 3))
                .isEqualTo(410);
        assertThat(r.body()).contains("no longer applies").doesNotContain("Sam");
    }

    @Test
    void escalationLinksNoLongerApplyToAContactWhoIsNotConfirmedOrSharesNothing() throws Exception {
        Enrolled invited = enroll();
        String escalationId = "esc-" + UUID.randomUUID();
        for (LinkKind kind : List.of(LinkKind.ACKNOWLEDGE, LinkKind.REACH_FOLLOW_UP)) {
            String link = escalationLink(invited, kind, escalationId);
            assertNoLongerApplies(app.get(link));
            assertNoLongerApplies(app.postForm(link, "reached=yes"));
        }

        Enrolled declined = enroll();
        assertThat(app.postForm(app.invitation(declined.memberId(), declined.contactId()), "choice=decline")
                        .statusCode())
                .isEqualTo(200);
        for (LinkKind kind : List.of(LinkKind.ACKNOWLEDGE, LinkKind.REACH_FOLLOW_UP)) {
            String link = escalationLink(declined, kind, escalationId);
            assertNoLongerApplies(app.get(link));
            assertNoLongerApplies(app.postForm(link, "reached=yes"));
        }

        Enrolled withdrawn = enroll();
        app.confirmContact(withdrawn.memberId(), withdrawn.contactId());
        String ack = escalationLink(withdrawn, LinkKind.ACKNOWLEDGE, escalationId);
        String reach = escalationLink(withdrawn, LinkKind.REACH_FOLLOW_UP, escalationId);
        assertThat(app.get(ack).body()).as("confirmed and sharing").contains("Sam");
        assertThat(app.admin(
                                "PATCH",
                                "/api/members/" + withdrawn.memberId() + "/contacts/" + withdrawn.contactId(),
                                "{\"consent\":[]}")
                        .statusCode())
                .isEqualTo(200);
        assertNoLongerApplies(app.get(ack));
        assertNoLongerApplies(app.postForm(ack, ""));
        assertNoLongerApplies(app.get(reach));
        assertNoLongerApplies(app.postForm(reach, "reached=not-yet"));

        try (TopicProbe<ContactActionEvent> actions =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CONTACT_ACTIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !actions.valuesFor(declined.memberId()).isEmpty()
                            && !actions.valuesFor(withdrawn.memberId()).isEmpty());
            List<ConsumerRecord<String, ContactActionEvent>> all = actions.pollFor(Duration.ofSeconds(1));
            assertThat(all)
                    .as("nothing published for the invited contact")
                    .noneMatch(r -> invited.memberId().equals(r.key()));
            assertThat(all)
                    .filteredOn(r -> declined.memberId().equals(r.key()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value()).isInstanceOf(ContactDeclined.class));
            assertThat(all)
                    .filteredOn(r -> withdrawn.memberId().equals(r.key()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value()).isInstanceOf(ContactConfirmed.class));
        }
    }

    @Test
    void aContactUnsubscribesWithOneClickAndRepeatingItIsHarmless() throws Exception {
        Enrolled e = enroll();
        String link = app.contactLink(
                Links.UNSUBSCRIBE,
                Links.PURPOSE_UNSUBSCRIBE,
                e.memberId(),
                e.contactId(),
                e.contactId(),
                Links.ACTION_UNSUBSCRIBE);

        HttpResponse<String> page = app.get(link);
        assertThat(page.body()).contains("name=\"List-Unsubscribe\" value=\"One-Click\"");
        assertThat(app.postForm(link, "").statusCode())
                .as("RFC 8058 needs the one-click body")
                .isEqualTo(400);
        assertThat(contactState(e.memberId())).isEqualTo("invited");

        assertThat(app.postForm(link, "List-Unsubscribe=One-Click").statusCode())
                .isEqualTo(200);
        assertThat(contactState(e.memberId())).isEqualTo("unsubscribed");
        assertThat(app.postForm(link, "List-Unsubscribe=One-Click").statusCode())
                .isEqualTo(200);

        assertThat(actionsFor(e.memberId(), 1)).singleElement().isInstanceOf(ContactUnsubscribed.class);
    }

    @Test
    void aMemberWhoUnsubscribesHasTheirCheckInsPausedIsToldWhatThatMeansAndResumingEndsIt() throws Exception {
        Enrolled e = enroll();
        String unsubscribe = SchedulerFixture.link(
                Links.UNSUBSCRIBE,
                Links.PURPOSE_UNSUBSCRIBE,
                e.memberId(),
                Links.SUBJECT_MEMBER,
                Links.ACTION_UNSUBSCRIBE);
        assertThat(app.get(unsubscribe).body())
                .contains("Your check-in emails stop", "care team is told", "we will still reply", "I need help now")
                .doesNotContain("prompts continue");
        assertThat(member(e.memberId()).get("status").asText())
                .as("a GET never acts")
                .isEqualTo("active");

        HttpResponse<String> done = app.postForm(unsubscribe, "List-Unsubscribe=One-Click");

        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body())
                .contains("Your check-in emails stop", "Nothing is counted as missed", "care team is told");
        assertThat(member(e.memberId()).get("preferences").get("unsubscribed").asBoolean())
                .isTrue();
        assertThat(member(e.memberId()).get("status").asText()).isEqualTo("paused");
        JsonNode checkIns = Json.reader()
                .readTree(app.admin("GET", "/api/members/" + e.memberId() + "/checkins", null)
                        .body());
        assertThat(checkIns.get("upcoming"))
                .as("nothing falls due, so nothing can be missed")
                .isEmpty();

        assertThat(app.admin("POST", "/api/members/" + e.memberId() + "/resume", null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(member(e.memberId()).get("status").asText()).isEqualTo("active");
        assertThat(member(e.memberId()).get("preferences").get("unsubscribed").asBoolean())
                .isFalse();
    }

    @Test
    void aMemberPausesCheckInsOnceFromThePauseLink() throws Exception {
        Enrolled e = enroll();
        String pause = SchedulerFixture.link(
                Links.PAUSE, Links.PURPOSE_PAUSE, e.memberId(), Links.SUBJECT_MEMBER, Links.ACTION_PAUSE);
        assertThat(app.get(pause).body()).contains("Pause my check-ins");
        assertThat(member(e.memberId()).get("status").asText()).isEqualTo("active");
        assertThat(app.postForm(pause, "").statusCode()).isEqualTo(200);
        assertThat(member(e.memberId()).get("status").asText()).isEqualTo("paused");
        assertThat(app.postForm(pause, "").statusCode()).isEqualTo(410);
        JsonNode checkIns = Json.reader()
                .readTree(app.admin("GET", "/api/members/" + e.memberId() + "/checkins", null)
                        .body());
        assertThat(checkIns.get("upcoming")).isEmpty();
    }

    @Test
    void expiredForgedAndMisdirectedLinksGetAFriendlyPageAndA4xx() throws Exception {
        Enrolled e = enroll();
        String expired = app.contactLink(
                Links.CONTACT_INVITATION,
                Links.PURPOSE_CONTACT,
                e.memberId(),
                e.contactId(),
                e.contactId(),
                Links.ACTION_RESPOND,
                Instant.now().minusSeconds(5));
        String checkInToken = SchedulerFixture.link(
                        Links.CHECK_IN, Links.PURPOSE_CHECK_IN, e.memberId(), "ci-1", Links.ACTION_ANSWER)
                .substring(Links.CHECK_IN.length());
        String good = SchedulerFixture.link(
                Links.PAUSE, Links.PURPOSE_PAUSE, e.memberId(), Links.SUBJECT_MEMBER, Links.ACTION_PAUSE);
        String forged = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");

        assertThat(app.postForm(expired, "choice=confirm").statusCode()).isEqualTo(410);
        assertThat(app.get(Links.CONTACT_INVITATION + checkInToken).statusCode())
                .isEqualTo(400);
        for (String link : List.of(forged, Links.UNSUBSCRIBE + "x.y", Links.ACKNOWLEDGE + "garbage", good + "=")) {
            HttpResponse<String> r = app.postForm(link, "List-Unsubscribe=One-Click");
            assertThat(r.statusCode()).as(link).isEqualTo(400);
            assertThat(r.body()).contains("This link does not work", "988").doesNotContain("Exception");
        }
        assertThat(contactState(e.memberId())).isEqualTo("invited");
        assertThat(member(e.memberId()).get("status").asText()).isEqualTo("active");
    }

    @Test
    void anInvitationSentToAMistypedAddressNeitherConfirmsNorDeclinesOnceTheAddressIsCorrected() throws Exception {
        Enrolled e = enroll();
        String toTheMistypedAddress = app.invitation(e.memberId(), e.contactId());
        String namingBefore =
                member(e.memberId()).get("contacts").get(0).get("invitationId").asText();

        HttpResponse<String> corrected = app.admin(
                "PATCH",
                "/api/members/" + e.memberId() + "/contacts/" + e.contactId(),
                "{\"email\":\"alex.right@example.org\"}");
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
        JsonNode contact = member(e.memberId()).get("contacts").get(0);
        assertThat(contact.get("state").asText()).isEqualTo("invited");
        assertThat(contact.get("invitationId").asText())
                .as("a new naming, so streams invites the new address")
                .isNotEqualTo(namingBefore);

        HttpResponse<String> shown = app.get(toTheMistypedAddress);
        assertThat(shown.statusCode()).isEqualTo(410);
        assertThat(shown.body()).contains("out of date").doesNotContain("Sam");
        assertThat(app.postForm(toTheMistypedAddress, "choice=confirm").statusCode())
                .isEqualTo(410);
        assertThat(app.postForm(toTheMistypedAddress, "choice=decline").statusCode())
                .isEqualTo(410);
        assertThat(contactState(e.memberId())).isEqualTo("invited");

        String toTheRightAddress = app.invitation(e.memberId(), e.contactId());
        assertThat(app.postForm(toTheRightAddress, "choice=confirm").statusCode())
                .isEqualTo(200);
        assertThat(contactState(e.memberId())).isEqualTo("confirmed");
        assertThat(actionsFor(e.memberId(), 1)).singleElement().isInstanceOf(ContactConfirmed.class);
    }

    @Test
    void narrowingAContactsConsentKeepsTheirAgreementWhileWideningItAsksThemAgain() throws Exception {
        Enrolled e = enroll();
        assertThat(app.postForm(app.invitation(e.memberId(), e.contactId()), "choice=confirm")
                        .statusCode())
                .isEqualTo(200);
        String naming =
                member(e.memberId()).get("contacts").get(0).get("invitationId").asText();
        String path = "/api/members/" + e.memberId() + "/contacts/" + e.contactId();

        assertThat(app.admin("PATCH", path, "{\"consent\":[]}").statusCode()).isEqualTo(200);
        JsonNode narrowed = member(e.memberId()).get("contacts").get(0);
        assertThat(narrowed.get("state").asText()).isEqualTo("confirmed");
        assertThat(narrowed.get("invitationId").asText())
                .as("no new naming, so no new invitation")
                .isEqualTo(naming);

        assertThat(app.admin("PATCH", path, "{\"consent\":[\"use-reported\"]}").statusCode())
                .isEqualTo(200);
        JsonNode widened = member(e.memberId()).get("contacts").get(0);
        assertThat(widened.get("state").asText()).isEqualTo("invited");
        assertThat(widened.get("invitationId").asText()).isNotEqualTo(naming);
    }

    @Test
    void aLinkReSpelledAfterUseIsRefusedAndCannotFlipAConfirmedContact() throws Exception {
        Enrolled e = enroll();
        String link = app.invitation(e.memberId(), e.contactId());
        assertThat(app.postForm(link, "choice=confirm").statusCode()).isEqualTo(200);

        for (String respelled : List.of(link + "=", link + "==", link + "%3D")) {
            HttpResponse<String> replay = app.postForm(respelled, "choice=decline");
            assertThat(replay.statusCode())
                    .as(respelled.substring(link.length()))
                    .isIn(400, 410);
        }
        assertThat(contactState(e.memberId())).isEqualTo("confirmed");
        assertThat(actionsFor(e.memberId(), 1)).singleElement().isInstanceOf(ContactConfirmed.class);
    }

    @Test
    void theLinksInEmailsRevealNeitherTheMemberNorWhatTheyAreFor() throws Exception {
        Enrolled e = enroll();
        String token = app.invitation(e.memberId(), e.contactId()).substring(Links.CONTACT_INVITATION.length());

        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);

        assertThat(decoded)
                .doesNotContain(e.memberId())
                .doesNotContain(e.contactId())
                .doesNotContain("contact")
                .doesNotContain("respond");
    }
}
