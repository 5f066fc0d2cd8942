package org.aftercare.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Every kind, rendered for its audience: own template, crisis lines or disclosure, links, data codes. */
class EveryKindTest {

    private final EmailRenderer renderer = new EmailRenderer();
    private final TemplateModel models = TestFixtures.models();
    private final MemberProfile profile = Samples.memberProfile();
    /** Codes the streams engineer sends, plus a key nobody knows: rendered harmlessly. */
    private static final Map<String, String> DATA = Map.of("reason", "help-requested", "step", "2", "loop", "1",
            "milestone", "days-30", "unknownKey", "<script>x</script>");

    private RenderedEmail render(OutreachKind kind, Urgency urgency) {
        RecipientRole role = EmailRenderer.primaryAudience(kind);
        OutreachRequest.Builder b = OutreachRequest.builder(Samples.MEMBER_ID, "n-" + kind, kind).urgency(urgency)
                .data(DATA).checkInId(kind == OutreachKind.CHECK_IN_PROMPT || kind == OutreachKind.LATE_REMINDER
                        || kind == OutreachKind.MISSED_CHECK_IN ? Samples.CHECK_IN_ID : null);
        if (role == RecipientRole.CONTACT) {
            b.to(Recipient.contact(Samples.CONTACT_ID)).consentScope(ConsentScope.USE_REPORTED)
                    .escalationId(Samples.ESCALATION_ID);
            OutreachRequest r = b.build(Samples.NOW);
            return renderer.render(kind, role, Locale.ENGLISH,
                    models.forContact(r, profile, profile.contact(Samples.CONTACT_ID).orElseThrow()));
        }
        return renderer.render(kind, role, Locale.ENGLISH, models.forMember(b.build(Samples.NOW), profile));
    }

    @ParameterizedTest
    @EnumSource(OutreachKind.class)
    void everyKindHasItsOwnTemplateAndTheRightSafetyText(OutreachKind kind) {
        assertThat(EmailRenderer.hasOwnTemplate(kind)).isTrue();
        RenderedEmail email = render(kind, Urgency.ROUTINE);
        if (EmailRenderer.primaryAudience(kind) == RecipientRole.MEMBER) {
            for (String part : new String[] {email.text(), email.html()}) {
                assertThat(part).contains("988").contains("1-800-662-4357");
                assertThat(part).doesNotContain("42 CFR");
            }
        } else {
            for (String part : new String[] {email.text(), email.html()}) {
                assertThat(part).contains("42 CFR part 2").contains("988");
            }
        }
        // Unknown data keys never show, raw or escaped.
        assertThat(email.html()).doesNotContain("<script>").doesNotContain("&lt;script");
        assertThat(email.text()).doesNotContain("<script>");
    }

    @Test
    void overdoseSafetyCoversToleranceNotAloneNaloxoneAndTheMembersOwnPlan() {
        RenderedEmail email = render(OutreachKind.OVERDOSE_SAFETY, Urgency.URGENT);
        assertThat(email.text()).contains("tolerance is lower").contains("Don't use alone").contains("naloxone")
                .contains("Call my sister").contains("Walk around the block");
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
    void theInvitationSaysWhatTheContactWouldReceiveAndCarriesARespondLink() {
        RenderedEmail email = render(OutreachKind.CONTACT_INVITATION, Urgency.ROUTINE);
        assertThat(email.text()).contains("If you accept, you may receive:").contains("no answers, no details");
        LinkToken token = token(email.text(), Links.CONTACT_INVITATION);
        assertThat(token.purpose()).isEqualTo(Links.PURPOSE_CONTACT);
        assertThat(token.subject()).isEqualTo(Samples.CONTACT_ID);
        assertThat(token.action()).isEqualTo("respond");
        assertThat(token.expiresAt()).isEqualTo(Samples.NOW.plus(java.time.Duration.ofDays(14)));
    }

    @Test
    void theEscalationAlertHasTheMinimumAndAnAcknowledgeLinkValidForSevenDays() {
        RenderedEmail email = render(OutreachKind.ESCALATION_ALERT, Urgency.URGENT);
        assertThat(email.text()).contains("Sam").doesNotContain("help-requested").doesNotContain("Rough day");
        LinkToken token = token(email.text(), Links.ACKNOWLEDGE);
        assertThat(token.subject()).isEqualTo(Samples.ESCALATION_ID + ":" + Samples.CONTACT_ID);
        assertThat(token.expiresAt()).isEqualTo(Samples.NOW.plus(java.time.Duration.ofDays(7)));
    }

    @Test
    void nonUrgentMemberEmailCarriesSignedUnsubscribeAndPauseLinks() {
        RenderedEmail email = render(OutreachKind.ENCOURAGEMENT, Urgency.ROUTINE);
        LinkToken unsubscribe = token(email.text(), Links.UNSUBSCRIBE);
        assertThat(unsubscribe.purpose()).isEqualTo(Links.PURPOSE_UNSUBSCRIBE);
        assertThat(unsubscribe.subject()).isEqualTo("member");
        assertThat(unsubscribe.action()).isEqualTo("unsubscribe");
        assertThat(unsubscribe.expiresAt()).isEqualTo(Samples.NOW.plus(java.time.Duration.ofDays(90)));
        LinkToken pause = token(email.text(), Links.PAUSE);
        assertThat(pause.purpose()).isEqualTo(Links.PURPOSE_PAUSE);
        assertThat(pause.subject()).isEqualTo("member");
        assertThat(pause.action()).isEqualTo("pause");
    }

    private static LinkToken token(String text, String path) {
        Matcher link = Pattern.compile(Pattern.quote(path) + "([A-Za-z0-9_.-]+)").matcher(text);
        assertThat(link.find()).as("link %s", path).isTrue();
        try {
            return TestFixtures.SIGNER.verify(link.group(1));
        } catch (Exception e) {
            throw new AssertionError("link does not verify: " + e.getMessage(), e);
        }
    }
}
