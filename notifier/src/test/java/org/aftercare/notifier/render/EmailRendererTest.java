package org.aftercare.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
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
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.notifier.TestFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmailRendererTest {

    private final EmailRenderer renderer = new EmailRenderer();
    private final TemplateModel models = TestFixtures.models();

    private RenderedEmail renderForMember(OutreachRequest request, MemberProfile profile) {
        return renderer.render(
                request.kind(), RecipientRole.MEMBER, Locale.ENGLISH, models.forMember(request, profile));
    }

    @Test
    void promptCarriesASignedCheckInLinkValidUntilTheLateAnswerWindowEnds() throws Exception {
        RenderedEmail email = renderForMember(Samples.outreachRequest(), Samples.memberProfile());

        Matcher link = Pattern.compile(Pattern.quote(TestFixtures.BASE_URL + Links.CHECK_IN) + "([A-Za-z0-9_.-]+)")
                .matcher(email.html());
        assertThat(link.find()).isTrue();
        assertThat(email.text()).contains(TestFixtures.BASE_URL + Links.CHECK_IN + link.group(1));
        LinkToken token = TestFixtures.SIGNER.verify(link.group(1));
        assertThat(token.purpose()).isEqualTo(Links.PURPOSE_CHECK_IN);
        assertThat(token.memberId()).isEqualTo(Samples.MEMBER_ID);
        assertThat(token.subject()).isEqualTo(Samples.CHECK_IN_ID);
        assertThat(token.action()).isEqualTo("answer");
        assertThat(token.expiresAt()).isEqualTo(Samples.RESPOND_BY.plus(TestFixtures.LATE_WINDOW));
        assertThat(email.subject()).isEqualTo("Your check-in for today");
        assertThat(email.text()).contains("Hi Sam,").contains("3:00\u00a0PM");
        // A plain no-break space, not the JDK's narrow one: the English email is all Latin-1.
        assertThat((email.subject() + email.preview() + email.text() + email.html()).chars())
                .allMatch(c -> c <= 0xFF);
    }

    @ParameterizedTest
    @EnumSource(OutreachKind.class)
    void everyMemberEmailCarriesTheCrisisLinesInBothParts(OutreachKind kind) {
        OutreachRequest request = OutreachRequest.builder(Samples.MEMBER_ID, "n-1", kind)
                .urgency(Urgency.ROUTINE)
                .checkInId(Samples.CHECK_IN_ID)
                .data(TestFixtures.questionnaireData())
                .build(Samples.NOW);
        RenderedEmail email = renderForMember(request, Samples.memberProfile());

        for (String part : new String[] {email.text(), email.html()}) {
            assertThat(part).contains("988 (call or text)").contains("SAMHSA National Helpline 1-800-662-4357");
            assertThat(part).doesNotContain("42 CFR");
        }
    }

    @ParameterizedTest
    @EnumSource(value = OutreachKind.class, names = "CONTACT_INVITATION", mode = EnumSource.Mode.EXCLUDE)
    void everyContactEmailCarriesTheDisclosureNoticeInBothParts(OutreachKind kind) {
        MemberProfile profile = Samples.memberProfile();
        OutreachRequest request = OutreachRequest.builder(Samples.MEMBER_ID, "n-2", kind)
                .to(Recipient.contact(Samples.CONTACT_ID))
                .consentScope(ConsentScope.HELP_REQUESTED)
                .escalationId(Samples.ESCALATION_ID)
                .build(Samples.NOW);
        RenderedEmail email = renderer.render(
                kind,
                RecipientRole.CONTACT,
                Locale.ENGLISH,
                models.forContact(
                        request, profile, profile.contact(Samples.CONTACT_ID).orElseThrow()));

        for (String part : new String[] {email.text(), email.html()}) {
            assertThat(part)
                    .contains("This information has been disclosed to you from records protected by federal"
                            + " confidentiality rules (42 CFR part 2)");
            assertThat(part).contains("prohibit you from making any further disclosure");
        }
    }

    @Test
    void escalationAlertToAContactCarriesTheAcknowledgeLink() throws Exception {
        MemberProfile profile = Samples.memberProfile();
        OutreachRequest request = Samples.escalationRequest();
        RenderedEmail email = renderer.render(
                request.kind(),
                RecipientRole.CONTACT,
                Locale.ENGLISH,
                models.forContact(
                        request, profile, profile.contact(Samples.CONTACT_ID).orElseThrow()));

        Matcher link = Pattern.compile(Pattern.quote(Links.ACKNOWLEDGE) + "([A-Za-z0-9_.-]+)")
                .matcher(email.text());
        assertThat(link.find()).isTrue();
        var token = TestFixtures.SIGNER.verify(link.group(1));
        assertThat(token.subject()).isEqualTo(Samples.ESCALATION_ID + ":" + Samples.CONTACT_ID);
        assertThat(token.purpose()).isEqualTo(Links.PURPOSE_ESCALATION);
        assertThat(token.action()).isEqualTo("acknowledge");
        assertThat(email.text()).contains("Hi Alex,").contains("Sam named you");
    }

    @Test
    void aFirstNameWithMarkupIsEscapedInHtmlAndLeftAsIsInText() {
        MemberProfile profile = TestFixtures.withFirstName(Samples.memberProfile(), "<b>Sam</b> & \"co\"");
        RenderedEmail email = renderForMember(Samples.outreachRequest(), profile);

        assertThat(email.html())
                .contains("Hi &lt;b&gt;Sam&lt;/b&gt; &amp; &quot;co&quot;,")
                .doesNotContain("<b>Sam</b>");
        assertThat(email.text()).contains("Hi <b>Sam</b> & \"co\",");
    }

    @Test
    void anUnknownLanguageFallsBackToEnglish() {
        MemberProfile p = Samples.memberProfile();
        RenderedEmail email = renderer.render(
                OutreachKind.MISSED_CHECK_IN,
                RecipientRole.MEMBER,
                Locale.forLanguageTag("xx"),
                models.forMember(Samples.outreachRequest(), p));
        assertThat(email.subject()).isEqualTo("We missed you today");
    }

    @Test
    void theThreeMemberKindsHaveTemplatesOfTheirOwn() {
        assertThat(EmailRenderer.hasOwnTemplate(OutreachKind.CHECK_IN_PROMPT)).isTrue();
        assertThat(EmailRenderer.hasOwnTemplate(OutreachKind.LATE_REMINDER)).isTrue();
        assertThat(EmailRenderer.hasOwnTemplate(OutreachKind.MISSED_CHECK_IN)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(OutreachKind.class)
    void everyKindRendersForTheOnCallAddressWithoutMemberDetails(OutreachKind kind) {
        boolean staffKind = EmailRenderer.primaryAudience(kind) == RecipientRole.STAFF;
        OutreachRequest request = OutreachRequest.builder(Samples.MEMBER_ID, "n-3", kind)
                .to(Recipient.ON_CALL)
                .data(staffKind ? TestFixtures.flagData("high", "need-help") : Map.of("reason", "help-requested"))
                .build(Instant.EPOCH);
        assertThatCode(() -> {
                    RenderedEmail email = renderer.render(
                            kind,
                            RecipientRole.ON_CALL,
                            Locale.ENGLISH,
                            models.forOnCall(request, Samples.memberProfile(), TestFixtures.flagOf(request)));
                    // Staff emails name the member by the program's id; the others by the memberId.
                    assertThat(email.text())
                            .contains(kind == OutreachKind.STAFF_FLAG ? "EXT-1001" : staffKind ? "" : Samples.MEMBER_ID)
                            .doesNotContain("sam@example.org");
                    assertThat(email.text()).contains("42 CFR part 2");
                    assertThat(email.html()).contains("42 CFR part 2");
                })
                .doesNotThrowAnyException();
    }

    @Test
    void aMessageWithoutATagIsItsOwnTextInBothFormatsWhateverTheModel() {
        // Such messages are kept as text instead of being rendered for every email.
        Map<String, Object> hostile = Map.of("firstName", "<b>Sam</b> & co", "helpUrl", "https://x.example/?a=1&b=2");
        Map<String, String> all = new Messages().all(Locale.ENGLISH);
        long constant = 0;
        for (Map.Entry<String, String> message : all.entrySet()) {
            String value = message.getValue();
            if (EmailRenderer.isConstant(value)) {
                constant++;
                assertThat(renderer.renderMessage(true, value, hostile))
                        .as(message.getKey())
                        .isEqualTo(value);
                assertThat(renderer.renderMessage(false, value, hostile))
                        .as(message.getKey())
                        .isEqualTo(value);
            }
        }
        assertThat(constant).as("messages kept as text").isPositive().isLessThan(all.size());
        assertThat(EmailRenderer.isConstant("Hi {{firstName}}")).isFalse();
        assertThat(EmailRenderer.isConstant("{{=<% %>=}}Hi <%firstName%>")).isFalse();
    }
}
