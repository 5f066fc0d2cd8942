package org.aftercare.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aftercare.events.Samples;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.infra.time.MutableClock;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.notifier.TestFixtures;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.render.SignedLinks;
import org.aftercare.notifier.render.TemplateModel;
import org.aftercare.notifier.smtp.Mailer;
import org.aftercare.notifier.smtp.OutgoingEmail;
import org.aftercare.notifier.smtp.SendFailure;
import org.junit.jupiter.api.Test;

class OutreachDeliveryTest {

    /** Fails with the queued failures first, then accepts; records what it accepted. */
    static final class ScriptedMailer implements Mailer {
        final Deque<SendFailure> failures = new ArrayDeque<>();
        final List<OutgoingEmail> sent = new ArrayList<>();
        int attempts;

        @Override
        public void send(OutgoingEmail email) throws SendFailure {
            attempts++;
            SendFailure next = failures.poll();
            if (next != null) {
                throw next;
            }
            sent.add(email);
        }
    }

    private static final MemberProfile SAM = Samples.memberProfile(); // America/New_York, quiet 21:00-08:00
    /** 12:00 in New York on a weekday after the DST change. */
    private static final Instant NOON =
            ZonedDateTime.parse("2026-03-10T12:00:00-04:00[America/New_York]").toInstant();

