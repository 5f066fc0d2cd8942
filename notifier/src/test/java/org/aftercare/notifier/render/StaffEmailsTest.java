package org.aftercare.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
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
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.notifier.TestFixtures;
import org.junit.jupiter.api.Test;

/**
 * The emails of issue 11: a staff flag (to a staff member and to on-call), a staff digest and a
 * contact's follow-up. Expected words and link fields are written by hand from the brief's contract.
 */
class StaffEmailsTest {

    private static final String DISCLOSURE = "42 CFR part 2";
    private final EmailRenderer renderer = new EmailRenderer();
    private final TemplateModel models = TestFixtures.models();
    private final MemberProfile sam = Samples.memberProfile(); // Sam, EXT-1001

    private RenderedEmail flagToStaff(Map<String, String> data, Urgency urgency) {
        OutreachRequest request = OutreachRequest.builder(Samples.MEMBER_ID, "n-flag", OutreachKind.STAFF_FLAG)
                .to(Recipient.staff(Samples.STAFF_ID))
                .urgency(urgency)
                .data(data)
                .build(Samples.NOW);
        return renderer.render(
                OutreachKind.STAFF_FLAG,
                RecipientRole.STAFF,
                Locale.ENGLISH,
                models.forStaff(request, sam, Samples.staffMember(), TestFixtures.flagOf(request)));
    }

    @Test
    void aCriticalFlagNamesTheMemberByFirstNameAndProgramIdSaysWhatHappenedAndLinksToTheFlag() {
        RenderedEmail email =
                flagToStaff(TestFixtures.flagData("critical", "need-help,consecutive-misses"), Urgency.URGENT);

        assertThat(email.subject()).isEqualTo("Follow-up needed (urgent)");
        assertThat(email.subject() + email.preview()).doesNotContain("Sam").doesNotContain("EXT-1001");
        assertThat(email.text())
                .contains("Hello Dana Reyes,")
                .contains("Member: Sam (EXT-1001)")
                .contains("What happened: asked for help; missed check-ins")
                .contains("Severity: critical")
                .contains("This needs attention now")
                .contains(DISCLOSURE);
        assertThat(email.html()).contains("<strong>Sam</strong> (EXT-1001)").contains(DISCLOSURE);
        for (String part : List.of(email.text(), email.html())) {
            // No answers, notes, plan or address: only what the flag's codes say.
            assertThat(part)
                    .doesNotContain("sam@example.org")
                    .doesNotContain("Rough day")
                    .doesNotContain("Call my sister")
                    .doesNotContain("need-help")
                    .doesNotContain("Stop my check-in emails");
            LinkToken flag = token(part, "/f/");
            assertThat(flag.purpose()).isEqualTo("flag");
            assertThat(flag.action()).isEqualTo("act");
            assertThat(flag.memberId()).isEqualTo(Samples.MEMBER_ID);
            assertThat(flag.subject()).isEqualTo(Samples.FLAG_ID + ":staff-1");
            assertThat(flag.expiresAt()).isEqualTo(Samples.NOW.plus(Duration.ofHours(24)));
            assertThat(flag.binding()).isNull();
        }
    }

    @Test
    void aRoutineFlagHasTheRoutineSubjectAndNoUrgentNote() {
        RenderedEmail email = flagToStaff(TestFixtures.flagData("high", "use-reported"), Urgency.ROUTINE);
        assertThat(email.subject()).isEqualTo("A member needs follow-up");
        assertThat(email.text())
                .contains("What happened: reported use")
                .contains("Severity: high")
                .doesNotContain("This needs attention now");
    }

    @Test
    void everyReasonCodeHasNeutralWordsAndAnUnknownOneStillReadsAsASignal() {
        RenderedEmail email = flagToStaff(
                TestFixtures.flagData(
                        "medium",
                        "use-in-elevated-tier,critical-measure,missed-in-very-high-tier,high-craving,low-mood,"
                                + "low-answer-rate,contact-declined,a-code-from-the-future"),
                Urgency.ROUTINE);
        assertThat(email.text())
                .contains("reported use during a higher-risk period")
                .contains("a questionnaire answer needs attention")
                .contains("missed a check-in during a higher-risk period")
                .contains("answers suggest a hard stretch")
                .contains("answers suggest a low mood lately")
                .contains("answered fewer than half of recent check-ins")
                .contains("a support contact declined")
                .contains("a signal that needs follow-up")
                .doesNotContain("a-code-from-the-future")
                .doesNotContain("craving");
    }

    @Test
    void aReassignedFlagSaysItNowComesToThisStaffMember() {
        Map<String, String> data = new HashMap<>(TestFixtures.flagData("high", "consecutive-misses"));
        data.put("change", "reassigned");
        assertThat(flagToStaff(data, Urgency.ROUTINE).text())
                .contains("was not acknowledged in time and now comes to you");
    }

