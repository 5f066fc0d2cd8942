package org.aftercare.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
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
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.notifier.TestFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind, rendered for its audience: own template, crisis lines or disclosure, links, data codes. */
class EveryKindTest {

    private final EmailRenderer renderer = new EmailRenderer();
    private final TemplateModel models = TestFixtures.models();
    private final MemberProfile profile = Samples.memberProfile();
    /** Codes the streams engineer sends, plus a key nobody knows: rendered harmlessly. */
    private static final Map<String, String> DATA = withQuestionnaire(Map.of(
            "reason",
            "help-requested",
            "step",
            "2",
            "loop",
            "1",
            "milestone",
            "days-30",
            "unknownKey",
            "<script>x</script>"));

    /** Every intent also carries a questionnaire's data, which the questionnaire kinds require. */
    private static Map<String, String> withQuestionnaire(Map<String, String> data) {
        Map<String, String> all = new HashMap<>(TestFixtures.questionnaireData());
        all.putAll(data);
        return all;
    }

    private RenderedEmail render(OutreachKind kind, Urgency urgency) {
        return render(kind, urgency, DATA);
    }

    private RenderedEmail render(OutreachKind kind, Urgency urgency, Map<String, String> data) {
        RecipientRole role = EmailRenderer.primaryAudience(kind);
        OutreachRequest.Builder b = OutreachRequest.builder(Samples.MEMBER_ID, "n-" + kind, kind)
                .urgency(urgency)
                .data(withQuestionnaire(data))
                .checkInId(
                        kind == OutreachKind.CHECK_IN_PROMPT
                                        || kind == OutreachKind.LATE_REMINDER
                                        || kind == OutreachKind.MISSED_CHECK_IN
                                ? Samples.CHECK_IN_ID
                                : null);
        if (role == RecipientRole.CONTACT) {
            b.to(Recipient.contact(Samples.CONTACT_ID))
                    .consentScope(ConsentScope.USE_REPORTED)
                    .escalationId(Samples.ESCALATION_ID);
            OutreachRequest r = b.build(Samples.NOW);
            return renderer.render(
                    kind,
                    role,
                    Locale.ENGLISH,
                    models.forContact(
                            r, profile, profile.contact(Samples.CONTACT_ID).orElseThrow()));
        }
        if (role == RecipientRole.ON_CALL) {
            OutreachRequest r = b.to(Recipient.ON_CALL).build(Samples.NOW);
            return renderer.render(kind, role, Locale.ENGLISH, models.forOnCall(r, profile, TestFixtures.flagOf(r)));
        }
        if (role == RecipientRole.STAFF) {
            Map<String, String> staffData = new HashMap<>(data);
            staffData.putAll(TestFixtures.flagData("high", "consecutive-misses"));
            staffData.putAll(TestFixtures.digestData(List.of(Samples.MEMBER_ID), Map.of()));
            OutreachRequest r =
                    b.to(Recipient.staff(Samples.STAFF_ID)).data(staffData).build(Samples.NOW);
            Map<String, Object> model = kind == OutreachKind.STAFF_DIGEST
                    ? models.forStaffDigest(
                            r, Samples.staffMember(), TestFixtures.digestOf(r, id -> Optional.of(profile)))
                    : models.forStaff(r, profile, Samples.staffMember(), TestFixtures.flagOf(r));
            return renderer.render(kind, role, Locale.ENGLISH, model);
        }
        return renderer.render(kind, role, Locale.ENGLISH, models.forMember(b.build(Samples.NOW), profile));
    }

