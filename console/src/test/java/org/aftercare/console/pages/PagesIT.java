package org.aftercare.console.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.console.audit.AuditEntry;
import org.aftercare.console.audit.AuditQuery;
import org.aftercare.console.readmodel.Fixtures;
import org.aftercare.console.readmodel.MemberRecords;
import org.aftercare.console.testing.CaseloadData;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.StaffClient;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.staff.FlagAcknowledged;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.kit.kafka.KafkaSettings;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The pages over HTTP against the real console (real OIDC provider, real broker, H2): the caseload
 * is scoped to the clinician's care teams and refuses bad query values with the reason; a flag
 * action without or with a wrong CSRF token is refused and publishes nothing; a resubmitted form
 * is one action; another clinician gets the 403 page, audited; the audit page is for supervisors
 * and exports CSV.
 */
class PagesIT {

    private static final Pattern NONCE = Pattern.compile(
            "name=\"action\" value=\"acknowledge\">\\s*<input type=\"hidden\" name=\"nonce\" value=\"([^\"]+)\"");

    private static ConsoleFixture app;
    private static CaseloadData data;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        app = ConsoleFixture.start();
        data = new CaseloadData().publish(app);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        if (app != null) {
            app.close();
        }
    }

    /** No log line holds the member's note, first name or program id (ids only). */
    private static void assertNoMemberDataLogged() {
        List<String> lines = LOGS.list.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : e.getThrowableProxy().getMessage()))
                .toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines)
                .noneMatch(l -> l.contains(data.note)
                        || l.contains(data.memberName)
                        || l.contains(data.externalId)
                        || l.contains(data.otherExternalId));
    }

    private StaffClient signedIn(String staffId, String name, String role) throws Exception {
        StaffClient client = new StaffClient(app.baseUrl());
        app.nextSignIn(staffId, name, List.of(role));
        HttpResponse<String> back = client.signIn("/");
        assertThat(back.statusCode()).isEqualTo(303);
        return client;
    }

    @Test
    void theCaseloadListsOnlyTheClinicansMembersAndASupervisorFindsAnyone() throws Exception {
        StaffClient a = signedIn(data.clinicianA, "Dana Whitfield", "clinician");

        HttpResponse<String> own = a.get("/");

        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body())
                .contains("href=\"/members/" + data.member + "\"")
                .contains(data.externalId)
                .contains("very-high")
                .contains("1 critical")
                .doesNotContain(data.otherMember)
                .contains("1 member(s)");

        StaffClient sup = signedIn(data.supervisor, "Sam Ortiz", "supervisor");
        HttpResponse<String> found = sup.get("/?q=" + data.otherExternalId.toLowerCase());
        assertThat(found.body())
                .contains("href=\"/members/" + data.otherMember + "\"")
                .doesNotContain(data.member + "\"");
        HttpResponse<String> flagged = sup.get("/?q=EXT-&open=1&tier=very-high");
        assertThat(flagged.body()).contains(data.member).doesNotContain(data.otherMember);
    }

    @Test
    void badQueryValuesGetThe400PageWithTheReason() throws Exception {
        StaffClient a = signedIn(data.clinicianA, "Dana Whitfield", "clinician");

        HttpResponse<String> tier = a.get("/?tier=extreme");
        HttpResponse<String> page = a.get("/?page=0");
        HttpResponse<String> cursor = a.get("/members/" + data.member + "?to=yesterday");

        assertThat(tier.statusCode()).isEqualTo(400);
        assertThat(tier.body()).contains("&#39;tier&#39; must be one of very-high, high, standard.");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("must be a whole number from 1 to 1000000");
        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(cursor.body()).contains("must be an instant");
    }

    @Test
    void anotherClinicianGetsThe403PageAndTheRefusalIsAudited() throws Exception {
        StaffClient b = signedIn(data.clinicianB, "Lee Park", "clinician");

        HttpResponse<String> page = b.get("/members/" + data.member);

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body())
                .contains("not in your care team")
                .doesNotContain(data.note)
                .doesNotContain(data.externalId);
        List<AuditEntry> byB = app.console
                .audit()
                .list(AuditQuery.byStaff(data.clinicianB, 0, 100))
                .entries();
        assertThat(byB).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo("member.view.denied");
            assertThat(e.memberId()).isEqualTo(data.member);
        });
    }

    @Test
    void aFlagActionWithoutOrWithAWrongCsrfTokenIsRefusedAndPublishesNothingAndAResubmitIsOneAction() throws Exception {
        StaffClient a = signedIn(data.clinicianA, "Dana Whitfield", "clinician");
        HttpResponse<String> member = a.get("/members/" + data.member);
        assertThat(member.statusCode()).isEqualTo(200);
        String csrf = StaffClient.csrfToken(member);
        Matcher m = NONCE.matcher(member.body());
        assertThat(m.find()).isTrue();
        String nonce = m.group(1);
        String path = "/members/" + data.member + "/flags/" + data.flagId;

        try (TopicProbe<StaffActionEvent> probe = new TopicProbe<>(app.bootstrapServers(), Topics.STAFF_ACTIONS)) {
            HttpResponse<String> none = a.postForm(path, "action=acknowledge&nonce=" + nonce);
            HttpResponse<String> wrong =
                    a.postForm(path, "action=acknowledge&nonce=" + nonce + "&csrf=not-the-token-of-this-session");

            assertThat(none.statusCode()).isEqualTo(403);
            assertThat(none.body()).contains("no security token");
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.body()).contains("did not match your session");
            assertThat(probe.pollFor(Duration.ofSeconds(3))).noneMatch(r -> data.member.equals(r.key()));

            String form =
                    "action=acknowledge&nonce=" + nonce + "&csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
            HttpResponse<String> first = a.postForm(path, form);
            HttpResponse<String> again = a.postForm(path, form);

            assertThat(first.statusCode()).isEqualTo(303);
            assertThat(StaffClient.location(first)).isEqualTo("/members/" + data.member + "?sent=acknowledge#flags");
            assertThat(again.statusCode()).isEqualTo(303);
            List<StaffActionEvent> sent = probe.pollFor(Duration.ofSeconds(3)).stream()
                    .filter(r -> data.member.equals(r.key()))
                    .map(r -> r.value())
                    .toList();
            assertThat(sent).hasSize(2).allSatisfy(e -> {
                assertThat(e).isInstanceOf(FlagAcknowledged.class);
                assertThat(e.staffId()).isEqualTo(data.clinicianA);
                assertThat(e.flagId()).isEqualTo(data.flagId);
            });
            assertThat(sent.stream().map(StaffActionEvent::eventId).distinct()).hasSize(1);
        }
        assertThat(LOGS.list).anyMatch(e -> e.getFormattedMessage().contains("sent flag.acknowledged:"));
        assertNoMemberDataLogged();
        HttpResponse<String> badOutcome = a.postForm(
                path,
                "action=resolve&outcome=fine&nonce=" + nonce + "&csrf="
                        + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
        assertThat(badOutcome.statusCode()).isEqualTo(400);
        assertThat(badOutcome.body()).contains("Choose an outcome");
    }

    @Test
    void theAuditPageIsForSupervisorsAndExportsCsv() throws Exception {
        StaffClient a = signedIn(data.clinicianA, "Dana Whitfield", "clinician");
        assertThat(a.get("/members/" + data.member).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = a.get("/audit?member=" + data.member);
        HttpResponse<String> refusedCsv = a.get("/audit.csv?member=" + data.member);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("This page is for");
        assertThat(refusedCsv.statusCode()).isEqualTo(403);

        StaffClient sup = signedIn(data.supervisor, "Sam Ortiz", "supervisor");
        HttpResponse<String> page = sup.get("/audit?member=" + data.member);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("member.view")
                .contains("Dana Whitfield")
                .contains(data.clinicianA);

        HttpResponse<String> csv = sup.get("/audit.csv?member=" + data.member);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).get().asString().startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition"))
                .get()
                .asString()
                .contains("attachment");
        assertThat(csv.body().lines().findFirst()).contains("at,staff_id,member_id,what,from,detail");
        List<CSVRecord> rows;
        try (CSVParser parser = CSVParser.parse(
                csv.body(),
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get())) {
            rows = parser.getRecords();
        }
        long views = app.console
                .audit()
                .list(AuditQuery.byMember(data.member, 0, 1000))
                .total();
        // every row about the member, the export's own row included (it is written before the rows are read)
        assertThat(rows).hasSize((int) views);
        assertThat(rows).anySatisfy(r -> assertThat(r.get("what")).isEqualTo("audit.export"));
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("staff_id")).isEqualTo(data.clinicianA);
            assertThat(r.get("member_id")).isEqualTo(data.member);
            assertThat(r.get("what")).isEqualTo("member.view");
            assertThat(r.get("from")).isEqualTo("127.0.0.1");
        });
        assertThat(sup.get("/audit.csv").statusCode()).isEqualTo(400);
        assertThat(sup.get("/audit?member=a&staff=b").statusCode()).isEqualTo(400);
    }

    @Test
    void theTimelineIsPagedByTheToCursor() throws Exception {
        StaffClient a = signedIn(data.clinicianA, "Dana Whitfield", "clinician");
        // the missed check-in was settled six hours after it was due, two days ago
        String before = app.clock
                .instant()
                .minus(Duration.ofDays(2))
                .plus(Duration.ofHours(7))
                .toString();

        HttpResponse<String> all = a.get("/members/" + data.member);
        HttpResponse<String> older = a.get("/members/" + data.member + "?to=" + before);

        assertThat(all.body())
                .contains("Answered: struggling, craving 7, mood 2")
                .contains(data.note);
        assertThat(older.statusCode()).isEqualTo(200);
        assertThat(older.body())
                .contains("Check-in missed")
                .contains("Answered: ok, craving 3, mood 4")
                .doesNotContain("Answered: struggling")
                .doesNotContain(data.note)
                .contains("href=\"/members/" + data.member + "#timeline\">Newest</a>");
        assertNoMemberDataLogged();
    }

    @Test
    void rowsSharingThePageBoundaryTimeAreNeitherLostNorShownTwice() throws Exception {
        Instant at = app.clock.instant().minus(Duration.ofHours(5));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                new KafkaSettings(app.bootstrapServers(), Topics.DEFAULT_PARTITIONS, (short) 1, Map.of())
                        .clientConfig("pages-it-ties"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 70; i++) {
                var report =
                        Fixtures.delivered(data.otherMember, "n-" + i + "-" + data.suffix, DeliveryOutcome.SENT, at);
                producer.send(new ProducerRecord<>(
                                Topics.OUTREACH_DELIVERIES.name(),
                                data.otherMember,
                                Topics.OUTREACH_DELIVERIES
                                        .valueSerde()
                                        .serializer()
                                        .serialize(Topics.OUTREACH_DELIVERIES.name(), report)))
                        .get();
            }
        }
        MemberRecords records = new MemberRecords(app.console.database(), app.clock);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        records.timeline(data.otherMember, null, null, 1000).size() >= 70);
        int total = records.timeline(data.otherMember, null, null, 1000).size();
        StaffClient b = signedIn(data.clinicianB, "Lee Park", "clinician");

        List<String> seen = new ArrayList<>();
        String next = "/members/" + data.otherMember;
        int pages = 0;
        while (next != null && pages++ < 10) {
            HttpResponse<String> page = b.get(next);
            assertThat(page.statusCode()).isEqualTo(200);
            Matcher rows = Pattern.compile("<tr class=\"event [^\"]*\"><td>([^<]*)</td><td>([^<]*)</td>")
                    .matcher(page.body());
            while (rows.find()) {
                seen.add(rows.group(1) + " " + rows.group(2));
            }
            Matcher older =
                    Pattern.compile("href=\"([^\"]+)\" id=\"timeline-older\"").matcher(page.body());
            next = older.find()
                    ? older.group(1)
                            .replace("&amp;", "&")
                            .replace("&#x3D;", "=")
                            .replace("#timeline", "")
                    : null;
        }

        assertThat(pages).isEqualTo(2);
        assertThat(seen).hasSize(total);
        assertThat(seen.stream().filter(r -> r.contains("Email checkin-prompt to member: sent")))
                .hasSize(70);
    }

    @Test
    void theFlagQueueShowsTheCountInTheTitleAndRefreshesItself() throws Exception {
        StaffClient a = signedIn(data.clinicianA, "Dana Whitfield", "clinician");

        HttpResponse<String> queue = a.get("/flags");

        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat(queue.body())
                .contains("<title>Flags (1 open) · Outreach console</title>")
                .contains("<meta http-equiv=\"refresh\" content=\"30\">")
                .contains("href=\"/members/" + data.member + "#flags\"")
                .contains("critical");
        assertThat(signedIn(data.clinicianB, "Lee Park", "clinician")
                        .get("/flags")
                        .body())
                .contains("Flags (0 open)");
    }
}
