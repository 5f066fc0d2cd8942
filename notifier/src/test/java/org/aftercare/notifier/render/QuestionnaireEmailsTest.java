package org.aftercare.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.events.Samples;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.notifier.TestFixtures;
import org.aftercare.notifier.delivery.Decision;
import org.aftercare.notifier.delivery.DeliveryPolicy;
import org.aftercare.notifier.staff.InvalidIntentData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The questionnaire prompt and reminder (issue 13), as the member receives them: neutral subject
 * and preview, kind words that say it is short and may be skipped, the signed {@code /q/} link to
 * the occurrence, when it closes in the member's own time zone, and the crisis lines. Data that
 * breaks the contract never becomes an email without its link.
 */
class QuestionnaireEmailsTest {

    private final EmailRenderer renderer = new EmailRenderer();
    private final TemplateModel models = TestFixtures.models();
    private final MemberProfile sam = Samples.memberProfile(); // America/New_York, English

    /** What would name the instrument or say what it measures. */
    private static final Pattern INSTRUMENT = Pattern.compile(
            "\\b(weekly-reflection|reflection|phq\\w*|gad\\w*|bam|brief addiction monitor|depress\\w*|anxi\\w*"
                    + "|mood|screen\\w*|survey|assessment|questionnaire)\\b",
            Pattern.CASE_INSENSITIVE);

    private RenderedEmail render(OutreachRequest request, MemberProfile profile) {
        return renderer.render(
                request.kind(), RecipientRole.MEMBER, Locale.ENGLISH, models.forMember(request, profile));
    }

    private static OutreachRequest intent(OutreachKind kind) {
        return TestFixtures.questionnaireIntent(kind, TestFixtures.questionnaireData());
    }

    private static Map<String, String> dataWith(String key, String value) {
        Map<String, String> data = new HashMap<>(TestFixtures.questionnaireData());
        if (value == null) {
            data.remove(key);
        } else {
            data.put(key, value);
        }
        return data;
    }

    @ParameterizedTest
    @EnumSource(
            value = OutreachKind.class,
            names = {"QUESTIONNAIRE_PROMPT", "QUESTIONNAIRE_REMINDER"})
    void theInboxShowsOnlyNeutralWordsAndNoInstrument(OutreachKind kind) {
        RenderedEmail email = render(intent(kind), sam);

        assertThat(email.subject())
                .isEqualTo(kind == OutreachKind.QUESTIONNAIRE_PROMPT ? "A few questions for you" : "A gentle reminder");
        assertThat(email.preview())
                .isEqualTo(
                        kind == OutreachKind.QUESTIONNAIRE_PROMPT
                                ? "A few minutes, whenever it suits you."
                                : "The questions are still open, if you'd like.");
        for (String visible : List.of(email.subject(), email.preview())) {
            assertThat(visible)
                    .doesNotContainPattern(NeutralWordingTest.FORBIDDEN)
                    .doesNotContainPattern(INSTRUMENT)
                    .doesNotContain("Sam");
        }
        // Nor does the body name the instrument: that is behind the link.
        assertThat(withoutUrls(email.text())).doesNotContainPattern(INSTRUMENT);
        assertThat(withoutUrls(email.html())).doesNotContainPattern(INSTRUMENT);
    }