    @ParameterizedTest
    @EnumSource(OutreachKind.class)
    void everyKindHasItsOwnTemplateAndTheRightSafetyText(OutreachKind kind) {
        assertThat(EmailRenderer.hasOwnTemplate(kind)).isTrue();
        RenderedEmail email = render(kind, Urgency.ROUTINE);
        RecipientRole role = EmailRenderer.primaryAudience(kind);
        for (String part : new String[] {email.text(), email.html()}) {
            if (role == RecipientRole.MEMBER) {
                assertThat(part).contains("988").contains("1-800-662-4357").doesNotContain("42 CFR");
            } else if (kind == OutreachKind.CONTACT_INVITATION) {
                // An invitation tells the contact nothing about the member, so it carries no notice either.
                assertThat(part).doesNotContain("42 CFR");
            } else {
                // Discloses something about the member to someone else: the notice is there.
                assertThat(part).contains("42 CFR part 2");
            }
            if (role == RecipientRole.CONTACT && kind != OutreachKind.CONTACT_INVITATION) {
                assertThat(part).contains("988");
            }
            if (role == RecipientRole.STAFF) {
                // Staff get the member's first name and program id and a link to the flag; never an address.
                assertThat(part)
                        .contains("Sam")
                        .contains("EXT-1001")
                        .contains(TestFixtures.BASE_URL + "/f/")
                        .doesNotContain("sam@example.org");
            }
        }
        // Unknown data keys never show, raw or escaped.
        assertThat(email.html()).doesNotContain("<script>").doesNotContain("&lt;script");
        assertThat(email.text()).doesNotContain("<script>");
    }

    /** Kinds whose own template is written for the member. */
    static List<OutreachKind> memberKinds() {
        return Arrays.stream(OutreachKind.values())
                .filter(k -> EmailRenderer.primaryAudience(k) == RecipientRole.MEMBER)
                .toList();
    }

