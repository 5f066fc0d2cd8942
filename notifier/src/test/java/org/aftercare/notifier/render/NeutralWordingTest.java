package org.aftercare.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.aftercare.events.Samples;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.notifier.TestFixtures;
import org.junit.jupiter.api.Test;

/**
 * Everything visible in an inbox list or on a lock screen (subject, preview, sender name) must
 * not reveal recovery: checked over every kind, for every recipient role, and over every subject
 * and preview in the message bundle, against a list of words that would.
 */
class NeutralWordingTest {

    static final Pattern FORBIDDEN = Pattern.compile(
            "\\b(recover\\w*|addict\\w*|relaps\\w*|heroin|opioid\\w*|opiate\\w*|fentanyl|drugs?|sober\\w*|sobriety"
                    + "|clean|treatment|overdos\\w*|rehab\\w*|detox\\w*|naloxone|narcan|methadone|suboxone"
                    + "|buprenorphine|substance\\w*|abstinen\\w*|narcotic\\w*|craving\\w*|using|withdrawal"
                    + "|42 cfr|sud|aa|na|meeting|sponsor|counsel\\w*|crisis|milestone|overdue)\\b"
                    + "|\\b\\d+\\s*(days?|weeks?|months?|years?)\\b",
            Pattern.CASE_INSENSITIVE);

    private final EmailRenderer renderer = new EmailRenderer();
    private final TemplateModel models = TestFixtures.models();

    @Test
    void subjectsPreviewsAndSenderNameRevealNothingForAnyKindOrRecipient() {
        MemberProfile profile = Samples.memberProfile();
        List<String> visible = new ArrayList<>();
        visible.add("Check-in"); // OUTREACH_MAIL_FROM_NAME default
        Map<String, String> flag = new HashMap<>(TestFixtures.flagData("critical", "need-help,use-reported"));
        flag.putAll(TestFixtures.digestData(List.of(Samples.MEMBER_ID), Map.of("more", "3")));
        for (OutreachKind kind : OutreachKind.values()) {
            for (String severity : List.of("critical", "high", "medium")) {
                flag.put("severity", severity);
                OutreachRequest toStaff = OutreachRequest.builder(Samples.MEMBER_ID, "n", kind)
                        .to(Recipient.staff(Samples.STAFF_ID))
                        .data(flag)
                        .build(Samples.NOW);
                OutreachRequest toOnCall = OutreachRequest.builder(Samples.MEMBER_ID, "n", kind)
                        .to(Recipient.ON_CALL)
                        .data(flag)
                        .build(Samples.NOW);
                Map<String, Object> staffModel = kind == OutreachKind.STAFF_DIGEST
                        ? models.forStaffDigest(
                                toStaff,
                                Samples.staffMember(),
                                TestFixtures.digestOf(toStaff, id -> Optional.of(profile)))
                        : models.forStaff(toStaff, profile, Samples.staffMember(), TestFixtures.flagOf(toStaff));
                for (RenderedEmail e : List.of(
                        renderer.render(kind, RecipientRole.STAFF, Locale.ENGLISH, staffModel),
                        renderer.render(
                                kind,
                                RecipientRole.ON_CALL,
                                Locale.ENGLISH,
                                models.forOnCall(toOnCall, profile, TestFixtures.flagOf(toOnCall))))) {
                    visible.add(e.subject());
                    visible.add(e.preview());
                    // Who the member is stays inside the email: not in what the inbox shows.
                    assertThat(e.subject() + " " + e.preview())
                            .as("%s %s", kind, severity)
                            .doesNotContain("Sam")
                            .doesNotContain("EXT-1001");
                }
            }
            OutreachRequest toMember = OutreachRequest.builder(Samples.MEMBER_ID, "n", kind)
                    .checkInId(Samples.CHECK_IN_ID)
                    .data(with(
                            TestFixtures.questionnaireData(),
                            Map.of("days", "30", "reason", "use-reported", "milestone", "days-30", "step", "2")))
                    .build(Samples.NOW);
            OutreachRequest toContact = OutreachRequest.builder(Samples.MEMBER_ID, "n", kind)
                    .to(Recipient.contact(Samples.CONTACT_ID))
                    .consentScope(ConsentScope.USE_REPORTED)
                    .escalationId(Samples.ESCALATION_ID)
                    .data(with(
                            TestFixtures.questionnaireData(),
                            Map.of("days", "30", "reason", "use-reported", "milestone", "days-30", "step", "2")))
                    .build(Samples.NOW);
            RenderedEmail member =
                    renderer.render(kind, RecipientRole.MEMBER, Locale.ENGLISH, models.forMember(toMember, profile));
            RenderedEmail contact = renderer.render(
                    kind,
                    RecipientRole.CONTACT,
                    Locale.ENGLISH,
                    models.forContact(
                            toContact,
                            profile,
                            profile.contact(Samples.CONTACT_ID).orElseThrow()));
            OutreachRequest toOnCall = OutreachRequest.builder(Samples.MEMBER_ID, "n", kind)
                    .to(Recipient.ON_CALL)
                    .data(with(flag, Map.of("days", "30", "reason", "unsubscribed", "resolvedBy", "acknowledged")))
                    .build(Samples.NOW);
            RenderedEmail onCall = renderer.render(
                    kind,
                    RecipientRole.ON_CALL,
                    Locale.ENGLISH,
                    models.forOnCall(toOnCall, profile, TestFixtures.flagOf(toOnCall)));
            for (RenderedEmail e : List.of(member, contact, onCall)) {
                visible.add(e.subject());
                visible.add(e.preview());
            }
        }
        assertThat(visible).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContainPattern(FORBIDDEN));
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new HashMap<>(a);
        all.putAll(b);
        return all;
    }

    @Test
    void everySubjectAndPreviewInTheBundleIsNeutral() {
        Map<String, String> all = new Messages().all(Locale.ENGLISH);
        List<String> visible = all.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".subject") || e.getKey().endsWith(".preview"))
                .map(Map.Entry::getValue)
                .toList();
        assertThat(visible)
                .hasSizeGreaterThan(10)
                .allSatisfy(text -> assertThat(text).doesNotContainPattern(FORBIDDEN));
    }

    @Test
    void theWordListCatchesWhatItMustCatch() {
        assertThat(List.of(
                        "Your recovery check-in",
                        "Day 30 sober",
                        "Relapse alert",
                        "You are 14 days clean",
                        "Drug-free for 2 weeks",
                        "Opioid program update",
                        "Treatment reminder"))
                .allSatisfy(text -> assertThat(text).containsPattern(FORBIDDEN));
    }
}