    @Test
    void theOnCallAddressGetsTheSameFlagWithALinkOfItsOwn() {
        OutreachRequest request = OutreachRequest.builder(Samples.MEMBER_ID, "n-oc", OutreachKind.STAFF_FLAG)
                .to(Recipient.ON_CALL)
                .urgency(Urgency.URGENT)
                .data(TestFixtures.flagData("critical", "need-help"))
                .build(Samples.NOW);
        RenderedEmail email = renderer.render(
                OutreachKind.STAFF_FLAG,
                RecipientRole.ON_CALL,
                Locale.ENGLISH,
                models.forOnCall(request, sam, TestFixtures.flagOf(request)));
        assertThat(email.subject()).isEqualTo("Follow-up needed (urgent)");
        assertThat(email.text())
                .startsWith("Hello,")
                .contains("Member: Sam (EXT-1001)")
                .contains("What happened: asked for help")
                .contains(DISCLOSURE);
        assertThat(token(email.text(), "/f/").subject()).isEqualTo(Samples.FLAG_ID + ":on-call");
    }

    @Test
    void aDigestListsEachRemainingMemberWithALinkAndLeavesAnErasedMemberOut() {
        String erased = "m-erased";
        OutreachRequest request = OutreachRequest.builder(Samples.STAFF_ID, "n-digest", OutreachKind.STAFF_DIGEST)
                .to(Recipient.staff(Samples.STAFF_ID))
                .data(TestFixtures.digestData(List.of(erased, Samples.MEMBER_ID), Map.of("more", "3")))
                .build(Samples.NOW);
        Map<String, Object> model = models.forStaffDigest(
                request,
                Samples.staffMember(),
                TestFixtures.digestOf(
                        request, id -> id.equals(Samples.MEMBER_ID) ? Optional.of(sam) : Optional.empty()));
        RenderedEmail email = renderer.render(OutreachKind.STAFF_DIGEST, RecipientRole.STAFF, Locale.ENGLISH, model);

        assertThat(email.subject()).isEqualTo("Your follow-up list");
        assertThat(email.text())
                .contains("Hello Dana Reyes,")
                .contains("- Sam (EXT-1001): missed check-ins; high; open")
                .contains("3 more open flags are not listed here")
                .contains(DISCLOSURE)
                .doesNotContain(erased)
                .doesNotContain("flag-digest-0");
        assertThat(email.html()).contains("<strong>Sam</strong> (EXT-1001)").contains(DISCLOSURE);
        LinkToken link = token(email.text(), "/f/");
        assertThat(link.memberId()).isEqualTo(Samples.MEMBER_ID);
        assertThat(link.subject()).isEqualTo("flag-digest-1:staff-1");
        assertThat(link.expiresAt()).isEqualTo(Samples.NOW.plus(Duration.ofHours(24)));
        assertThat(links(email.text(), "/f/")).hasSize(1);
    }

    @Test
    void theFollowUpAsksWhetherTheContactReachedTheMemberWithABoundLink() {
        SupportContact alex = sam.contact(Samples.CONTACT_ID).orElseThrow();
        OutreachRequest request = OutreachRequest.builder(Samples.MEMBER_ID, "n-fu", OutreachKind.CONTACT_FOLLOW_UP)
                .to(Recipient.contact(Samples.CONTACT_ID))
                .consentScope(ConsentScope.HELP_REQUESTED)
                .escalationId(Samples.ESCALATION_ID)
                .urgency(Urgency.URGENT)
                .data(Map.of("reason", "help-requested"))
                .build(Samples.NOW);
        RenderedEmail email = renderer.render(
                OutreachKind.CONTACT_FOLLOW_UP,
                RecipientRole.CONTACT,
                Locale.ENGLISH,
                models.forContact(request, sam, alex));

        assertThat(email.subject()).isEqualTo("A quick question");
        for (String part : List.of(email.text(), email.html())) {
            assertThat(part)
                    .contains("Hi Alex,")
                    .contains("Were you able to reach Sam?")
                    .contains("yes, or not yet")
                    .contains(DISCLOSURE)
                    .contains("988")
                    .doesNotContain("help-requested")
                    .doesNotContain(Links.UNSUBSCRIBE);
            LinkToken reach = token(part, "/r/");
            assertThat(reach.purpose()).isEqualTo("escalation");
            assertThat(reach.action()).isEqualTo("reach");
            assertThat(reach.subject()).isEqualTo(Samples.ESCALATION_ID + ":" + Samples.CONTACT_ID);
            assertThat(reach.expiresAt()).isEqualTo(Samples.NOW.plus(Duration.ofDays(3)));
            assertThat(reach.boundTo(Links.contactBinding("c-1", "inv-1", "alex@example.org")))
                    .isTrue();
            assertThat(reach.boundTo(Links.contactBinding("c-1", "inv-1", "alex@example.net")))
                    .isFalse();
        }
    }

    private static List<String> links(String text, String path) {
        Matcher m = Pattern.compile(Pattern.quote(path) + "([A-Za-z0-9_.-]+)").matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static LinkToken token(String text, String path) {
        List<String> found = links(text, path);
        assertThat(found).as("link %s", path).isNotEmpty();
        try {
            return TestFixtures.SIGNER.verify(found.getFirst());
        } catch (Exception e) {
            throw new AssertionError("link does not verify: " + e.getMessage(), e);
        }
    }
}
