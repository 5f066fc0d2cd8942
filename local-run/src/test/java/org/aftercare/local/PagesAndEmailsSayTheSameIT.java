package org.aftercare.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.events.Ids;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.render.RenderedEmail;
import org.aftercare.notifier.render.SignedLinks;
import org.aftercare.notifier.render.TemplateModel;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The crisis lines and the disclosure notice read the same on the scheduler's pages as in the
 * notifier's emails: an email is rendered, its link opened on a running scheduler, and both must
 * carry the same words, written here by hand.
 */
class PagesAndEmailsSayTheSameIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final List<String> CRISIS_LINES = List.of(
            "If you need someone right now",
            "988 (call or text), any time, day or night",
            "SAMHSA National Helpline 1-800-662-4357, free and confidential, 24/7",
            "If you are in danger, call 911.");
    private static final String DISCLOSURE_NOTICE =
            "This information has been disclosed to you from records protected by "
                    + "federal confidentiality rules (42 CFR part 2). The federal rules prohibit you from making any further "
                    + "disclosure of this information unless further disclosure is expressly permitted by the written consent of "
                    + "the person to whom it pertains or as otherwise permitted by 42 CFR part 2. A general authorization for the "
                    + "release of medical or other information is not sufficient for this purpose.";

    private static SchedulerFixture scheduler;
    private final EmailRenderer renderer = new EmailRenderer();

    @BeforeAll
    static void start() throws Exception {
        scheduler = SchedulerFixture.start(SchedulerFixture.env(KAFKA.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static MemberProfile enrolledProfile() throws Exception {
        return EnrolledMembers.confirmed(scheduler, KAFKA.bootstrapServers());
    }

    private static TemplateModel models() {
        Clock clock = Clock.systemUTC();
        return new TemplateModel(new SignedLinks(
                LinkSigner.fromSpec(SchedulerFixture.KEYS, clock), scheduler.publicUrl(), Duration.ofHours(2), clock));
    }

    private static String link(String text, String path) {
        Matcher m = Pattern.compile(Pattern.quote(scheduler.publicUrl()) + "(" + path + "[A-Za-z0-9_-]+)")
                .matcher(text);
        assertThat(m.find()).as("a " + path + " link").isTrue();
        return m.group(1);
    }

    /** Text as a person reads it: tags gone, entities decoded, white space collapsed. */
    private static String readable(String html) {
        return html.replaceAll("<[^>]+>", " ")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
                .replaceAll("\\s+", " ");
    }

    @Test
    void aMembersPageAndTheEmailThatLinksToItShowTheSameCrisisLines() throws Exception {
        MemberProfile profile = enrolledProfile();
        Instant now = Instant.now();
        OutreachRequest prompt = OutreachRequest.builder(
                        profile.memberId(), "n-" + UUID.randomUUID(), OutreachKind.CHECK_IN_PROMPT)
                .to(Recipient.MEMBER)
                .urgency(Urgency.SCHEDULED)
                .checkInId(Ids.checkInId(profile.memberId(), now))
                .data(Map.of())
                .build(now);
        RenderedEmail email = renderer.render(
                OutreachKind.CHECK_IN_PROMPT,
                RecipientRole.MEMBER,
                Locale.ENGLISH,
                models().forMember(prompt, profile));

        String page = readable(scheduler.get(link(email.text(), "/c/")).body());

        for (String line : CRISIS_LINES) {
            assertThat(page).as("the check-in page").contains(line);
            assertThat(email.text()).as("the prompt's text part").contains(line);
            assertThat(readable(email.html())).as("the prompt's HTML part").contains(line);
        }
    }

    @Test
    void aContactsPageAboutTheMemberAndTheAlertShowTheSameDisclosureNotice() throws Exception {
        MemberProfile profile = enrolledProfile();
        SupportContact contact = profile.contacts().getFirst();
        Instant now = Instant.now();
        OutreachRequest alert = OutreachRequest.builder(
                        profile.memberId(), "n-" + UUID.randomUUID(), OutreachKind.ESCALATION_ALERT)
                .to(Recipient.contact(contact.contactId()))
                .consentScope(ConsentScope.HELP_REQUESTED)
                .urgency(Urgency.URGENT)
                .escalationId(Ids.escalationId(profile.memberId(), "help-request:" + UUID.randomUUID()))
                .data(Map.of())
                .build(now);
        RenderedEmail email = renderer.render(
                OutreachKind.ESCALATION_ALERT,
                RecipientRole.CONTACT,
                Locale.ENGLISH,
                models().forContact(alert, profile, contact));

        String page = readable(scheduler.get(link(email.text(), "/a/")).body());

        assertThat(page)
                .as("the acknowledgement page")
                .contains(DISCLOSURE_NOTICE)
                .contains(CRISIS_LINES.get(1));
        assertThat(email.text()).contains(DISCLOSURE_NOTICE).contains(CRISIS_LINES.get(1));
        assertThat(readable(email.html())).contains(DISCLOSURE_NOTICE);
    }
}