    private final ScriptedMailer mailer = new ScriptedMailer();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(NOON);
    private final MemoryLedger ledger = new MemoryLedger();
    private final RetryPolicy retry = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(1));
    private double jitter = 0.0;
    private final OutreachRequest prompt = OutreachRequest.builder(
                    Samples.MEMBER_ID, "n-p", OutreachKind.CHECK_IN_PROMPT)
            .checkInId(Samples.CHECK_IN_ID)
            .urgency(Urgency.SCHEDULED)
            .build(NOON);

    private MemberProfile profile = SAM;

    private OutreachDelivery delivery(int dailyCap) {
        TemplateModel models = new TemplateModel(
                new SignedLinks(TestFixtures.SIGNER, TestFixtures.BASE_URL, TestFixtures.LATE_WINDOW, clock));
        return new OutreachDelivery(
                id -> Optional.of(profile),
                new DeliveryPolicy(null),
                TestFixtures.RECIPIENTS,
                models,
                new EmailRenderer(),
                mailer,
                ledger,
                retry,
                new SendWindow(dailyCap),
                DeliveryHooks.NONE,
                new DeliveryMetrics(registry),
                clock,
                () -> jitter);
    }

    private OutreachDelivery delivery() {
        return delivery(0);
    }

    private static OutreachRequest routine(String id, OutreachKind kind) {
        return OutreachRequest.builder(Samples.MEMBER_ID, id, kind).build(NOON);
    }

    @Test
    void sendsOnceAndRestatesTheSameReportForARepeatedIntent() {
        OutreachDelivery delivery = delivery();
        OutreachDelivery.Result first = delivery.deliver(prompt);
        OutreachDelivery.Result again = delivery.deliver(prompt);

        assertThat(first.report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        assertThat(first.report().attempt()).isEqualTo(1);
        assertThat(mailer.sent).hasSize(1);
        assertThat(mailer.sent.get(0).toAddress()).isEqualTo("sam@example.org");
        assertThat(ledger.wasSent("n-p")).isTrue();
        // No second email; the report is the first one again (same id, attempt and instant).
        assertThat(again.report()).isEqualTo(first.report());
        assertThat(mailer.sent).hasSize(1);
        assertThat(registry.get("outreach.emails.sent")
                        .tag("kind", "checkin-prompt")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("outreach.emails.suppressed")
                        .tag("reason", "duplicate")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aRepeatOfAnIntentSentBeforeAttemptsWereKeptIsASuppressedDuplicate() {
        ledger.recordSent("n-p", TestFixtures.RECIPIENTS.key("sam@example.org"), Urgency.SCHEDULED, NOON, 0);
        OutreachDelivery.Result again = delivery().deliver(prompt);

        assertThat(mailer.sent).isEmpty();
        assertThat(again.report().outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
        assertThat(again.report().reason()).isEqualTo(DeliveryPolicy.DUPLICATE);
        assertThat(registry.get("outreach.emails.suppressed")
                        .tag("reason", "duplicate")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aTransientFailureIsDeferredWithAJitteredGrowingBackoffNeverWaitingInPlace() {
        mailer.failures.add(new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-451", null));
        mailer.failures.add(new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-connect", null));
        OutreachDelivery delivery = delivery();

        jitter = 0.0;
        OutreachDelivery.Result first = delivery.deliver(prompt);
        assertThat(first.report().outcome()).isEqualTo(DeliveryOutcome.DEFERRED);
        assertThat(first.report().reason()).isEqualTo("smtp-451");
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.retryAt()).isEqualTo(NOON.plusSeconds(5)); // half of 10 s with zero jitter

        jitter = 0.999;
        OutreachDelivery.Result second = delivery.deliver(prompt, first.attempts());
        assertThat(second.report().outcome()).isEqualTo(DeliveryOutcome.DEFERRED);
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(Duration.between(NOON, second.retryAt())).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20));

        OutreachDelivery.Result third = delivery.deliver(prompt, second.attempts());
        assertThat(third.report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        assertThat(third.report().attempt()).isEqualTo(3);
        assertThat(mailer.sent).hasSize(1);
        assertThat(registry.get("outreach.emails.retried")
                        .tag("reason", "smtp-451")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("outreach.emails.deferred")
                        .tag("reason", "retry")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void givesUpAfterTheLastTransientFailureAndParksTheIntent() {
        OutreachDelivery delivery = delivery();
        OutreachDelivery.Result result = null;
        int attempts = 0;
        for (int i = 0; i < 3; i++) {
            mailer.failures.add(new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-451", null));
            result = delivery.deliver(prompt, attempts);
            attempts = result.attempts();
        }
        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.FAILED);
        assertThat(result.retryAt()).isNull();
        assertThat(result.deadLetterReason()).isEqualTo("retries-exhausted:smtp-451");
        assertThat(mailer.attempts).isEqualTo(3);
        assertThat(registry.get("outreach.emails.dead.lettered")
                        .tag("reason", "retries-exhausted")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aPermanentFailureIsNotRetriedAndIsParked() {
        mailer.failures.add(new SendFailure(SendFailure.Kind.PERMANENT, "smtp-554", null));
        OutreachDelivery delivery = delivery();
        OutreachDelivery.Result result = delivery.deliver(prompt);

        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.FAILED);
        assertThat(result.deadLetterReason()).isEqualTo("smtp-554");
        assertThat(result.retryAt()).isNull();
        assertThat(mailer.attempts).isEqualTo(1);
        assertThat(registry.get("outreach.emails.failed")
                        .tag("class", "permanent")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        // Not recorded as sent: a replay from the dead-letter topic is delivered.
        assertThat(delivery.deliver(prompt).report().outcome()).isEqualTo(DeliveryOutcome.SENT);
    }

    @Test
    void aRefusedAddressIsReportedBouncedParkedAndNeverMailedAgain() {
        mailer.failures.add(new SendFailure(SendFailure.Kind.BOUNCED, "smtp-550", null));
        OutreachDelivery delivery = delivery();
        OutreachDelivery.Result result = delivery.deliver(prompt);

        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.BOUNCED);
        assertThat(result.deadLetterReason()).isEqualTo("smtp-550");
        // Named by the keyed hash of the address (trimmed, lower-cased), never by the address or a plain SHA-256.
        assertThat(ledger.isBounced(TestFixtures.hmacSha256Hex(TestFixtures.ADDRESS_HASH_KEY, "sam@example.org")))
                .isTrue();
        assertThat(ledger.isBounced(TestFixtures.sha256Hex("sam@example.org"))).isFalse();
        assertThat(ledger.isBounced(TestFixtures.RECIPIENTS.key("SAM@example.org ")))
                .isTrue();

        OutreachDelivery.Result next = delivery.deliver(routine("n-next", OutreachKind.ENCOURAGEMENT));
        assertThat(next.report().outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
        assertThat(next.report().reason()).isEqualTo(OutreachDelivery.BOUNCED_ADDRESS);
        assertThat(mailer.attempts).isEqualTo(1);
    }

    @Test
    void routineEmailInQuietHoursIsHeldUntilTheyEndMemberLocal() {
        clock.set(ZonedDateTime.parse("2026-03-10T23:30:00-04:00[America/New_York]")
                .toInstant());
        OutreachDelivery delivery = delivery();

        OutreachDelivery.Result held = delivery.deliver(routine("n-enc", OutreachKind.ENCOURAGEMENT));

        assertThat(held.report().outcome()).isEqualTo(DeliveryOutcome.DEFERRED);
        assertThat(held.report().reason()).isEqualTo(SendWindow.QUIET_HOURS);
        assertThat(held.retryAt())
                .isEqualTo(ZonedDateTime.parse("2026-03-11T08:00:00-04:00[America/New_York]")
                        .toInstant());
        assertThat(held.attempts()).isZero();
        assertThat(mailer.attempts).isZero();

        clock.set(held.retryAt());
        assertThat(delivery.deliver(routine("n-enc", OutreachKind.ENCOURAGEMENT), held.attempts())
                        .report()
                        .outcome())
                .isEqualTo(DeliveryOutcome.SENT);
    }

    @Test
    void urgentAndScheduledEmailAreNeverHeldByQuietHoursOrTheCap() {
        clock.set(ZonedDateTime.parse("2026-03-10T02:00:00-04:00[America/New_York]")
                .toInstant());
        OutreachDelivery delivery = delivery(1);
        ledger.recordSent(
                "earlier", TestFixtures.RECIPIENTS.key("sam@example.org"), Urgency.ROUTINE, clock.instant(), 1);

        OutreachRequest crisis = OutreachRequest.builder(Samples.MEMBER_ID, "n-crisis", OutreachKind.CRISIS_SUPPORT)
                .urgency(Urgency.URGENT)
                .build(NOON);
        OutreachRequest nightPrompt = OutreachRequest.builder(
                        Samples.MEMBER_ID, "n-night", OutreachKind.CHECK_IN_PROMPT)
                .checkInId("ci-night")
                .urgency(Urgency.SCHEDULED)
                .build(NOON);

        assertThat(delivery.deliver(crisis).report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        assertThat(delivery.deliver(nightPrompt).report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        assertThat(mailer.sent).hasSize(2);
    }

    /**
     * The questionnaire prompt goes at the time the member chose in their plan, and the reminder
     * 48 h later at the same local time: like the check-in prompt, streams sends them SCHEDULED,
     * which quiet hours and the daily cap never hold. Marked routine, the same email would be held.
     */
    @Test
    void aQuestionnairePromptAndItsReminderAtTheMembersChosenTimeAreNotHeldByQuietHoursOrTheCap() {
        clock.set(ZonedDateTime.parse("2026-03-10T22:30:00-04:00[America/New_York]")
                .toInstant());
        OutreachDelivery delivery = delivery(1);
        ledger.recordSent(
                "earlier", TestFixtures.RECIPIENTS.key("sam@example.org"), Urgency.ROUTINE, clock.instant(), 1);
        OutreachRequest prompt = questionnaire("n-qp", OutreachKind.QUESTIONNAIRE_PROMPT, Urgency.SCHEDULED);
        OutreachRequest reminder = questionnaire("n-qr", OutreachKind.QUESTIONNAIRE_REMINDER, Urgency.SCHEDULED);

        assertThat(delivery.deliver(prompt).report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        clock.set(ZonedDateTime.parse("2026-03-12T22:30:00-04:00[America/New_York]")
                .toInstant());
        assertThat(delivery.deliver(reminder).report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        assertThat(mailer.sent)
                .extracting(OutgoingEmail::subject)
                .containsExactly("A few questions for you", "A gentle reminder");
        assertThat(mailer.sent).allSatisfy(e -> assertThat(e.text()).contains(TestFixtures.BASE_URL + "/q/"));

        OutreachDelivery.Result routine =
                delivery.deliver(questionnaire("n-qx", OutreachKind.QUESTIONNAIRE_REMINDER, Urgency.ROUTINE));
        assertThat(routine.report().outcome()).isEqualTo(DeliveryOutcome.DEFERRED);
        assertThat(routine.report().reason()).isEqualTo(SendWindow.QUIET_HOURS);
    }

    @Test
    void aQuestionnaireEmailWithoutItsQuestionnaireIsDeadLetteredAndNeverSent() {
        OutreachRequest broken = OutreachRequest.builder(Samples.MEMBER_ID, "n-qb", OutreachKind.QUESTIONNAIRE_PROMPT)
                .urgency(Urgency.SCHEDULED)
                .expiresAt(CLOSES)
                .data(Map.of("expiresAt", CLOSES.toString()))
                .build(NOON);

        OutreachDelivery.Result result = delivery().deliver(broken);

        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.FAILED);
        assertThat(result.report().reason()).isEqualTo("invalid-intent");
        assertThat(result.deadLetterReason()).startsWith("invalid-intent: data.questionnaireId");
        assertThat(result.retryAt()).isNull();
        assertThat(mailer.attempts).isZero();
        assertThat(ledger.wasSent("n-qb")).isFalse();
    }

    @Test
    void aQuestionnaireEmailRetriedPastTheQuestionnairesCloseIsNotSent() {
        mailer.failures.add(new SendFailure(SendFailure.Kind.TRANSIENT, "smtp-451", null));
        OutreachDelivery delivery = delivery();
        OutreachRequest reminder = questionnaire("n-qlate", OutreachKind.QUESTIONNAIRE_REMINDER, Urgency.SCHEDULED);

        OutreachDelivery.Result first = delivery.deliver(reminder);
        assertThat(first.report().outcome()).isEqualTo(DeliveryOutcome.DEFERRED);
        clock.set(CLOSES);
        OutreachDelivery.Result retried = delivery.deliver(reminder, first.attempts());

        assertThat(retried.report().outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
        assertThat(retried.report().reason()).isEqualTo(DeliveryPolicy.EXPIRED);
        assertThat(mailer.sent).isEmpty();
    }

    /** When the sample questionnaire closes (its data's expiresAt, written by hand). */
    private static final Instant CLOSES = Instant.parse("2026-03-15T13:00:00Z");

    private static OutreachRequest questionnaire(String id, OutreachKind kind, Urgency urgency) {
        return OutreachRequest.builder(Samples.MEMBER_ID, id, kind)
                .urgency(urgency)
                .expiresAt(CLOSES)
                .data(Map.of("questionnaireId", Samples.QUESTIONNAIRE_ID, "expiresAt", "2026-03-15T13:00:00Z"))
                .build(NOON);
    }

    @Test
    void theDailyCapHoldsFurtherRoutineEmailUntilTheNextMemberLocalDay() {
        OutreachDelivery delivery = delivery(2);
        assertThat(delivery.deliver(routine("n-1", OutreachKind.ENCOURAGEMENT))
                        .report()
                        .outcome())
                .isEqualTo(DeliveryOutcome.SENT);
        assertThat(delivery.deliver(routine("n-2", OutreachKind.MILESTONE))
                        .report()
                        .outcome())
                .isEqualTo(DeliveryOutcome.SENT);

        OutreachDelivery.Result third = delivery.deliver(routine("n-3", OutreachKind.ENCOURAGEMENT));

        assertThat(third.report().outcome()).isEqualTo(DeliveryOutcome.DEFERRED);
        assertThat(third.report().reason()).isEqualTo(SendWindow.DAILY_CAP);
        assertThat(third.retryAt())
                .isEqualTo(ZonedDateTime.parse("2026-03-11T00:00:00-04:00[America/New_York]")
                        .toInstant());
        assertThat(mailer.sent).hasSize(2);
        // The scheduled prompt is not counted against, nor held by, the cap.
        assertThat(delivery.deliver(prompt).report().outcome()).isEqualTo(DeliveryOutcome.SENT);
    }

    @Test
    void theWeeklySummaryIsHeldByQuietHoursButNotByTheDailyCap() {
        profile = TestFixtures.withPreferences(SAM, SAM.preferences().withWeeklySummary(true));
        OutreachRequest summary = OutreachRequest.builder(Samples.MEMBER_ID, "n-week", OutreachKind.WEEKLY_SUMMARY)
                .urgency(Urgency.SCHEDULED)
                .build(NOON);
        clock.set(ZonedDateTime.parse("2026-03-10T22:00:00-04:00[America/New_York]")
                .toInstant());
        OutreachDelivery delivery = delivery(1);
        ledger.recordSent(
                "earlier", TestFixtures.RECIPIENTS.key("sam@example.org"), Urgency.ROUTINE, clock.instant(), 1);

        OutreachDelivery.Result held = delivery.deliver(summary);

        assertThat(held.report().outcome()).isEqualTo(DeliveryOutcome.DEFERRED);
        assertThat(held.report().reason()).isEqualTo(SendWindow.QUIET_HOURS);
        assertThat(held.retryAt())
                .isEqualTo(ZonedDateTime.parse("2026-03-11T08:00:00-04:00[America/New_York]")
                        .toInstant());
        // The next morning the cap is reached again by a routine email: the summary still goes.
        clock.set(held.retryAt());
        ledger.recordSent(
                "morning", TestFixtures.RECIPIENTS.key("sam@example.org"), Urgency.ROUTINE, clock.instant(), 1);
        assertThat(delivery.deliver(summary, held.attempts()).report().outcome())
                .isEqualTo(DeliveryOutcome.SENT);
        assertThat(mailer.sent)
                .singleElement()
                .satisfies(e -> assertThat(e.subject()).isEqualTo("Your week at a glance"));
    }

    @Test
    void aWeeklySummaryIsNotSentAfterTheMemberTurnedItOff() {
        profile = TestFixtures.withPreferences(SAM, SAM.preferences().withWeeklySummary(false));
        OutreachRequest summary = OutreachRequest.builder(Samples.MEMBER_ID, "n-week", OutreachKind.WEEKLY_SUMMARY)
                .urgency(Urgency.SCHEDULED)
                .build(NOON);

        OutreachDelivery.Result result = delivery().deliver(summary);

        assertThat(result.report().outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
        assertThat(result.report().reason()).isEqualTo(DeliveryPolicy.PREFERENCE_OFF);
        assertThat(mailer.attempts).isZero();
    }

    @Test
    void nonUrgentEmailCarriesASignedOneClickUnsubscribeLinkAndUrgentEmailDoesNot() {
        OutreachDelivery delivery = delivery();
        delivery.deliver(prompt);
        delivery.deliver(OutreachRequest.builder(Samples.MEMBER_ID, "n-crisis", OutreachKind.CRISIS_SUPPORT)
                .urgency(Urgency.URGENT)
                .build(NOON));

        assertThat(mailer.sent.get(0).unsubscribeUrl()).startsWith(TestFixtures.BASE_URL + "/u/");
        assertThat(mailer.sent.get(1).unsubscribeUrl()).isNull();
    }

    @Test
    void aMemberWhoUnsubscribedAndThenAsksForHelpIsSentCrisisSupportAndNothingRoutine() {
        profile = TestFixtures.unsubscribed(SAM, MemberStatus.PAUSED);
        OutreachDelivery delivery = delivery();

        OutreachDelivery.Result crisis =
                delivery.deliver(OutreachRequest.builder(Samples.MEMBER_ID, "n-crisis", OutreachKind.CRISIS_SUPPORT)
                        .urgency(Urgency.URGENT)
                        .build(NOON));
        OutreachDelivery.Result encouragement = delivery.deliver(routine("n-enc", OutreachKind.ENCOURAGEMENT));

        assertThat(crisis.report().outcome()).isEqualTo(DeliveryOutcome.SENT);
        assertThat(mailer.sent).hasSize(1);
        assertThat(mailer.sent.get(0).toAddress()).isEqualTo("sam@example.org");
        assertThat(mailer.sent.get(0).text()).contains("988").contains("1-800-662-4357");
        assertThat(encouragement.report().outcome()).isEqualTo(DeliveryOutcome.SUPPRESSED);
        assertThat(encouragement.report().reason()).isEqualTo(DeliveryPolicy.UNSUBSCRIBED);
    }

    @Test
    void theListUnsubscribeHeaderCarriesTheSameMemberUnsubscribeLinkAsTheFooter() throws Exception {
        delivery().deliver(prompt);

        OutgoingEmail email = mailer.sent.get(0);
        String url = email.unsubscribeUrl();
        assertThat(url).startsWith(TestFixtures.BASE_URL + Links.UNSUBSCRIBE);
        assertThat(email.text()).contains(url);
        assertThat(email.html()).contains(url);
        LinkToken token =
                TestFixtures.SIGNER.verify(url.substring((TestFixtures.BASE_URL + Links.UNSUBSCRIBE).length()));
        assertThat(token.purpose()).isEqualTo(Links.PURPOSE_UNSUBSCRIBE);
        assertThat(token.subject()).isEqualTo(Links.SUBJECT_MEMBER);
        assertThat(token.action()).isEqualTo(Links.ACTION_UNSUBSCRIBE);
        assertThat(token.memberId()).isEqualTo(Samples.MEMBER_ID);
    }
}
