package org.aftercare.console.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aftercare.console.audit.AuditEntry;
import org.aftercare.console.audit.AuditQuery;
import org.aftercare.console.notes.StaffNote;
import org.aftercare.console.notes.StaffNotes;
import org.aftercare.console.readmodel.MemberRecord;
import org.aftercare.console.readmodel.MemberRecords;
import org.aftercare.console.scheduler.SchedulerSettings;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.StaffClient;
import org.aftercare.events.Json;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.aftercare.scheduler.testing.StaffTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * The member page's staff notes and member edits against a real scheduler started in process (its
 * admin API on H2, publishing on the same real broker) and the real console (real OIDC provider,
 * H2): the member is made at the scheduler, staff and care team published as the console publishes
 * them ({@link StaffTopics}), and all reach the console over the topics; edits are read back from the scheduler's admin API. The last test stops the scheduler.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemberActionsIT {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    /** A program's own instrument (made-up wording), in the console's folder only. */
    private static final String OWN_CHECK = """
            id: x-own-check
            version: 1
            title: { en: "A few questions" }
            locales: [en]
            optionSets:
              scale: [ { value: 0, label: { en: "no" } }, { value: 1, label: { en: "yes" } } ]
            items:
              - { id: q1, text: { en: "First?" }, options: scale }
            scores:
              - { id: total, items: [q1] }
            """;

    private static SchedulerFixture scheduler;
    private static ConsoleFixture app;
    private static String clinicianA;
    private static String clinicianB;
    private static String member;
    private static String otherMember;

    @BeforeAll
    static void start() throws Exception {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        scheduler = SchedulerFixture.start(SchedulerFixture.env(ConsoleFixture.KAFKA.bootstrapServers()));
        // The console has one definition more than the scheduler (a program's folders out of step): the
        // scheduler refuses a plan that names it.
        java.nio.file.Path definitions = java.nio.file.Files.createTempDirectory("console-definitions-");
        java.nio.file.Files.writeString(definitions.resolve("x-own-check.yaml"), OWN_CHECK);
        app = ConsoleFixture.start(
                false,
                Map.of(
                        SchedulerSettings.URL,
                        scheduler.adminUrl(),
                        SchedulerSettings.TOKEN,
                        SchedulerFixture.TOKEN,
                        org.aftercare.console.ConsoleConfig.QUESTIONNAIRES_DIR,
                        definitions.toString()));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        clinicianA = "clin-a-" + suffix;
        clinicianB = "clin-b-" + suffix;
        putStaff(clinicianA, "Dana Whitfield");
        putStaff(clinicianB, "Lee Park");
        member = scheduler.enroll("EXT-ACT-" + suffix).get("memberId").asText();
        otherMember = scheduler.enroll("EXT-ACT2-" + suffix).get("memberId").asText();
        scheduler.careTeam(member, clinicianA);
        scheduler.careTeam(otherMember, clinicianA);
        MemberRecords records = new MemberRecords(app.console.database(), app.clock);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String id : List.of(member, otherMember)) {
                Optional<MemberRecord> r = records.of(id);
                assertThat(r).isPresent();
                assertThat(r.get().primaryStaffId()).isEqualTo(clinicianA);
            }
        });
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        if (app != null) {
            app.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    /** A clinician as the console publishes staff (issue 12: the scheduler follows staff.directory). */
    private static void putStaff(String staffId, String name) {
        scheduler.staffTopics().stored(StaffTopics.clinician(staffId, name, staffId + "@program.example.org"));
    }

    private static StaffClient signedIn(String staffId, String name, String role) throws Exception {
        StaffClient client = new StaffClient(app.baseUrl());
        app.nextSignIn(staffId, name, List.of(role));
        assertThat(client.signIn("/").statusCode()).isEqualTo(303);
        return client;
    }

    /** The member page's CSRF token (the page must open). */
    private static String csrf(StaffClient client, String memberId) throws Exception {
        HttpResponse<String> page = client.get("/members/" + memberId);
        assertThat(page.statusCode()).isEqualTo(200);
        return URLEncoder.encode(StaffClient.csrfToken(page), StandardCharsets.UTF_8);
    }

    private static JsonNode atScheduler(String memberId) throws Exception {
        HttpResponse<String> r = scheduler.admin("GET", "/api/members/" + memberId, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.reader().readTree(r.body());
    }

    private static List<AuditEntry> audited(String memberId) {
        return app.console.audit().list(AuditQuery.byMember(memberId, 0, 500)).entries();
    }

    private static String form(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.append(b.isEmpty() ? "" : "&")
                    .append(pairs[i])
                    .append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    @Test
    @Order(1)
    void aClinicianAddsANoteShownOnTheTimelineStoredAndAuditedWithoutTheText() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        String token = csrf(a, member);
        String text = "Called, talked about the meeting on Thursday " + UUID.randomUUID();

        HttpResponse<String> added =
                a.postForm("/members/" + member + "/notes", "csrf=" + token + "&" + form("text", text));

        assertThat(added.statusCode()).isEqualTo(303);
        assertThat(StaffClient.location(added)).isEqualTo("/members/" + member + "?done=note#timeline");
        HttpResponse<String> page = a.get("/members/" + member + "?done=note");
        assertThat(page.body())
                .contains("Note added.")
                .contains("kind-staff-note")
                .contains("Staff note by Dana Whitfield")
                .contains(text);
        List<StaffNote> stored = new StaffNotes(app.console.database(), app.clock).of(member, null, null, 10);
        assertThat(stored).singleElement().satisfies(n -> {
            assertThat(n.text()).isEqualTo(text);
            assertThat(n.staffId()).isEqualTo(clinicianA);
            assertThat(n.createdAt()).isEqualTo(app.clock.instant());
        });
        List<AuditEntry> audit = audited(member);
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo("note.add");
            assertThat(e.staffId()).isEqualTo(clinicianA);
            assertThat(e.detail()).isEqualTo(stored.getFirst().noteId());
        });
        assertThat(audit).noneMatch(e -> String.valueOf(e).contains("meeting on Thursday"));
        assertThat(LOGS.list).noneMatch(e -> e.getFormattedMessage().contains("meeting on Thursday"));
    }

    @Test
    @Order(2)
    void anEmptyOrTooLongNoteGetsThe400PageWithTheReasonAndStoresNothing() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        String token = csrf(a, otherMember);

        HttpResponse<String> empty = a.postForm("/members/" + otherMember + "/notes", "csrf=" + token + "&text=++");
        HttpResponse<String> tooLong =
                a.postForm("/members/" + otherMember + "/notes", "csrf=" + token + "&text=" + "x".repeat(2001));
        HttpResponse<String> longest =
                a.postForm("/members/" + otherMember + "/notes", "csrf=" + token + "&text=" + "y".repeat(2000));

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("The note is empty");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("longer than 2000 characters").doesNotContain("xxxx");
        assertThat(longest.statusCode()).isEqualTo(303);
        assertThat(new StaffNotes(app.console.database(), app.clock).of(otherMember, null, null, 10))
                .singleElement()
                .satisfies(n -> assertThat(n.text()).hasSize(2000));
    }

    @Test
    @Order(3)
    void aClinicianPausesSetsAwayAndRecordsAnExitEventAtTheScheduler() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        String token = csrf(a, member);
        LocalDate today = LocalDate.now(ZONE);
        LocalDate until = today.plusDays(14);
        LocalDate exitOn = today.minusDays(2);
        assertThat(atScheduler(member).get("status").asText()).isNotEqualTo("paused");

        HttpResponse<String> paused = a.postForm("/members/" + member + "/pause", "csrf=" + token);
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(303);
        assertThat(StaffClient.location(paused)).isEqualTo("/members/" + member + "?done=pause#actions");
        assertThat(atScheduler(member).get("status").asText()).isEqualTo("paused");

        HttpResponse<String> away = a.postForm(
                "/members/" + member + "/away",
                "csrf=" + token + "&" + form("until", until.toString(), "keepPrompts", "yes"));
        assertThat(away.statusCode()).as(away.body()).isEqualTo(303);
        JsonNode awayAtScheduler = atScheduler(member).get("away");
        assertThat(awayAtScheduler.get("until").asText()).isEqualTo(until.toString());
        assertThat(awayAtScheduler.get("keepPrompts").asBoolean()).isTrue();

        HttpResponse<String> exit = a.postForm(
                "/members/" + member + "/exit-events",
                "csrf=" + token + "&" + form("kind", "stopped-medication", "date", exitOn.toString()));
        assertThat(exit.statusCode()).as(exit.body()).isEqualTo(303);
        assertThat(atScheduler(member).get("exitEvents")).anySatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("stopped-medication");
            assertThat(e.get("date").asText()).isEqualTo(exitOn.toString());
        });

        // The scheduler's update reaches the console's read model over member.profile.
        MemberRecords records = new MemberRecords(app.console.database(), app.clock);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            MemberRecord r = records.of(member).orElseThrow();
            assertThat(r.awayUntil()).isEqualTo(until);
            assertThat(r.latestExitOn()).isEqualTo(exitOn);
        });
        assertThat(audited(member))
                .filteredOn(e -> e.staffId().equals(clinicianA) && "done".equals(e.detail()))
                .extracting(AuditEntry::what)
                .contains("member.pause", "member.away", "member.exit-event");

        HttpResponse<String> cleared = a.postForm("/members/" + member + "/away/clear", "csrf=" + token);
        HttpResponse<String> resumed = a.postForm("/members/" + member + "/resume", "csrf=" + token);
        assertThat(cleared.statusCode()).isEqualTo(303);
        assertThat(resumed.statusCode()).isEqualTo(303);
        JsonNode after = atScheduler(member);
        assertThat(after.get("status").asText()).isNotEqualTo("paused");
        assertThat(after.path("away").isMissingNode() || after.get("away").isNull())
                .as(after.toString())
                .isTrue();
    }

    @Test
    @Order(4)
    void aDateTheSchedulerRefusesShowsItsReasonAndChangesNothing() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        String token = csrf(a, member);
        JsonNode before = atScheduler(member);
        String future = LocalDate.now(ZONE).plusDays(30).toString();

        HttpResponse<String> refused = a.postForm(
                "/members/" + member + "/exit-events",
                "csrf=" + token + "&" + form("kind", "discharge", "date", future));
        HttpResponse<String> unreadable = a.postForm(
                "/members/" + member + "/exit-events",
                "csrf=" + token + "&" + form("kind", "discharge", "date", "31/02/2026"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("The scheduler refused the change")
                .contains("must not be later than tomorrow in the member&#39;s time zone");
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(unreadable.body()).contains("&#39;date&#39; must be the day of the exit event, written YYYY-MM-DD.");
        assertThat(atScheduler(member).get("exitEvents")).isEqualTo(before.get("exitEvents"));
        assertThat(audited(member)).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo("member.exit-event");
            assertThat(e.detail()).isEqualTo("refused-400");
        });
    }

    @Test
    @Order(5)
    void anotherClinicianIsRefusedAndNothingChanges() throws Exception {
        StaffClient b = signedIn(clinicianB, "Lee Park", "clinician");
        HttpResponse<String> home = b.get("/");
        String token = URLEncoder.encode(StaffClient.csrfToken(home), StandardCharsets.UTF_8);
        JsonNode before = atScheduler(member);
        int notes = new StaffNotes(app.console.database(), app.clock)
                .of(member, null, null, 100)
                .size();

        HttpResponse<String> pause = b.postForm("/members/" + member + "/pause", "csrf=" + token);
        HttpResponse<String> note =
                b.postForm("/members/" + member + "/notes", "csrf=" + token + "&" + form("text", "not mine"));
        HttpResponse<String> away = b.postForm(
                "/members/" + member + "/away",
                "csrf=" + token + "&"
                        + form("until", LocalDate.now(ZONE).plusDays(3).toString(), "keepPrompts", "no"));

        assertThat(pause.statusCode()).isEqualTo(403);
        assertThat(pause.body()).contains("not in your care team");
        assertThat(note.statusCode()).isEqualTo(403);
        assertThat(away.statusCode()).isEqualTo(403);
        JsonNode after = atScheduler(member);
        assertThat(after.get("status")).isEqualTo(before.get("status"));
        assertThat(after.get("away")).isEqualTo(before.get("away"));
        assertThat(after.get("revision")).isEqualTo(before.get("revision"));
        assertThat(new StaffNotes(app.console.database(), app.clock).of(member, null, null, 100))
                .hasSize(notes);
        assertThat(audited(member))
                .filteredOn(e -> e.staffId().equals(clinicianB))
                .extracting(AuditEntry::what)
                .contains("member.pause.denied", "note.add.denied", "member.away.denied");
    }

    @Test
    @Order(6)
    void aPostWithoutTheCsrfTokenIsRefusedAndNothingChanges() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        JsonNode before = atScheduler(member);

        HttpResponse<String> pause = a.postForm("/members/" + member + "/pause", "");
        HttpResponse<String> note = a.postForm("/members/" + member + "/notes", form("text", "no token"));

        assertThat(pause.statusCode()).isEqualTo(403);
        assertThat(pause.body()).contains("no security token");
        assertThat(note.statusCode()).isEqualTo(403);
        assertThat(atScheduler(member).get("revision")).isEqualTo(before.get("revision"));
        assertThat(new StaffNotes(app.console.database(), app.clock).of(member, null, null, 100))
                .noneMatch(n -> n.text().equals("no token"));
    }

    @Test
    @Order(7)
    void aMembersNotesAreErasedWithTheProfileTombstone() throws Exception {
        StaffNotes notes = new StaffNotes(app.console.database(), app.clock);
        assertThat(notes.of(otherMember, null, null, 10)).isNotEmpty();

        HttpResponse<String> erased = scheduler.admin("DELETE", "/api/members/" + otherMember, null);

        assertThat(erased.statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(notes.of(otherMember, null, null, 10)).isEmpty());
        assertThat(notes.of(member, null, null, 10)).isNotEmpty();
    }

    @Test
    @Order(10)
    void aClinicianChangesThePlanFromAFormThatOpensWithTheSchedulersRecord() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        JsonNode before = atScheduler(member);
        String firstTime = before.get("plan").get("times").get(0).asText().substring(0, 5);

        HttpResponse<String> form = a.get("/members/" + member + "/plan");

        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body())
                .contains("value=\"" + firstTime)
                .contains("value=\"" + before.get("timeZone").asText() + "\"")
                .contains("<label for=\"plan-times\">");
        String token = URLEncoder.encode(StaffClient.csrfToken(form), StandardCharsets.UTF_8);

        HttpResponse<String> saved = a.postForm(
                "/members/" + member + "/plan",
                "csrf=" + token + "&day-monday=on&day-wednesday=on&"
                        + form(
                                "times", "08:30, 19:00",
                                "timeZone", "America/Chicago",
                                "startDate", before.get("plan").get("startDate").asText(),
                                "endDate", ""));

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(StaffClient.location(saved)).isEqualTo("/members/" + member + "?done=plan");
        JsonNode after = atScheduler(member);
        assertThat(after.get("timeZone").asText()).isEqualTo("America/Chicago");
        assertThat(after.get("plan").get("days").toString()).isEqualTo("[\"MONDAY\",\"WEDNESDAY\"]");
        assertThat(after.get("plan").get("times").toString()).contains("08:30").contains("19:00");
        assertThat(audited(member))
                .filteredOn(e -> e.staffId().equals(clinicianA) && "done".equals(e.detail()))
                .extracting(AuditEntry::what)
                .contains("member.plan.view", "member.plan");
    }

    @Test
    @Order(11)
    void aPlanTheSchedulerRefusesIsShownAgainWithItsReasonBesideTheField() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        String token =
                URLEncoder.encode(StaffClient.csrfToken(a.get("/members/" + member + "/plan")), StandardCharsets.UTF_8);
        JsonNode before = atScheduler(member);

        HttpResponse<String> badTime = a.postForm(
                "/members/" + member + "/plan",
                "csrf=" + token + "&day-friday=on&" + form("times", "25:00", "timeZone", "America/Chicago"));
        HttpResponse<String> noDay = a.postForm(
                "/members/" + member + "/plan",
                "csrf=" + token + "&" + form("times", "09:00", "timeZone", "America/Chicago"));

        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body())
                .contains("id=\"times-error\">must hold times written HH:MM")
                .contains("value=\"25:00\"")
                .contains("aria-invalid=\"true\" aria-describedby=\"times-error\"");
        assertThat(noDay.statusCode()).isEqualTo(400);
        assertThat(noDay.body()).contains("id=\"days-error\">Choose at least one day.");
        assertThat(atScheduler(member).get("revision")).isEqualTo(before.get("revision"));
        assertThat(audited(member))
                .filteredOn(e -> e.what().equals("member.plan"))
                .extracting(AuditEntry::detail)
                .contains("refused-400", "invalid");
    }

    @Test
    @Order(12)
    void contactsAreAddedNarrowedAndRemovedAndAWiderConsentNeedsTheMembersConfirmation() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        HttpResponse<String> page = a.get("/members/" + member + "/contacts");
        assertThat(page.statusCode()).isEqualTo(200);
        String token = URLEncoder.encode(StaffClient.csrfToken(page), StandardCharsets.UTF_8);
        int contactsBefore = atScheduler(member).get("contacts").size();
        String contact = form("name", "Sam Rivera", "email", "sam.rivera@example.org", "relationship", "friend");

        HttpResponse<String> unconfirmed = a.postForm(
                "/members/" + member + "/contacts",
                "csrf=" + token + "&consent-missed-check-ins=on&consent-help-requested=on&" + contact);
        HttpResponse<String> badEmail = a.postForm(
                "/members/" + member + "/contacts",
                "csrf=" + token + "&" + form("name", "Sam Rivera", "email", "not an address"));
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(unconfirmed.body())
                .contains("id=\"add-consented-error\">Confirm that the member gave this consent themselves.")
                .contains("value=\"sam.rivera@example.org\"");
        assertThat(badEmail.statusCode()).isEqualTo(400);
        assertThat(badEmail.body()).contains("id=\"add-email-error\">");
        assertThat(atScheduler(member).get("contacts")).hasSize(contactsBefore);

        HttpResponse<String> added = a.postForm(
                "/members/" + member + "/contacts",
                "csrf=" + token + "&consent-missed-check-ins=on&consent-help-requested=on&memberConsented=yes&"
                        + contact);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
        assertThat(StaffClient.location(added)).isEqualTo("/members/" + member + "/contacts?done=contact-add");
        JsonNode sam = contactAtScheduler("sam.rivera@example.org");
        assertThat(sam.get("state").asText()).isEqualTo("invited");
        assertThat(sam.get("consent").toString()).contains("missed-check-ins").contains("help-requested");
        String samId = sam.get("contactId").asText();
        assertThat(a.get("/members/" + member + "/contacts?done=contact-add").body())
                .contains("Sam Rivera")
                .contains("id=\"done-notice\"");

        HttpResponse<String> wider = a.postForm(
                "/members/" + member + "/contacts/" + samId,
                "csrf=" + token + "&consent-missed-check-ins=on&consent-help-requested=on&consent-use-reported=on&"
                        + contact);
        assertThat(wider.statusCode()).isEqualTo(400);
        assertThat(wider.body()).contains("Confirm that the member gave the added consent themselves.");
        assertThat(contactAtScheduler("sam.rivera@example.org").get("consent")).hasSize(2);

        HttpResponse<String> narrower = a.postForm(
                "/members/" + member + "/contacts/" + samId, "csrf=" + token + "&consent-help-requested=on&" + contact);
        assertThat(narrower.statusCode()).as(narrower.body()).isEqualTo(303);
        assertThat(contactAtScheduler("sam.rivera@example.org").get("consent").toString())
                .isEqualTo("[\"help-requested\"]");

        HttpResponse<String> unticked =
                a.postForm("/members/" + member + "/contacts/" + samId + "/remove", "csrf=" + token);
        assertThat(unticked.statusCode()).isEqualTo(400);
        assertThat(contactAtScheduler("sam.rivera@example.org")).isNotNull();
        HttpResponse<String> removed =
                a.postForm("/members/" + member + "/contacts/" + samId + "/remove", "csrf=" + token + "&confirm=yes");
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(303);
        assertThat(contactAtScheduler("sam.rivera@example.org")).isNull();
        assertThat(audited(member))
                .filteredOn(e -> e.staffId().equals(clinicianA) && "done".equals(e.detail()))
                .extracting(AuditEntry::what)
                .contains(
                        "member.contacts.view", "member.contact.add", "member.contact.update", "member.contact.remove");
        // Identifiers and codes only in the audit: never the contact's name or address.
        assertThat(audited(member))
                .noneMatch(e ->
                        String.valueOf(e.detail()).contains("sam") || e.what().contains("sam"));
    }

    @Test
    @Order(13)
    void anotherClinicianCannotOpenOrChangeThePlanContactsOrDischarge() throws Exception {
        StaffClient b = signedIn(clinicianB, "Lee Park", "clinician");
        String token = URLEncoder.encode(StaffClient.csrfToken(b.get("/")), StandardCharsets.UTF_8);
        JsonNode before = atScheduler(member);

        assertThat(b.get("/members/" + member + "/plan").statusCode()).isEqualTo(403);
        assertThat(b.get("/members/" + member + "/contacts").statusCode()).isEqualTo(403);
        assertThat(b.postForm("/members/" + member + "/discharge", "csrf=" + token + "&confirm=yes")
                        .statusCode())
                .isEqualTo(403);
        assertThat(b.postForm(
                                "/members/" + member + "/plan",
                                "csrf=" + token + "&day-monday=on&" + form("times", "07:00", "timeZone", "UTC"))
                        .statusCode())
                .isEqualTo(403);

        assertThat(atScheduler(member).get("revision")).isEqualTo(before.get("revision"));
        assertThat(audited(member))
                .filteredOn(e -> e.staffId().equals(clinicianB))
                .extracting(AuditEntry::what)
                .contains(
                        "member.plan.view.denied",
                        "member.contacts.view.denied",
                        "member.discharge.denied",
                        "member.plan.denied");
    }

    /** The plan form's fields as the page shows them (the check-in fields, and each questionnaire's). */
    private static String planForm(JsonNode atScheduler, String... questionnaireFields) {
        JsonNode plan = atScheduler.get("plan");
        StringBuilder b = new StringBuilder();
        plan.get("days")
                .forEach(d -> b.append("day-").append(d.asText().toLowerCase()).append("=on&"));
        List<String> times = new java.util.ArrayList<>();
        plan.get("times").forEach(t -> times.add(t.asText().substring(0, 5)));
        b.append(form(
                "times",
                String.join(", ", times),
                "timeZone",
                atScheduler.get("timeZone").asText(),
                "startDate",
                plan.get("startDate").asText(),
                "endDate",
                ""));
        if (questionnaireFields.length > 0) {
            b.append('&').append(form(questionnaireFields));
        }
        return b.toString();
    }

    private static JsonNode questionnairesAtScheduler(String memberId) throws Exception {
        return atScheduler(memberId).get("plan").get("questionnaires");
    }

    @Test
    @Order(14)
    void aClinicianGivesAWeeklyQuestionnaireOnThePlanFormAndItOpensWithItNext() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        HttpResponse<String> opened = a.get("/members/" + member + "/plan");
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.body())
                .contains("<h2 id=\"plan-questionnaires-heading\">Questionnaires</h2>")
                .contains("<legend>Your week (weekly-reflection)</legend>")
                .contains("id=\"q-weekly-reflection-repeat-none\" value=\"none\" checked")
                .contains("<legend>A few questions (x-own-check)</legend>")
                // licensed wording not installed: shown, disabled, with the reason
                .containsPattern(
                        "<fieldset class=\"plan-questionnaire\" id=\"q-phq-9\" data-instrument=\"phq-9\" disabled"
                                + " aria-describedby=\"q-phq-9-reason\">")
                .contains("id=\"q-phq-9-reason\">Not ready to be given: its wording is not installed");
        assertThat(questionnairesAtScheduler(member)).isEmpty();
        String token = URLEncoder.encode(StaffClient.csrfToken(opened), StandardCharsets.UTF_8);
        JsonNode before = atScheduler(member);

        HttpResponse<String> saved = a.postForm(
                "/members/" + member + "/plan",
                "csrf=" + token + "&"
                        + planForm(
                                before,
                                "q-weekly-reflection-repeat",
                                "weekly",
                                "q-weekly-reflection-day",
                                "SUNDAY",
                                "q-weekly-reflection-weeks",
                                "1",
                                "q-weekly-reflection-time",
                                "18:00",
                                "q-x-own-check-repeat",
                                "none"));

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(StaffClient.location(saved)).isEqualTo("/members/" + member + "?done=plan");
        JsonNode questionnaires = questionnairesAtScheduler(member);
        assertThat(questionnaires).hasSize(1);
        assertThat(questionnaires.get(0).get("instrument").asText()).isEqualTo("weekly-reflection");
        assertThat(questionnaires.get(0).get("repeat").asText()).isEqualTo("weekly");
        assertThat(questionnaires.get(0).get("day").asText()).isEqualTo("SUNDAY");
        assertThat(questionnaires.get(0).get("interval").asInt()).isEqualTo(1);
        assertThat(questionnaires.get(0).get("time").asText()).startsWith("18:00");
        assertThat(atScheduler(member).get("plan").get("times"))
                .isEqualTo(before.get("plan").get("times"));

        String again = a.get("/members/" + member + "/plan").body();
        assertThat(again)
                .contains("id=\"q-weekly-reflection-repeat-weekly\" value=\"weekly\" checked")
                .contains("<option value=\"SUNDAY\" selected>Sunday</option>")
                .contains("id=\"q-weekly-reflection-time\" name=\"q-weekly-reflection-time\" value=\"18:00\"");
        assertThat(audited(member))
                .filteredOn(e -> e.what().equals("member.plan") && "done".equals(e.detail()))
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(15)
    void editingOnlyTheTimesKeepsTheQuestionnaires() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        String token =
                URLEncoder.encode(StaffClient.csrfToken(a.get("/members/" + member + "/plan")), StandardCharsets.UTF_8);
        JsonNode given = questionnairesAtScheduler(member);
        assertThat(given).as("set by the test before").hasSize(1);

        // the form as it opened (its questionnaire fields as shown), the times changed
        HttpResponse<String> asShown = a.postForm(
                "/members/" + member + "/plan",
                "csrf=" + token + "&"
                        + planForm(
                                        atScheduler(member),
                                        "q-weekly-reflection-repeat",
                                        "weekly",
                                        "q-weekly-reflection-day",
                                        "SUNDAY",
                                        "q-weekly-reflection-weeks",
                                        "1",
                                        "q-weekly-reflection-time",
                                        "18:00",
                                        "q-x-own-check-repeat",
                                        "none")
                                .replaceFirst(
                                        "times=[^&]*", "times=" + URLEncoder.encode("07:45", StandardCharsets.UTF_8)));
        assertThat(asShown.statusCode()).as(asShown.body()).isEqualTo(303);
        assertThat(atScheduler(member).get("plan").get("times").toString()).contains("07:45");
        assertThat(questionnairesAtScheduler(member)).isEqualTo(given);

        // a form without the questionnaire fields at all (one opened before they were offered)
        HttpResponse<String> timesOnly = a.postForm(
                "/members/" + member + "/plan",
                "csrf=" + token + "&"
                        + planForm(atScheduler(member))
                                .replaceFirst(
                                        "times=[^&]*", "times=" + URLEncoder.encode("08:15", StandardCharsets.UTF_8)));
        assertThat(timesOnly.statusCode()).as(timesOnly.body()).isEqualTo(303);
        assertThat(atScheduler(member).get("plan").get("times").toString()).contains("08:15");
        assertThat(questionnairesAtScheduler(member)).isEqualTo(given);

        // every 14 days instead, then not given: the list at the scheduler follows
        HttpResponse<String> everyDays = a.postForm(
                "/members/" + member + "/plan",
                "csrf=" + token + "&"
                        + planForm(
                                atScheduler(member),
                                "q-weekly-reflection-repeat",
                                "every-days",
                                "q-weekly-reflection-days",
                                "14",
                                "q-weekly-reflection-time",
                                "19:30"));
        assertThat(everyDays.statusCode()).as(everyDays.body()).isEqualTo(303);
        assertThat(questionnairesAtScheduler(member).get(0).get("repeat").asText())
                .isEqualTo("every-days");
        assertThat(questionnairesAtScheduler(member).get(0).get("interval").asInt())
                .isEqualTo(14);
        HttpResponse<String> removed = a.postForm(
                "/members/" + member + "/plan",
                "csrf=" + token + "&" + planForm(atScheduler(member), "q-weekly-reflection-repeat", "none"));
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(303);
        assertThat(questionnairesAtScheduler(member)).isEmpty();
    }

    @Test
    @Order(16)
    void aQuestionnaireTheConsoleOrTheSchedulerRefusesIsShownBesideItsFieldsAndNothingChanges() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        String token =
                URLEncoder.encode(StaffClient.csrfToken(a.get("/members/" + member + "/plan")), StandardCharsets.UTF_8);
        JsonNode before = atScheduler(member);

        HttpResponse<String> badFields = a.postForm(
                "/members/" + member + "/plan",
                "csrf=" + token + "&"
                        + planForm(
                                before,
                                "q-weekly-reflection-repeat",
                                "weekly",
                                "q-weekly-reflection-day",
                                "SUNDAY",
                                "q-weekly-reflection-weeks",
                                "0",
                                "q-weekly-reflection-time",
                                "25:00"));
        HttpResponse<String> notReady = a.postForm(
                "/members/" + member + "/plan",
                "csrf=" + token + "&"
                        + planForm(
                                before, "q-phq-9-repeat", "every-days", "q-phq-9-days", "14", "q-phq-9-time", "09:00"));
        // ready here, unknown at the scheduler: its refusal names plan.questionnaires[1].instrument
        HttpResponse<String> refused = a.postForm(
                "/members/" + member + "/plan",
                "csrf=" + token + "&"
                        + planForm(
                                before,
                                "q-weekly-reflection-repeat",
                                "weekly",
                                "q-weekly-reflection-day",
                                "MONDAY",
                                "q-weekly-reflection-weeks",
                                "2",
                                "q-weekly-reflection-time",
                                "18:00",
                                "q-x-own-check-repeat",
                                "monthly",
                                "q-x-own-check-day-of-month",
                                "3",
                                "q-x-own-check-months",
                                "1",
                                "q-x-own-check-time",
                                "10:00"));

        assertThat(badFields.statusCode()).isEqualTo(400);
        assertThat(badFields.body())
                .contains("id=\"q-weekly-reflection-time-error\">Give the local time it is sent, written HH:MM")
                .contains("value=\"25:00\" aria-invalid=\"true\" aria-describedby=\"q-weekly-reflection-time-error\"")
                .contains("id=\"q-weekly-reflection-weeks-error\">Give the weeks from one to the next")
                .contains("<a href=\"#q-weekly-reflection\">Your week (weekly-reflection): Give the local time");
        assertThat(notReady.statusCode()).isEqualTo(400);
        assertThat(notReady.body()).contains("id=\"q-phq-9-error\">its wording is not installed");
        assertThat(refused.statusCode()).isEqualTo(400);
        String page = refused.body();
        int ownRow = page.indexOf("id=\"q-x-own-check\"");
        int weeklyRow = page.indexOf("id=\"q-weekly-reflection\"");
        int refusal = page.indexOf(
                "id=\"q-x-own-check-error\">The scheduler refused it: is not an instrument of this" + " program");
        assertThat(refusal).as(page).isGreaterThan(ownRow);
        assertThat(ownRow)
                .as("the refusal sits in the row of the instrument at index 1")
                .isGreaterThan(weeklyRow);
        assertThat(page)
                .as("the form as entered")
                .contains("id=\"q-x-own-check-day-of-month\" name=\"q-x-own-check-day-of-month\" value=\"3\"")
                .contains("id=\"q-weekly-reflection-weeks\" name=\"q-weekly-reflection-weeks\" value=\"2\"");
        assertThat(atScheduler(member).get("revision")).isEqualTo(before.get("revision"));
        assertThat(audited(member))
                .filteredOn(e -> e.what().equals("member.plan"))
                .extracting(AuditEntry::detail)
                .contains("invalid", "refused-400");
    }

    @Test
    @Order(19)
    void aDischargeNeedsItsBoxTickedAndIsMadeByTheScheduler() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        String token = csrf(a, member);

        HttpResponse<String> unticked = a.postForm("/members/" + member + "/discharge", "csrf=" + token);
        assertThat(unticked.statusCode()).isEqualTo(400);
        assertThat(unticked.body()).contains("Tick the box to confirm the discharge");
        assertThat(atScheduler(member).get("status").asText()).isNotEqualTo("discharged");

        HttpResponse<String> discharged =
                a.postForm("/members/" + member + "/discharge", "csrf=" + token + "&confirm=yes");
        assertThat(discharged.statusCode()).as(discharged.body()).isEqualTo(303);
        assertThat(atScheduler(member).get("status").asText()).isEqualTo("discharged");
        assertThat(audited(member)).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo("member.discharge");
            assertThat(e.detail()).isEqualTo("done");
        });
    }

    private static JsonNode contactAtScheduler(String email) throws Exception {
        for (JsonNode c : atScheduler(member).get("contacts")) {
            if (email.equals(c.get("email").asText())) {
                return c;
            }
        }
        return null;
    }

    @Test
    @Order(20)
    void aSchedulerThatIsDownGetsThe503PageAndTheActionIsAuditedAsUnavailable() throws Exception {
        StaffClient a = signedIn(clinicianA, "Dana Whitfield", "clinician");
        String token = csrf(a, member);
        scheduler.close();
        scheduler = null;

        HttpResponse<String> pause = a.postForm("/members/" + member + "/pause", "csrf=" + token);

        assertThat(pause.statusCode()).isEqualTo(503);
        assertThat(pause.body()).contains("The scheduler cannot be reached just now, so nothing was changed.");
        assertThat(audited(member)).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo("member.pause");
            assertThat(e.detail()).isEqualTo("unavailable-503");
        });
    }
}
