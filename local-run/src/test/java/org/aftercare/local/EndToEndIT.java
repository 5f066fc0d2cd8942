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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.outreach.DeliveryEvent;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.DeliveryReport;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.infra.kafka.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end: a real broker, a real SMTP server and the three services.
 * Member A answers through the check-in page and gets no missed email; member B stays silent and
 * gets one. Assertions read the MIME messages the SMTP server received.
 */
class EndToEndIT {

    private static final Pattern CHECK_IN_LINK = Pattern.compile("http://localhost:\\d+/c/[A-Za-z0-9_.-]+");
    private static final Pattern INVITATION_LINK = Pattern.compile("http://localhost:\\d+/i/[A-Za-z0-9_.-]+");
    private static final List<String> FORBIDDEN_IN_SUBJECT = List.of(
            "recovery",
            "addiction",
            "relapse",
            "heroin",
            "opioid",
            "fentanyl",
            "drug",
            "sober",
            "clean",
            "treatment",
            "overdose",
            "rehab");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Words of the disclosure notice every email about a member to a contact carries. */
    private static final String DISCLOSURE_NOTICE_WORDS = "42 CFR part 2";

    private static LocalPipeline pipeline;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("e2e-");
        pipeline = LocalPipeline.start(new LocalPipeline.Options(
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                "e2e-admin-token-" + UUID.randomUUID(),
                Duration.ofMinutes(5),
                Duration.ofSeconds(8),
                Duration.ofSeconds(16),
                dataDir));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        LocalPipeline.wipe(dataDir);
    }

    private static String enroll(String externalId, String email) throws Exception {
        return enroll("""
                {"externalId":"%s","firstName":"Pat","email":"%s","timeZone":"America/Denver","plan":{"times":["09:00"]}}
                """.formatted(externalId, email));
    }

    private static String enroll(String body) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(pipeline.schedulerManagementUrl() + "/api/members"))
                        .header("Authorization", "Bearer " + pipeline.adminToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        return Json.reader().readTree(r.body()).get("memberId").asText();
    }

    private static HttpResponse<String> post(String url, String form) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String linkIn(MimeMessage m, Pattern pattern) throws Exception {
        Matcher link = pattern.matcher(part(m, "text/plain"));
        assertThat(link.find())
                .as("a link like " + pattern + " in " + m.getSubject())
                .isTrue();
        return link.group();
    }

    private static MimeMessage onlyMail(
            TopicProbe<DeliveryEvent> deliveries, String memberId, OutreachKind kind, String to) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> sent(deliveries, memberId, kind));
        String messageId = reports(deliveries, memberId).stream()
                .filter(r -> r.kind() == kind && r.outcome() == DeliveryOutcome.SENT)
                .findFirst()
                .orElseThrow()
                .notificationId();
        List<MimeMessage> matching = new ArrayList<>();
        for (MimeMessage m : mailTo(to)) {
            if (m.getMessageID() != null && m.getMessageID().contains(messageId)) {
                matching.add(m);
            }
        }
        assertThat(matching).as(kind + " to " + to).hasSize(1);
        return matching.getFirst();
    }

    private static List<MimeMessage> mailTo(String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : pipeline.smtp().received()) {
            for (var to : m.getRecipients(Message.RecipientType.TO)) {
                if (to.toString().contains(address)) {
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

    private static List<DeliveryReport> reports(TopicProbe<DeliveryEvent> probe, String memberId) {
        return probe.valuesFor(memberId).stream()
                .map(DeliveryReport.class::cast)
                .toList();
    }

    private static boolean sent(TopicProbe<DeliveryEvent> probe, String memberId, OutreachKind kind) {
        return reports(probe, memberId).stream().anyMatch(r -> r.kind() == kind && r.outcome() == DeliveryOutcome.SENT);
    }

    @Test
    void aMemberWhoAnswersGetsNoMissedEmailAndASilentMemberDoes() throws Exception {
        String a = enroll("E2E-A-" + UUID.randomUUID(), "member-a@example.org");
        String b = enroll("E2E-B-" + UUID.randomUUID(), "member-b@example.org");

        try (TopicProbe<DeliveryEvent> deliveries =
                new TopicProbe<>(pipeline.kafka().bootstrapServers(), Topics.OUTREACH_DELIVERIES)) {
            // Both get their prompt by email.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> sent(deliveries, a, OutreachKind.CHECK_IN_PROMPT)
                            && sent(deliveries, b, OutreachKind.CHECK_IN_PROMPT));
            MimeMessage prompt = mailTo("member-a@example.org").getFirst();
            String subject = prompt.getSubject();
            assertThat(FORBIDDEN_IN_SUBJECT)
                    .noneMatch(word -> subject.toLowerCase(Locale.ROOT).contains(word));
            assertThat(prompt.isMimeType("multipart/alternative")).isTrue();
            String text = part(prompt, "text/plain");
            String html = part(prompt, "text/html");
            assertThat(text).contains("988", "1-800-662-4357");
            assertThat(html).contains("988", "1-800-662-4357");

            // A opens the signed link and answers; the page thanks them.
            Matcher link = CHECK_IN_LINK.matcher(text);
            assertThat(link.find()).as("a check-in link in the prompt").isTrue();
            HttpResponse<String> form = HTTP.send(
                    HttpRequest.newBuilder(URI.create(link.group())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).contains("How are you doing right now?");
            HttpResponse<String> thanks = HTTP.send(
                    HttpRequest.newBuilder(URI.create(link.group()))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("status=ok&craving=2&mood=4"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(thanks.statusCode()).isEqualTo(200);
            assertThat(thanks.body()).contains("Thank you");

            // B stays silent: a reminder, then the missed-check-in email.
            await().atMost(Duration.ofSeconds(60)).until(() -> sent(deliveries, b, OutreachKind.MISSED_CHECK_IN));
            assertThat(sent(deliveries, b, OutreachKind.LATE_REMINDER)).isTrue();
            List<MimeMessage> toB = mailTo("member-b@example.org");
            assertThat(toB).hasSize(3);
            for (MimeMessage m : toB) {
                assertThat(FORBIDDEN_IN_SUBJECT).noneMatch(word -> {
                    try {
                        return m.getSubject().toLowerCase(Locale.ROOT).contains(word);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(part(m, "text/plain")).contains("988", "1-800-662-4357");
            }

            // A's deadlines passed at the same moment as B's; A keeps getting nothing but the prompt.
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> reports(deliveries, a).stream()
                            .noneMatch(r -> r.kind() == OutreachKind.MISSED_CHECK_IN
                                    || r.kind() == OutreachKind.LATE_REMINDER));
            assertThat(mailTo("member-a@example.org")).hasSize(1);
        }
    }

    @Test
    void needHelpThroughTheRemindersLinkAfterOkThroughThePromptsLinkStillReachesTheMemberAndTheirContact()
            throws Exception {
        // Quiet hours off, so the contact's invitation (routine email) is not held whatever the hour in Denver.
        String member = enroll("""
                {"externalId":"E2E-C-%s","firstName":"Casey","email":"member-c@example.org","timeZone":"America/Denver",
                 "plan":{"times":["09:00"]},"preferences":{"quietHoursStart":"00:00","quietHoursEnd":"00:00"},
                 "contacts":[{"name":"Dana","email":"contact-d@example.org","relationship":"sister",
                              "consent":["help-requested","missed-check-ins"]}]}
                """.formatted(UUID.randomUUID()));

        try (TopicProbe<DeliveryEvent> deliveries =
                new TopicProbe<>(pipeline.kafka().bootstrapServers(), Topics.OUTREACH_DELIVERIES)) {
            // The contact confirms from the invitation, which says nothing about treatment.
            MimeMessage invitation =
                    onlyMail(deliveries, member, OutreachKind.CONTACT_INVITATION, "contact-d@example.org");
            assertThat(part(invitation, "text/plain").toLowerCase(Locale.ROOT))
                    .doesNotContain("treatment", "substance", "42 cfr");
            HttpResponse<String> confirmed = post(linkIn(invitation, INVITATION_LINK), "choice=confirm");
            assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);

            // The member leaves the prompt until the reminder comes; both carry a link for the same check-in.
            MimeMessage prompt = onlyMail(deliveries, member, OutreachKind.CHECK_IN_PROMPT, "member-c@example.org");
            MimeMessage reminder = onlyMail(deliveries, member, OutreachKind.LATE_REMINDER, "member-c@example.org");
            String fromThePrompt = linkIn(prompt, CHECK_IN_LINK);
            String fromTheReminder = linkIn(reminder, CHECK_IN_LINK);
            assertThat(fromTheReminder).isNotEqualTo(fromThePrompt);

            assertThat(post(fromThePrompt, "status=ok").statusCode()).isEqualTo(200);
            HttpResponse<String> needHelp = post(fromTheReminder, "status=need-help");
            assertThat(needHelp.statusCode()).isEqualTo(200);
            assertThat(needHelp.body()).contains("988", "reached the program");

            // The member gets the crisis email; the confirmed contact who may hear of it is alerted.
            MimeMessage crisis = onlyMail(deliveries, member, OutreachKind.CRISIS_SUPPORT, "member-c@example.org");
            assertThat(part(crisis, "text/plain")).contains("988", "1-800-662-4357");
            MimeMessage alert = onlyMail(deliveries, member, OutreachKind.ESCALATION_ALERT, "contact-d@example.org");
            assertThat(part(alert, "text/plain")).contains("Casey").contains(DISCLOSURE_NOTICE_WORDS);
            assertThat(FORBIDDEN_IN_SUBJECT).noneMatch(word -> {
                try {
                    return alert.getSubject().toLowerCase(Locale.ROOT).contains(word);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