    @ParameterizedTest
    @EnumSource(
            value = OutreachKind.class,
            names = {"QUESTIONNAIRE_PROMPT", "QUESTIONNAIRE_REMINDER"})
    void theWordsSayItIsShortAndMayBeSkippedWithTheCrisisLinesInBothParts(OutreachKind kind) {
        RenderedEmail email = render(intent(kind), sam);
        for (String part : List.of(email.text(), email.html())) {
            assertThat(part)
                    .contains("Hi Sam,")
                    .contains("a few minutes")
                    .containsPattern("skip")
                    .contains("Answer the questions")
                    .contains("988 (call or text)")
                    .contains("SAMHSA National Helpline 1-800-662-4357")
                    .contains("I need help now")
                    .contains("Going away for a while? Let us know")
                    .contains("Stop my check-in emails")
                    .doesNotContain("42 CFR");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = OutreachKind.class,
            names = {"QUESTIONNAIRE_PROMPT", "QUESTIONNAIRE_REMINDER"})
    void theLinkOpensThatQuestionnaireForTheMemberAndIsTheSameInBothParts(OutreachKind kind) throws Exception {
        RenderedEmail email = render(intent(kind), sam);

        String inText = link(email.text());
        assertThat(email.html()).contains("href=\"" + TestFixtures.BASE_URL + "/q/" + inText + "\"");
        LinkToken token = TestFixtures.SIGNER.verify(inText);
        assertThat(token.kind()).contains(LinkKind.QUESTIONNAIRE);
        assertThat(token.purpose()).isEqualTo("questionnaire");
        assertThat(token.action()).isEqualTo("answer");
        assertThat(token.memberId()).isEqualTo(Samples.MEMBER_ID);
        assertThat(token.subject()).isEqualTo(Samples.QUESTIONNAIRE_ID);
        assertThat(token.binding()).isNull();
        // Sealed at the samples' now (2026-03-08T14:00Z) for the kind's 7 days.
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-03-15T14:00:00Z"));
    }

    @ParameterizedTest
    @EnumSource(
            value = OutreachKind.class,
            names = {"QUESTIONNAIRE_PROMPT", "QUESTIONNAIRE_REMINDER"})
    void theLinkStillOpensAtTheLastMomentTheQuestionnaireIsOpenAndNotAfterItsOwnLife(OutreachKind kind)
            throws Exception {
        String spec = LinkSigner.randomSpec("q");
        // The prompt goes as the questionnaire opens (the samples' due time); the reminder 48 h later.
        Instant sentAt = kind == OutreachKind.QUESTIONNAIRE_PROMPT
                ? Instant.parse("2026-03-08T13:00:00Z")
                : Instant.parse("2026-03-10T13:00:00Z");
        Clock sending = Clock.fixed(sentAt, ZoneOffset.UTC);
        TemplateModel at = new TemplateModel(new SignedLinks(
                LinkSigner.fromSpec(spec, sending), TestFixtures.BASE_URL, TestFixtures.LATE_WINDOW, sending));
        RenderedEmail email = renderer.render(
                kind,
                RecipientRole.MEMBER,
                Locale.ENGLISH,
                at.forMember(TestFixtures.questionnaireIntent(kind, TestFixtures.questionnaireData()), sam));
        String token = link(email.text());

        LinkSigner lastSecond =
                LinkSigner.fromSpec(spec, Clock.fixed(Instant.parse("2026-03-15T12:59:59Z"), ZoneOffset.UTC));
        assertThat(lastSecond.verify(token).subject()).isEqualTo(Samples.QUESTIONNAIRE_ID);
        LinkSigner weekAfterSending =
                LinkSigner.fromSpec(spec, Clock.fixed(sentAt.plusSeconds(7 * 86_400), ZoneOffset.UTC));
        assertThatThrownBy(() -> weekAfterSending.verify(token))
                .isInstanceOfSatisfying(
                        LinkSigner.InvalidToken.class,
                        e -> assertThat(e.refusal()).isEqualTo(LinkSigner.Refusal.EXPIRED));
    }

    @ParameterizedTest
    @EnumSource(
            value = OutreachKind.class,
            names = {"QUESTIONNAIRE_PROMPT", "QUESTIONNAIRE_REMINDER"})
    void itSaysUntilWhenTheLinkStaysOpenInTheMembersOwnTimeZone(OutreachKind kind) {
        // Closes 2026-03-15T13:00Z: 9:00 in New York (daylight time began on March 8), 18:30 in Kolkata.
        RenderedEmail newYork = render(intent(kind), sam);
        RenderedEmail kolkata = render(intent(kind), TestFixtures.withTimeZone(sam, ZoneId.of("Asia/Kolkata")));

        for (String part : List.of(newYork.text(), newYork.html())) {
            assertThat(part).contains("The link stays open until Sunday, March 15, 2026, 9:00\u00a0AM.");
        }
        for (String part : List.of(kolkata.text(), kolkata.html())) {
            assertThat(part).contains("The link stays open until Sunday, March 15, 2026, 6:30\u00a0PM.");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = OutreachKind.class,
            names = {"QUESTIONNAIRE_PROMPT", "QUESTIONNAIRE_REMINDER"})
    void theClosingTimeComesFromTheDataElseFromTheIntentsExpiry(OutreachKind kind) {
        OutreachRequest noExpiry = OutreachRequest.builder(Samples.MEMBER_ID, "n-x", kind)
                .urgency(Urgency.SCHEDULED)
                .data(TestFixtures.questionnaireData())
                .build(Samples.NOW);
        OutreachRequest onlyTheIntentsExpiry = OutreachRequest.builder(Samples.MEMBER_ID, "n-y", kind)
                .urgency(Urgency.SCHEDULED)
                .expiresAt(Instant.parse("2026-03-14T23:15:00Z"))
                .data(dataWith("expiresAt", null))
                .build(Samples.NOW);

        assertThat(render(noExpiry, sam).text()).contains("until Sunday, March 15, 2026, 9:00\u00a0AM.");
        assertThat(render(onlyTheIntentsExpiry, sam).text()).contains("until Saturday, March 14, 2026, 7:15\u00a0PM.");
    }

    @ParameterizedTest
    @EnumSource(
            value = OutreachKind.class,
            names = {"QUESTIONNAIRE_PROMPT", "QUESTIONNAIRE_REMINDER"})
    void dataThatBreaksTheContractIsInvalidAndNeverRenderedWithoutItsLink(OutreachKind kind) {
        DeliveryPolicy policy = new DeliveryPolicy("oncall@example.org");
        List<OutreachRequest> broken = List.of(
                TestFixtures.questionnaireIntent(kind, dataWith("questionnaireId", null)),
                TestFixtures.questionnaireIntent(kind, dataWith("questionnaireId", "")),
                TestFixtures.questionnaireIntent(kind, dataWith("questionnaireId", Samples.CHECK_IN_ID)),
                TestFixtures.questionnaireIntent(kind, dataWith("questionnaireId", "qn-1:c-1")),
                TestFixtures.questionnaireIntent(kind, dataWith("expiresAt", "next sunday")),
                TestFixtures.questionnaireIntent(kind, dataWith("expiresAt", "2026-03-15")),
                OutreachRequest.builder(Samples.MEMBER_ID, "n-z", kind)
                        .urgency(Urgency.SCHEDULED)
                        .data(dataWith("expiresAt", null))
                        .build(Samples.NOW));
        for (OutreachRequest request : broken) {
            Decision decision = policy.decide(request, Optional.of(sam), Samples.NOW);
            assertThat(decision).as("%s", request.data()).isInstanceOf(Decision.Invalid.class);
            String reason = ((Decision.Invalid) decision).reason();
            assertThat(reason).containsAnyOf("data.questionnaireId", "data.expiresAt");
            // The reason names the key and the rule, never the value.
            assertThat(reason).doesNotContain("next sunday").doesNotContain(Samples.CHECK_IN_ID);
            assertThatThrownBy(() -> models.forMember(request, sam)).isInstanceOf(InvalidIntentData.class);
        }
        assertThat(policy.decide(intent(kind), Optional.of(sam), Samples.NOW)).isInstanceOf(Decision.Send.class);
    }

    private static String link(String text) {
        Matcher m = Pattern.compile(Pattern.quote(TestFixtures.BASE_URL + "/q/") + "([A-Za-z0-9_.-]+)")
                .matcher(text);
        assertThat(m.find()).as("a /q/ link").isTrue();
        return m.group(1);
    }

    private static String withoutUrls(String text) {
        return text.replaceAll("https?://[^\\s\"<]+", "");
    }
}
