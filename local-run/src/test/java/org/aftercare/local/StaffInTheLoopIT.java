package org.aftercare.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagEvent;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.outreach.DeliveryEvent;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.risk.MemberRisk;
import org.aftercare.events.risk.RiskEvent;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.scheduler.testing.StaffTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 end to end, on the real broker, SMTP server and the three services: program staff in
 * the loop. A member in the very-high tier (discharged today) who misses one check-in reaches their
 * primary staff member with one flag email; "I need help now" reaches the care team, on-call and
 * every consenting confirmed contact with one email each, at once, and the member the crisis
 * lines; a flag acknowledged through the email's link moves on to nobody. Acknowledgement timeouts
 * are shortened so "moves on to nobody" is observable within the test.
 */
class StaffInTheLoopIT {

    private static final Pattern CHECK_IN_LINK = Pattern.compile("http://localhost:\\d+/c/[A-Za-z0-9_.-]+");
    private static final Pattern INVITATION_LINK = Pattern.compile("http://localhost:\\d+/i/[A-Za-z0-9_.-]+");
    private static final Pattern FLAG_LINK = Pattern.compile("http://localhost:\\d+/f/[A-Za-z0-9_.-]+");
    private static final String ON_CALL = "on-call@outreach.local";
    private static final String DISCLOSURE_NOTICE_WORDS = "42 CFR part 2";
    private static final Duration FLAG_ACK_TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalPipeline pipeline;
    private static StaffTopics staffTopics;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("staff-e2e-");
        pipeline = LocalPipeline.start(new LocalPipeline.Options(
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                "staff-e2e-admin-token-" + UUID.randomUUID(),
                Duration.ofMinutes(5),
                Duration.ofSeconds(8),
                Duration.ofSeconds(16),
                dataDir,
                Map.of(
                        "OUTREACH_FLAG_ACK_TIMEOUT_CRITICAL", FLAG_ACK_TIMEOUT.toSeconds() + "s",
                        "OUTREACH_FLAG_ACK_TIMEOUT_HIGH", FLAG_ACK_TIMEOUT.toSeconds() + "s")));
        staffTopics = new StaffTopics(pipeline.kafka().bootstrapServers(), pipeline.scheduler());
    }

    @AfterAll
    static void stop() {
        if (staffTopics != null) {
            staffTopics.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        LocalPipeline.wipe(dataDir);
    }

    @Test
    void aVeryHighTierMemberWhoMissesOneCheckInReachesThePrimaryStaffMemberOnceAndAnAcknowledgedFlagMovesOnToNobody()
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // The second staff member takes high flags by digest: they hear of this one at once only if it moves on.
        String primary = staff("miss-primary-" + run, "immediately");
        String second = staff("miss-second-" + run, "daily-digest");
        String member = enroll("""
                {"externalId":"E2E-VH-%s","firstName":"Robin","email":"robin-%s@example.org","timeZone":"America/Denver",
                 "plan":{"times":["09:00"]},"preferences":{"quietHoursStart":"00:00","quietHoursEnd":"00:00"},
                 "exitEvents":[{"kind":"discharge","date":"%s"}]}
                """.formatted(run, run, LocalDate.now(ZoneId.of("America/Denver"))));
        careTeam(member, primary, second);

        try (TopicProbe<DeliveryEvent> deliveries =
                        new TopicProbe<>(pipeline.kafka().bootstrapServers(), Topics.OUTREACH_DELIVERIES);
                TopicProbe<RiskEvent> risks =
                        new TopicProbe<>(pipeline.kafka().bootstrapServers(), Topics.MEMBER_RISK);
                TopicProbe<FlagEvent> flags =
                        new TopicProbe<>(pipeline.kafka().bootstrapServers(), Topics.CASE_FLAGS)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> risks.valuesFor(member).stream()
                            .map(MemberRisk.class::cast)
                            .anyMatch(r -> r.tier() == RiskTier.VERY_HIGH));

            // The member stays silent: one miss in the very-high tier is a high flag for the primary staff member.
            MimeMessage flagEmail = onlyMail(deliveries, member, OutreachKind.STAFF_FLAG, email(primary));
            String text = part(flagEmail, "text/plain");
            assertThat(text).contains("Robin", "E2E-VH-" + run, DISCLOSURE_NOTICE_WORDS);
            assertThat(flagEmail.getSubject()).doesNotContain("Robin", "E2E-VH-");
            CaseFlag raised = latestFlag(flags, member);
            assertThat(raised.severity()).isEqualTo(FlagSeverity.HIGH);
            assertThat(raised.reasons()).contains(FlagReason.MISSED_IN_VERY_HIGH_TIER);

            // Acknowledged through the link: the flag moves on to nobody (unacknowledged, it would go to the
            // second staff member after the timeout, then on-call), even well past its timeout.
            HttpResponse<String> ack = post(linkIn(flagEmail, FLAG_LINK), "action=acknowledge");
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> latestFlag(flags, member).state() == FlagState.ACKNOWLEDGED);
            assertThat(latestFlag(flags, member).acknowledgedBy()).isEqualTo(primary);
            await().during(FLAG_ACK_TIMEOUT.plusSeconds(10))
                    .atMost(FLAG_ACK_TIMEOUT.plusSeconds(30))
                    .until(() -> mailsOfKind(deliveries, member, OutreachKind.STAFF_FLAG, email(second))
                                    .isEmpty()
                            && mailsOfKind(deliveries, member, OutreachKind.STAFF_FLAG, ON_CALL)
                                    .isEmpty());
            assertThat(mailsOfKind(deliveries, member, OutreachKind.STAFF_FLAG, email(primary)))
                    .hasSize(1);
        }
    }

    @Test
    void needHelpNowReachesTheCareTeamOnCallAndEveryConsentingConfirmedContactOnceEachAtOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String primary = staff("help-primary-" + run, "immediately");
        String second = staff("help-second-" + run, "daily-digest");
        String jordan = "jordan-" + run + "@example.org";
        String alex = "alex-" + run + "@example.org";
        String kim = "kim-" + run + "@example.org";
        String memberEmail = "casey-" + run + "@example.org";
        String member = enroll("""
                {"externalId":"E2E-HELP-%s","firstName":"Casey","email":"%s","timeZone":"America/Denver",
                 "plan":{"times":["09:00"]},"preferences":{"quietHoursStart":"00:00","quietHoursEnd":"00:00"},
                 "contacts":[{"name":"Jordan","email":"%s","relationship":"sister","consent":["help-requested"]},
                             {"name":"Alex","email":"%s","relationship":"sponsor","consent":["help-requested","missed-check-ins"]},
                             {"name":"Kim","email":"%s","relationship":"friend","consent":["missed-check-ins"]}]}
                """.formatted(run, memberEmail, jordan, alex, kim));
        careTeam(member, primary, second);

        try (TopicProbe<DeliveryEvent> deliveries =
                new TopicProbe<>(pipeline.kafka().bootstrapServers(), Topics.OUTREACH_DELIVERIES)) {
            // Every contact confirms from their invitation; Kim's consent does not cover a request for help.
            for (String contact : List.of(jordan, alex, kim)) {
                MimeMessage invitation = onlyMail(deliveries, member, OutreachKind.CONTACT_INVITATION, contact);
                HttpResponse<String> confirmed = post(linkIn(invitation, INVITATION_LINK), "choice=confirm");
                assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
            }

            MimeMessage prompt = onlyMail(deliveries, member, OutreachKind.CHECK_IN_PROMPT, memberEmail);
            HttpResponse<String> needHelp = post(linkIn(prompt, CHECK_IN_LINK), "status=need-help");
            assertThat(needHelp.statusCode()).isEqualTo(200);
            assertThat(needHelp.body()).contains("988");

            MimeMessage crisis = onlyMail(deliveries, member, OutreachKind.CRISIS_SUPPORT, memberEmail);
            assertThat(part(crisis, "text/plain")).contains("988", "1-800-662-4357");
            // Both consenting contacts at once: the escalation's acknowledgement timeout (2 h) never passes here.
            for (String contact : List.of(jordan, alex)) {
                MimeMessage alert = onlyMail(deliveries, member, OutreachKind.ESCALATION_ALERT, contact);
                assertThat(part(alert, "text/plain")).contains("Casey", DISCLOSURE_NOTICE_WORDS);
            }
            MimeMessage toPrimary = onlyMail(deliveries, member, OutreachKind.STAFF_FLAG, email(primary));
            onlyMail(deliveries, member, OutreachKind.STAFF_FLAG, email(second));
            onlyMail(deliveries, member, OutreachKind.STAFF_FLAG, ON_CALL);
            assertThat(part(toPrimary, "text/plain")).contains("Casey", "E2E-HELP-" + run, DISCLOSURE_NOTICE_WORDS);
            assertThat(mailTo(kim))
                    .as("Kim did not consent to hear of a request for help")
                    .hasSize(1);

            // The primary takes it on; nobody hears of it twice, even past the critical flag's timeout.
            assertThat(post(linkIn(toPrimary, FLAG_LINK), "action=acknowledge").statusCode())
                    .isEqualTo(200);
            await().during(FLAG_ACK_TIMEOUT.plusSeconds(10))
                    .atMost(FLAG_ACK_TIMEOUT.plusSeconds(30))
                    .until(() -> Set.of(email(primary), email(second), ON_CALL).stream()
                            .allMatch(to -> mailsOfKind(deliveries, member, OutreachKind.STAFF_FLAG, to)
                                            .size()
                                    == 1));
            for (String contact : List.of(jordan, alex)) {
                assertThat(mailsOfKind(deliveries, member, OutreachKind.ESCALATION_ALERT, contact))
                        .hasSize(1);
            }
        }
    }

    private static String email(String staffId) {
        return staffId + "@outreach.local";
    }

    /**
     * A clinician who hears of high flags as {@code high} says (critical flags always come at once),
     * published as the console publishes staff; the scheduler holds it once this returns.
     */
    private static String staff(String staffId, String high) {
        long revision = StaffTopics.nextRevision();
        staffTopics.stored(new StaffMember(
                "staff:" + staffId + ":" + revision,
                StaffMember.SCHEMA_VERSION,
                Instant.now(),
                staffId,
                revision,
                "Staff " + staffId,
                email(staffId),
                Set.of(StaffRole.CLINICIAN),
                Map.of(
                        FlagSeverity.HIGH,
                        Json.convert(high, AlertCadence.class),
                        FlagSeverity.MEDIUM,
                        AlertCadence.DAILY_DIGEST),
                StaffMember.DEFAULT_DIGEST_AT,
                ZoneId.of("America/Denver"),
                true));
        return staffId;
    }

    private static void careTeam(String memberId, String primary, String other) {
        staffTopics.careTeam(memberId, primary, other);
    }

    private static String enroll(String body) throws Exception {
        HttpResponse<String> r = admin("POST", "/api/members", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.reader().readTree(r.body()).get("memberId").asText();
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(pipeline.schedulerManagementUrl() + path))
                        .header("Authorization", "Bearer " + pipeline.adminToken())
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String form) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static CaseFlag latestFlag(TopicProbe<FlagEvent> flags, String memberId) {
        List<CaseFlag> all =
                flags.valuesFor(memberId).stream().map(CaseFlag.class::cast).toList();
        assertThat(all).as("flags of the member").isNotEmpty();
        return all.getLast();
    }

    private static String linkIn(MimeMessage m, Pattern pattern) throws Exception {
        Matcher link = pattern.matcher(part(m, "text/plain"));
        assertThat(link.find())
                .as("a link like " + pattern + " in " + m.getSubject())
                .isTrue();
        return link.group();
    }

    /** Waits for the one email of this kind about the member to this address, and returns it. */
    private static MimeMessage onlyMail(
            TopicProbe<DeliveryEvent> deliveries, String memberId, OutreachKind kind, String to) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> !mailsOfKind(deliveries, memberId, kind, to).isEmpty());
        List<MimeMessage> matching = mailsOfKind(deliveries, memberId, kind, to);
        assertThat(matching).as(kind + " to " + to).hasSize(1);
        return matching.getFirst();
    }

    /** The emails to an address whose Message-ID names a notification of this kind reported sent for the member. */
    private static List<MimeMessage> mailsOfKind(
            TopicProbe<DeliveryEvent> deliveries, String memberId, OutreachKind kind, String to) {
        Set<String> sent = deliveries.valuesFor(memberId).stream()
                .map(DeliveryReport.class::cast)
                .filter(r -> r.kind() == kind && r.outcome() == DeliveryOutcome.SENT)
                .map(DeliveryReport::notificationId)
                .collect(Collectors.toSet());
        List<MimeMessage> out = new ArrayList<>();
        try {
            for (MimeMessage m : mailTo(to)) {
                String id = m.getMessageID();
                if (id != null && sent.stream().anyMatch(id::contains)) {
                    out.add(m);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static List<MimeMessage> mailTo(String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : pipeline.smtp().received()) {
            for (var to : m.getRecipients(Message.RecipientType.TO)) {
                if (to.toString().toLowerCase(Locale.ROOT).contains(address.toLowerCase(Locale.ROOT))) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static String part(MimeMessage m, String type) throws Exception {
        Multipart multipart = (Multipart) m.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart p = multipart.getBodyPart(i);
            if (p.isMimeType(type)) {
                return p.getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}