    @ParameterizedTest
    @MethodSource("memberKinds")
    void everyMemberEmailHasAnINeedHelpNowLinkBesideTheCrisisLines(OutreachKind kind) {
        for (Urgency urgency : Urgency.values()) {
            RenderedEmail email = render(kind, urgency);
            for (String part : new String[] {email.text(), email.html()}) {
                LinkToken help = token(part, Links.HELP);
                assertThat(help.purpose()).isEqualTo(Links.PURPOSE_HELP);
                assertThat(help.memberId()).isEqualTo(Samples.MEMBER_ID);
                assertThat(help.subject()).isEqualTo(Links.SUBJECT_MEMBER);
                assertThat(help.action()).isEqualTo(Links.ACTION_HELP);
                assertThat(help.expiresAt()).isEqualTo(Samples.NOW.plus(Duration.ofDays(90)));
                assertThat(help.binding()).isNull();
                assertThat(part).contains("I need help now");
                // Beside the crisis lines: in the same block at the end of the email.
                int lines = part.lastIndexOf("SAMHSA National Helpline 1-800-662-4357");
                int link = part.lastIndexOf(TestFixtures.BASE_URL + Links.HELP);
                assertThat(link).as("%s %s", kind, urgency).isBetween(lines - 600, lines + 600);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("memberKinds")
    void everyMemberEmailHasAGoingAwayLinkAndKeepsTheCrisisLines(OutreachKind kind) {
        for (Urgency urgency : Urgency.values()) {
            RenderedEmail email = render(kind, urgency);
            for (String part : new String[] {email.text(), email.html()}) {
                LinkToken away = token(part, "/w/");
                assertThat(away.purpose()).isEqualTo("away");
                assertThat(away.action()).isEqualTo("set");
                assertThat(away.memberId()).isEqualTo(Samples.MEMBER_ID);
                assertThat(away.subject()).isEqualTo("member");
                assertThat(away.expiresAt()).isEqualTo(Samples.NOW.plus(Duration.ofDays(90)));
                assertThat(away.binding()).isNull();
                assertThat(part)
                        .contains("Going away for a while? Let us know")
                        .contains("988 (call or text)")
                        .contains("SAMHSA National Helpline 1-800-662-4357");
            }
        }
    }

    @Test
    void noEmailToSomeoneElseCarriesTheMembersGoingAwayLink() {
        for (OutreachKind kind : OutreachKind.values()) {
            if (EmailRenderer.primaryAudience(kind) != RecipientRole.MEMBER) {
                RenderedEmail email = render(kind, Urgency.ROUTINE);
                assertThat(email.text() + email.html()).as("%s", kind).doesNotContain("/w/");
            }
        }
    }

    @Test
    void theFooterSaysTruthfullyWhatUnsubscribingDoes() {
        RenderedEmail email = render(OutreachKind.CHECK_IN_PROMPT, Urgency.SCHEDULED);
        for (String part : new String[] {email.text(), email.html()}) {
            assertThat(part)
                    .contains("stops your check-in emails")
                    .contains("care team is told")
                    .contains("ask for help");
            assertThat(part).doesNotContain("Stop these emails");
        }
        // The one-click link itself is the member's unsubscribe link, as before.
        LinkToken unsubscribe = token(email.text(), Links.UNSUBSCRIBE);
        assertThat(unsubscribe.purpose()).isEqualTo(Links.PURPOSE_UNSUBSCRIBE);
        assertThat(unsubscribe.subject()).isEqualTo(Links.SUBJECT_MEMBER);
        assertThat(unsubscribe.action()).isEqualTo(Links.ACTION_UNSUBSCRIBE);
        assertThat(unsubscribe.binding()).isNull();
    }

    @Test
    void everyLinkToAContactIsBoundToTheContactsAddressAndNaming() {
        SupportContact alex = profile.contact(Samples.CONTACT_ID).orElseThrow();
        String binding = Links.contactBinding(alex.contactId(), alex.invitationId(), alex.email());
        RenderedEmail invitation = render(OutreachKind.CONTACT_INVITATION, Urgency.ROUTINE);
        RenderedEmail alert = render(OutreachKind.ESCALATION_ALERT, Urgency.URGENT);
        RenderedEmail routine = render(OutreachKind.ESCALATION_ALERT, Urgency.ROUTINE);
        List<LinkToken> tokens = List.of(
                token(invitation.text(), Links.CONTACT_INVITATION),
                token(invitation.text(), Links.UNSUBSCRIBE),
                token(invitation.html(), Links.CONTACT_INVITATION),
                token(alert.text(), Links.ACKNOWLEDGE),
                token(alert.html(), Links.ACKNOWLEDGE),
                token(routine.text(), Links.UNSUBSCRIBE));
        for (LinkToken token : tokens) {
            assertThat(token.boundTo(binding)).as(token.purpose()).isTrue();
            assertThat(token.boundTo(Links.contactBinding("c-1", "inv-1", "alex@example.org")))
                    .isTrue();
            assertThat(token.boundTo(Links.contactBinding("c-1", "inv-1", "alex@example.net")))
                    .isFalse();
            assertThat(token.boundTo(Links.contactBinding("c-1", "inv-0", "alex@example.org")))
                    .isFalse();
            assertThat(token.boundTo(null)).isFalse();
        }
    }

    /** What would tell a reader that the member is in a program for substance use, or in crisis. */
    static final Pattern REVEALING = Pattern.compile(
            "\\b(treatment|substance\\w*|42 cfr|recover\\w*|addict\\w*|drugs?"
                    + "|relaps\\w*|confidential\\w*|federal|opioid\\w*|heroin|overdos\\w*|sober\\w*|rehab\\w*|detox\\w*"
                    + "|naloxone|samhsa|helpline|crisis|988|disclos\\w*)\\b",
            Pattern.CASE_INSENSITIVE);

    @Test
    void theInvitationRevealsNothingAboutTheMember() {
        RenderedEmail email = render(OutreachKind.CONTACT_INVITATION, Urgency.ROUTINE);
        for (String part :
                List.of(email.subject(), email.preview(), withoutUrls(email.text()), withoutUrls(email.html()))) {
            assertThat(part).doesNotContainPattern(REVEALING);
        }
        assertThat(email.text()).contains("Sam").contains(Links.CONTACT_INVITATION);
    }

    @Test
    void theAllClearAfterAnAcknowledgementSaysSomeoneReachedOutAndThatTheMemberHasNotCheckedIn() {
        RenderedEmail email = render(
                OutreachKind.ALL_CLEAR,
                Urgency.URGENT,
                Map.of("reason", "missed-check-ins", "resolvedBy", "acknowledged"));
        for (String part : new String[] {email.text(), email.html()}) {
            assertThat(part)
                    .contains("Someone who supports Sam has reached out to them")
                    .contains("nobody else is being asked to")
                    .contains("Sam has not checked in with the program yet")
                    .doesNotContain("back in touch")
                    .doesNotContain("Jordan");
        }
    }

    @Test
    void theAllClearAfterTheMembersAnswerSaysTheyCheckedIn() {
        RenderedEmail email = render(
                OutreachKind.ALL_CLEAR,
                Urgency.URGENT,
                Map.of("reason", "missed-check-ins", "resolvedBy", "member-answered"));
        for (String part : new String[] {email.text(), email.html()}) {
            assertThat(part)
                    .contains("Sam has checked in with the program")
                    .doesNotContain("reached out to them")
                    .doesNotContain("not checked in");
        }
    }

    @Test
    void theAllClearToTheOnCallAddressSaysHowTheFollowUpWasClosed() {
        OutreachRequest.Builder b = OutreachRequest.builder(Samples.MEMBER_ID, "n-ac", OutreachKind.ALL_CLEAR)
                .to(Recipient.ON_CALL)
                .urgency(Urgency.URGENT)
                .escalationId(Samples.ESCALATION_ID);
        RenderedEmail acknowledged = renderer.render(
                OutreachKind.ALL_CLEAR,
                RecipientRole.ON_CALL,
                Locale.ENGLISH,
                models.forOnCall(
                        b.data(Map.of("reason", "missed-check-ins", "resolvedBy", "acknowledged"))
                                .build(Samples.NOW),
                        profile,
                        null));
        RenderedEmail answered = renderer.render(
                OutreachKind.ALL_CLEAR,
                RecipientRole.ON_CALL,
                Locale.ENGLISH,
                models.forOnCall(
                        b.data(Map.of("reason", "missed-check-ins", "resolvedBy", "member-answered"))
                                .build(Samples.NOW),
                        profile,
                        null));
        assertThat(acknowledged.text())
                .contains(Samples.MEMBER_ID)
                .contains("a support contact has reached out")
                .contains("has not checked in yet")
                .doesNotContain("back in touch")
                .doesNotContain("Alex");
        assertThat(answered.text())
                .contains(Samples.MEMBER_ID)
                .contains("checked in")
                .doesNotContain("not checked in");
    }

    private static final Pattern DAY_COUNT =
            Pattern.compile("\\b\\d+\\s*(days?|weeks?|months?|years?)\\b|it has been", Pattern.CASE_INSENSITIVE);

    @ParameterizedTest
    @EnumSource(OutreachKind.class)
    void noEmailShowsADayCountInThePreviewOrItsOpening(OutreachKind kind) {
        for (String milestone : List.of("days-7", "days-30", "days-365", "streak-7")) {
            RenderedEmail email = render(
                    kind,
                    Urgency.ROUTINE,
                    Map.of(
                            "milestone",
                            milestone,
                            "days",
                            "7",
                            "reason",
                            "help-requested",
                            "resolvedBy",
                            "acknowledged"));
            assertThat(email.preview()).doesNotContainPattern(DAY_COUNT);
            assertThat(opening(email.text())).doesNotContainPattern(DAY_COUNT);
            // What an inbox shows of the HTML part: the hidden preheader, then the visible text.
            assertThat(opening(visibleText(email.html()))).doesNotContainPattern(DAY_COUNT);
        }
    }

    @Test
    void theMilestoneStillSaysTheDaysFurtherDownBehindANeutralOpening() {
        RenderedEmail email = render(OutreachKind.MILESTONE, Urgency.ROUTINE, Map.of("milestone", "days-7"));
        assertThat(email.text()).contains("It has been 7 days");
        assertThat(email.text().indexOf("It has been 7 days")).isGreaterThan(200);
        assertThat(visibleText(email.html())).contains("It has been 7 days");
    }

    @Test
    void promptsStoppedTellsTheCareTeamWhoStoppedAndThatSilenceNoLongerCounts() {
        RenderedEmail email = render(OutreachKind.PROMPTS_STOPPED, Urgency.SCHEDULED, Map.of("reason", "unsubscribed"));
        for (String part : new String[] {email.text(), email.html()}) {
            assertThat(part)
                    .contains("Sam")
                    .contains(Samples.MEMBER_ID)
                    .contains("stopped their check-in emails")
                    .contains("unsubscrib")
                    .contains("no longer counted")
                    .contains("another way")
                    .contains("42 CFR part 2")
                    .doesNotContain("sam@example.org");
        }
        assertThat(email.subject() + " " + email.preview()).doesNotContainPattern(NeutralWordingTest.FORBIDDEN);
    }

    /** The first ~200 characters: what an inbox list or a lock screen shows. */
    private static String opening(String text) {
        return text.substring(0, Math.min(200, text.length()));
    }

    private static String visibleText(String html) {
        String body = html.substring(html.indexOf("<body"));
        return body.replaceAll("<[^>]+>", " ")
                .replaceAll("&[a-z]+;", " ")
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static String withoutUrls(String text) {
        return text.replaceAll("https?://[^\\s\"<]+", "");
    }

    @Test
    void overdoseSafetyCoversToleranceNotAloneNaloxoneAndTheMembersOwnPlan() {
        RenderedEmail email = render(OutreachKind.OVERDOSE_SAFETY, Urgency.URGENT);
        assertThat(email.text())
                .contains("tolerance is lower")
                .contains("Don't use alone")
                .contains("naloxone")
                .contains("Call my sister")
                .contains("Walk around the block");
        assertThat(email.html()).contains("<li>Call my sister</li>");
    }

    @Test
    void crisisSupportPutsTheCrisisLinesFirstAndAddsTheCopingPlan() {
        RenderedEmail email = render(OutreachKind.CRISIS_SUPPORT, Urgency.URGENT);
        int lines = email.text().indexOf("988");
        int plan = email.text().indexOf("Call my sister");
        int signoff = email.text().indexOf("Take care,");
        assertThat(lines).isPositive().isLessThan(plan);
        assertThat(plan).isLessThan(signoff);
        // Urgent email carries no unsubscribe link.
        assertThat(email.text()).doesNotContain(Links.UNSUBSCRIBE);
    }

    @Test
    void aMilestoneSaysTheDaysKindlyInTheBodyOnly() {
        RenderedEmail email = render(OutreachKind.MILESTONE, Urgency.ROUTINE);
        assertThat(email.text()).contains("It has been 30 days");
        assertThat(email.subject() + email.preview()).doesNotContainPattern("\\d");
    }

    @Test
    void aMilestoneCarriesTheMembersOwnProgressLinkAndEncouragementDoesNot() {
        RenderedEmail email = render(OutreachKind.MILESTONE, Urgency.ROUTINE);
        assertThat(email.text()).contains("See your check-ins so far");
        LinkToken token = token(email.text(), LinkKind.PROGRESS.path());
        assertThat(token.kind()).contains(LinkKind.PROGRESS);
        assertThat(token.subject()).isEqualTo(Links.SUBJECT_MEMBER);
        assertThat(token.memberId()).isEqualTo(Samples.MEMBER_ID);
        assertThat(token.expiresAt()).isEqualTo(Samples.NOW.plus(Duration.ofDays(30)));
        assertThat(email.html()).contains(LinkKind.PROGRESS.path());
        assertThat(email.subject() + " " + email.preview()).doesNotContainPattern(NeutralWordingTest.FORBIDDEN);

        assertThat(render(OutreachKind.ENCOURAGEMENT, Urgency.ROUTINE).text()).doesNotContain(LinkKind.PROGRESS.path());
    }

    @Test
    void theInvitationSaysWhatTheContactWouldReceiveAndCarriesARespondLink() {
        RenderedEmail email = render(OutreachKind.CONTACT_INVITATION, Urgency.ROUTINE);
        assertThat(email.text()).contains("If you accept, you may receive:").contains("no answers, no details");
        LinkToken token = token(email.text(), Links.CONTACT_INVITATION);
        assertThat(token.purpose()).isEqualTo(Links.PURPOSE_CONTACT);
        assertThat(token.subject()).isEqualTo(Samples.CONTACT_ID);
        assertThat(token.action()).isEqualTo("respond");
        assertThat(token.expiresAt()).isEqualTo(Samples.NOW.plus(Duration.ofDays(14)));
    }

    @Test
    void theEscalationAlertHasTheMinimumAndAnAcknowledgeLinkValidForSevenDays() {
        RenderedEmail email = render(OutreachKind.ESCALATION_ALERT, Urgency.URGENT);
        assertThat(email.text())
                .contains("Sam")
                .doesNotContain("help-requested")
                .doesNotContain("Rough day");
        LinkToken token = token(email.text(), Links.ACKNOWLEDGE);
        assertThat(token.subject()).isEqualTo(Samples.ESCALATION_ID + ":" + Samples.CONTACT_ID);
        assertThat(token.expiresAt()).isEqualTo(Samples.NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void nonUrgentMemberEmailCarriesSignedUnsubscribeAndPauseLinks() {
        RenderedEmail email = render(OutreachKind.ENCOURAGEMENT, Urgency.ROUTINE);
        LinkToken unsubscribe = token(email.text(), Links.UNSUBSCRIBE);
        assertThat(unsubscribe.purpose()).isEqualTo(Links.PURPOSE_UNSUBSCRIBE);
        assertThat(unsubscribe.subject()).isEqualTo("member");
        assertThat(unsubscribe.action()).isEqualTo("unsubscribe");
        assertThat(unsubscribe.expiresAt()).isEqualTo(Samples.NOW.plus(Duration.ofDays(90)));
        LinkToken pause = token(email.text(), Links.PAUSE);
        assertThat(pause.purpose()).isEqualTo(Links.PURPOSE_PAUSE);
        assertThat(pause.subject()).isEqualTo("member");
        assertThat(pause.action()).isEqualTo("pause");
    }

    @Test
    void theWeeklySummaryIsNeutralCarriesTheProgressLinkAndTheCrisisLinesAndCountsNoDays() {
        RenderedEmail email = render(OutreachKind.WEEKLY_SUMMARY, Urgency.SCHEDULED, Map.of());

        assertThat(email.subject()).isEqualTo("Your week at a glance");
        assertThat(email.subject() + " " + email.preview()).doesNotContainPattern(NeutralWordingTest.FORBIDDEN);
        for (String part : new String[] {email.text(), email.html()}) {
            LinkToken progress = token(part, LinkKind.PROGRESS.path());
            assertThat(progress.kind()).contains(LinkKind.PROGRESS);
            assertThat(progress.memberId()).isEqualTo(Samples.MEMBER_ID);
            assertThat(progress.subject()).isEqualTo(Links.SUBJECT_MEMBER);
            assertThat(part)
                    .contains("See your week")
                    .contains("No one else is shown it")
                    .contains("turn it off on your page")
                    .contains("988 (call or text)")
                    .contains("SAMHSA National Helpline 1-800-662-4357")
                    .doesNotContainPattern("(?i)\\b\\d+\\s*days?\\b")
                    .doesNotContainPattern("(?i)recover");
        }
        // Not the generic note: its own words.
        assertThat(email.text()).doesNotContain("We wanted to reach out and see how you are doing.");
    }

    private static LinkToken token(String text, String path) {
        Matcher link =
                Pattern.compile(Pattern.quote(path) + "([A-Za-z0-9_.-]+)").matcher(text);
        assertThat(link.find()).as("link %s", path).isTrue();
        try {
            return TestFixtures.SIGNER.verify(link.group(1));
        } catch (Exception e) {
            throw new AssertionError("link does not verify: " + e.getMessage(), e);
        }
    }
}
