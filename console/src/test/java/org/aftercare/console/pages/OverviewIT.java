package org.aftercare.console.pages;

import static org.aftercare.console.readmodel.Fixtures.acknowledged;
import static org.aftercare.console.readmodel.Fixtures.answered;
import static org.aftercare.console.readmodel.Fixtures.completed;
import static org.aftercare.console.readmodel.Fixtures.delivered;
import static org.aftercare.console.readmodel.Fixtures.missed;
import static org.aftercare.console.readmodel.Fixtures.raised;
import static org.aftercare.console.readmodel.Fixtures.risk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.console.audit.AuditQuery;
import org.aftercare.console.readmodel.Fixtures;
import org.aftercare.console.readmodel.ProgramOverview;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.StaffClient;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagChange;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.kit.kafka.KafkaSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /overview} over HTTP through the real sign-in (in-process OIDC provider), on a broker
 * of its own (the overview counts every member, so no other test's data may be on the topics) and
 * H2: a small known data set is published on the topics and every figure on the page, the chart's
 * bars included, is the one the data set makes. A clinician gets the 403 page; the view is audited.
 */
class OverviewIT {

    private static EmbeddedKafka kafka;
    private static ConsoleFixture app;

    /** Answered and missed per day, the window's last day (today, 2026-03-02 UTC) at index 29. */
    private static final int[] ANSWERED = new int[ProgramOverview.DAYS];

    private static final int[] MISSED = new int[ProgramOverview.DAYS];

    static {
        ANSWERED[29] = 1; // m1 on 03-02
        ANSWERED[28] = 2; // m2 completed, m2 answered without a status, 03-01
        MISSED[28] = 1; // m1 on 03-01
        ANSWERED[27] = 1; // m3 missed, then answered late: answered only, 02-28
        MISSED[0] = 1; // m4 on 02-01, the window's first day
    }

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        app = ConsoleFixture.start(false, Map.of("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
        publish(app.clock.instant());
        ProgramOverview overview = new ProgramOverview(app.console.database(), app.clock);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(summary(overview.read()))
                        .isEqualTo("members 5, flags 6/2, critical 3, emails 2/1, contacts 2, check-ins 4/2"));
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    private static String summary(ProgramOverview.Overview o) {
        return "members " + o.tiers().total() + ", flags " + o.openFlags() + "/" + o.overdueFlags() + ", critical "
                + o.flags().get(FlagSeverity.CRITICAL).open() + ", emails " + o.emailsFailed() + "/"
                + o.emailsBounced() + ", contacts " + o.contacts().awaiting() + ", check-ins "
                + o.days().stream().mapToInt(ProgramOverview.Day::answered).sum() + "/"
                + o.days().stream().mapToInt(ProgramOverview.Day::missed).sum();
    }

    /** The clock stands at 2026-03-02T09:00Z. */
    private static void publish(Instant now) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                new KafkaSettings(kafka.bootstrapServers(), Topics.DEFAULT_PARTITIONS, (short) 1, Map.of())
                        .clientConfig("overview-it"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            Instant day = now.minus(Duration.ofDays(1));
            // five members with a profile; m1's second revision confirms one of its two invited contacts
            send(producer, Topics.MEMBER_PROFILE, "m1", profile("m1", 1, ContactState.INVITED, ContactState.INVITED));
            send(producer, Topics.MEMBER_PROFILE, "m1", profile("m1", 2, ContactState.INVITED, ContactState.CONFIRMED));
            send(producer, Topics.MEMBER_PROFILE, "m2", profile("m2", 1, ContactState.INVITED));
            send(producer, Topics.MEMBER_PROFILE, "m3", profile("m3", 1, ContactState.DECLINED));
            send(producer, Topics.MEMBER_PROFILE, "m4", profile("m4", 1, ContactState.UNSUBSCRIBED));
            send(producer, Topics.MEMBER_PROFILE, "m5", profile("m5", 1));
            send(
                    producer,
                    Topics.MEMBER_RISK,
                    "m1",
                    risk("m1", RiskTier.VERY_HIGH, LocalDate.parse("2026-03-01"), day));
            send(producer, Topics.MEMBER_RISK, "m2", risk("m2", RiskTier.HIGH, LocalDate.parse("2026-02-20"), day));
            send(producer, Topics.MEMBER_RISK, "m3", risk("m3", RiskTier.HIGH, LocalDate.parse("2026-02-21"), day));
            send(producer, Topics.MEMBER_RISK, "m4", risk("m4", RiskTier.STANDARD, null, day));
            // a member the console has no profile of (never listed, never counted)
            send(producer, Topics.MEMBER_RISK, "ghost", risk("ghost", RiskTier.VERY_HIGH, null, day));

            // flags: critical 3 open (1 overdue), high 2 open (1 overdue), medium 1 open; a resolved
            // high and the ghost's critical are not counted
            send(producer, Topics.CASE_FLAGS, "m1", raised("m1", "f-c-late", FlagSeverity.CRITICAL, ago(now, 20)));
            send(producer, Topics.CASE_FLAGS, "m1", raised("m1", "f-c-new", FlagSeverity.CRITICAL, ago(now, 5)));
            CaseFlag old = raised("m2", "f-c-ack", FlagSeverity.CRITICAL, ago(now, 120));
            send(producer, Topics.CASE_FLAGS, "m2", old);
            send(producer, Topics.CASE_FLAGS, "m2", acknowledged(old, "clin-1", ago(now, 110)));
            send(producer, Topics.CASE_FLAGS, "m2", raised("m2", "f-h-late", FlagSeverity.HIGH, ago(now, 300)));
            send(producer, Topics.CASE_FLAGS, "m3", raised("m3", "f-h-new", FlagSeverity.HIGH, ago(now, 60)));
            send(producer, Topics.CASE_FLAGS, "m4", raised("m4", "f-m", FlagSeverity.MEDIUM, ago(now, 3 * 24 * 60)));
            CaseFlag done = raised("m4", "f-h-done", FlagSeverity.HIGH, ago(now, 600));
            send(producer, Topics.CASE_FLAGS, "m4", done);
            send(producer, Topics.CASE_FLAGS, "m4", resolved(done, ago(now, 500)));
            send(producer, Topics.CASE_FLAGS, "ghost", raised("ghost", "f-g", FlagSeverity.CRITICAL, ago(now, 60)));

            // check-ins by the day they were due
            send(producer, Topics.CHECKIN_STATUS, "m1", completed("m1", "c1", at("2026-03-02T08:00:00Z")));
            send(producer, Topics.CHECKIN_STATUS, "m1", missed("m1", "c2", at("2026-03-01T09:00:00Z")));
            send(producer, Topics.CHECKIN_STATUS, "m1", missed("m1", "c2", at("2026-03-01T09:00:00Z"))); // a replay
            send(producer, Topics.CHECKIN_STATUS, "m2", completed("m2", "c3", at("2026-03-01T10:00:00Z")));
            send(
                    producer,
                    Topics.CHECKIN_RESPONSES,
                    "m2",
                    answered("m2", "c4", AnswerStatus.OK, 2, 4, null, at("2026-03-01T12:00:00Z")));
            send(producer, Topics.CHECKIN_STATUS, "m3", missed("m3", "c5", at("2026-02-28T09:00:00Z")));
            send(producer, Topics.CHECKIN_STATUS, "m3", completed("m3", "c5", at("2026-02-28T09:00:00Z")));
            send(producer, Topics.CHECKIN_STATUS, "m4", missed("m4", "c6", at("2026-02-01T00:30:00Z")));
            send(producer, Topics.CHECKIN_STATUS, "m4", missed("m4", "c7", at("2026-01-31T23:30:00Z"))); // before
            send(producer, Topics.CHECKIN_STATUS, "ghost", missed("ghost", "c8", at("2026-03-01T09:00:00Z")));

            // emails: 2 failed and 1 bounced in the last 7 days; an older bounce and a sent one are not counted
            send(producer, Topics.OUTREACH_DELIVERIES, "m1", delivered("m1", "n1", DeliveryOutcome.BOUNCED, day));
            send(
                    producer,
                    Topics.OUTREACH_DELIVERIES,
                    "m2",
                    delivered("m2", "n2", DeliveryOutcome.FAILED, ago(now, 2 * 1440)));
            send(
                    producer,
                    Topics.OUTREACH_DELIVERIES,
                    "m2",
                    delivered("m2", "n3", DeliveryOutcome.FAILED, ago(now, 6 * 1440)));
            send(
                    producer,
                    Topics.OUTREACH_DELIVERIES,
                    "m3",
                    delivered("m3", "n4", DeliveryOutcome.BOUNCED, ago(now, 8 * 1440)));
            send(producer, Topics.OUTREACH_DELIVERIES, "m4", delivered("m4", "n5", DeliveryOutcome.SENT, day));
        }
    }

    private static Instant ago(Instant now, long minutes) {
        return now.minus(Duration.ofMinutes(minutes));
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static MemberProfile profile(String memberId, long revision, ContactState... states) {
        MemberProfile p =
                Fixtures.profile(memberId, revision, "Name" + memberId, "EXT-" + memberId, at("2026-03-01T00:00:00Z"));
        List<SupportContact> contacts = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            contacts.add(new SupportContact(
                    "contact-" + i,
                    "Contact " + i,
                    "contact" + i + "@example.org",
                    "friend",
                    Set.of(ConsentScope.MISSED_CHECK_INS),
                    states[i]));
        }
        return new MemberProfile(
                p.eventId(),
                p.schemaVersion(),
                p.occurredAt(),
                p.memberId(),
                p.revision(),
                p.externalId(),
                p.firstName(),
                p.email(),
                p.timeZone(),
                p.locale(),
                p.status(),
                p.treatmentEndedOn(),
                p.recoveryStartDate(),
                p.plan(),
                p.copingPlan(),
                contacts,
                p.preferences(),
                p.exitEvents(),
                p.away());
    }

    private static CaseFlag resolved(CaseFlag flag, Instant at) {
        return new CaseFlag(
                flag.flagId() + ":" + (flag.change() + 1),
                CaseFlag.SCHEMA_VERSION,
                at,
                flag.memberId(),
                flag.flagId(),
                flag.change() + 1,
                FlagChange.RESOLVED,
                flag.severity(),
                FlagState.RESOLVED,
                flag.reasons(),
                flag.evidence(),
                flag.categories(),
                flag.raisedAt(),
                at,
                flag.alerted(),
                null,
                null,
                null,
                null,
                "clin-1",
                at,
                FlagOutcome.REACHED_SAFE);
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<V> topic, String key, V value)
            throws Exception {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        producer.send(new ProducerRecord<>(topic.name(), key, bytes)).get();
    }

    private StaffClient signedIn(String staffId, String name, String role) throws Exception {
        StaffClient client = new StaffClient(app.baseUrl());
        app.nextSignIn(staffId, name, List.of(role));
        assertThat(client.signIn("/").statusCode()).isEqualTo(303);
        return client;
    }

    private static String cell(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    private static int[] bars(String svg, String kind) {
        Matcher m = Pattern.compile("<rect class=\"point " + kind + "\"[^>]* data-value=\"(\\d+)\"")
                .matcher(svg);
        List<Integer> values = new ArrayList<>();
        while (m.find()) {
            values.add(Integer.parseInt(m.group(1)));
        }
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void aSupervisorSeesEveryFigureOfTheDataSetAndTheViewIsAudited() throws Exception {
        StaffClient sup = signedIn("sup-1", "Sam Ortiz", "supervisor");

        HttpResponse<String> page = sup.get("/overview");

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body)
                .contains("<title>Program overview · Outreach console</title>")
                .contains("<a href=\"/overview\">Program overview</a>");
        // members by tier
        assertThat(cell(body, "id=\"member-total\">(\\d+)<")).isEqualTo("5");
        assertThat(cell(body, "data-tier=\"very-high\"><th scope=\"row\">very-high</th><td>(\\d+)<"))
                .isEqualTo("1");
        assertThat(cell(body, "data-tier=\"high\"><th scope=\"row\">high</th><td>(\\d+)<"))
                .isEqualTo("2");
        assertThat(cell(body, "data-tier=\"standard\"><th scope=\"row\">standard</th><td>(\\d+)<"))
                .isEqualTo("1");
        assertThat(cell(body, "data-tier=\"none\"><th scope=\"row\">none</th><td>(\\d+)<"))
                .isEqualTo("1");
        // flags
        assertThat(cell(body, "id=\"open-flags\">(\\d+)<")).isEqualTo("6");
        assertThat(cell(body, "id=\"overdue-flags\">(\\d+)<")).isEqualTo("2");
        assertThat(cell(body, "data-severity=\"critical\">.*?class=\"open\">(\\d+)<"))
                .isEqualTo("3");
        assertThat(cell(body, "data-severity=\"critical\">.*?class=\"overdue\">(\\d+)<"))
                .isEqualTo("1");
        assertThat(cell(body, "data-severity=\"high\">.*?class=\"open\">(\\d+)<"))
                .isEqualTo("2");
        assertThat(cell(body, "data-severity=\"high\">.*?class=\"overdue\">(\\d+)<"))
                .isEqualTo("1");
        assertThat(cell(body, "data-severity=\"medium\">.*?class=\"open\">(\\d+)<"))
                .isEqualTo("1");
        assertThat(cell(body, "data-severity=\"medium\">.*?class=\"overdue\">([^<]+)<"))
                .isEqualTo("n/a");
        assertThat(body).contains("15 minutes after a critical flag was raised, 4 hours after a high one");
        // emails and contacts
        assertThat(cell(body, "id=\"emails-failed\">(\\d+)<")).isEqualTo("2");
        assertThat(cell(body, "id=\"emails-bounced\">(\\d+)<")).isEqualTo("1");
        assertThat(cell(body, "id=\"contacts-awaiting\">(\\d+)<")).isEqualTo("2");
        assertThat(cell(body, "id=\"contact-members\">(\\d+)<")).isEqualTo("2");
        // the chart: one answered and one missed bar per day, the data set's values, accessible
        String svg = cell(body, "(<svg [^>]*id=\"checkins-per-day\".*?</svg>)");
        assertThat(svg)
                .contains("role=\"img\"")
                .contains(
                        "aria-label=\"Check-ins answered and missed per day over the last 30 days: 4 answered, 2 missed\"");
        assertThat(bars(svg, "answered")).containsExactly(ANSWERED);
        assertThat(bars(svg, "missed")).containsExactly(MISSED);
        // the table beside it: the same figures, day by day
        LocalDate first = LocalDate.parse("2026-02-01");
        for (int i = 0; i < ProgramOverview.DAYS; i++) {
            String day = first.plusDays(i).toString();
            assertThat(cell(body, "data-day=\"" + day + "\">.*?class=\"answered\">(\\d+)<"))
                    .as(day)
                    .isEqualTo(Integer.toString(ANSWERED[i]));
            assertThat(cell(body, "data-day=\"" + day + "\">.*?class=\"missed\">(\\d+)<"))
                    .as(day)
                    .isEqualTo(Integer.toString(MISSED[i]));
        }
        assertThat(body).doesNotContain("data-day=\"2026-01-31\"").doesNotContain("data-day=\"2026-03-03\"");
        // no member named on the page
        assertThat(body).doesNotContain("Namem1").doesNotContain("EXT-m1");

        assertThat(app.console.audit().list(AuditQuery.byStaff("sup-1", 0, 100)).entries())
                .anySatisfy(e -> {
                    assertThat(e.what()).isEqualTo("overview.view");
                    assertThat(e.memberId()).isNull();
                    assertThat(e.staffId()).isEqualTo("sup-1");
                });
    }

    @Test
    void anAdminSeesTheOverviewAndAClinicianGetsThe403Page() throws Exception {
        assertThat(signedIn("admin-1", "Ada Admin", "admin").get("/overview").statusCode())
                .isEqualTo(200);

        StaffClient clinician = signedIn("clin-1", "Dana Whitfield", "clinician");
        HttpResponse<String> refused = clinician.get("/overview");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("This page is for").doesNotContain("id=\"member-total\"");
        assertThat(clinician.get("/").body()).doesNotContain("href=\"/overview\"");
        assertThat(app.console
                        .audit()
                        .list(AuditQuery.byStaff("clin-1", 0, 100))
                        .entries())
                .noneMatch(e -> e.what().equals("overview.view"));
    }
}
