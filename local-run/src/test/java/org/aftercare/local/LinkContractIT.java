package org.aftercare.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.events.Ids;
import org.aftercare.events.Json;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.notifier.render.EmailRenderer;
import org.aftercare.notifier.render.RenderedEmail;
import org.aftercare.notifier.render.SignedLinks;
import org.aftercare.notifier.render.TemplateModel;
import org.aftercare.notifier.staff.FlagAlert;
import org.aftercare.notifier.staff.StaffDigest;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The link contract, both sides at once: every link the notifier's real {@link SignedLinks} puts
 * in an email (every kind, to every recipient role, at every urgency, rendered by the real
 * {@link EmailRenderer} for the profile the scheduler published) is opened with a GET on a running
 * scheduler's real page handler, and must show the page meant for it. A purpose, action, subject,
 * binding, expiry or path the two sides disagree on fails here, whichever side changed.
 */
class LinkContractIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /**
     * The page each path shows on a GET, written by hand: the scheduler's headings (the flag and
     * follow-up pages name the enrolled member, Sam).
     */
    private static final Map<String, String> HEADING_BY_PATH = Map.ofEntries(
            Map.entry("/c/", "Your check-in"),
            Map.entry("/i/", "Will you be a support contact?"),
            Map.entry("/a/", "Have you reached out?"),
            Map.entry("/u/", "Unsubscribe"),
            Map.entry("/p/", "Pause your check-ins"),
            Map.entry("/h/", "Help, right now"),
            Map.entry("/r/", "Were you able to reach Sam?"),
            Map.entry("/w/", "Away for a while?"),
            Map.entry("/f/", "A flag for Sam"),
            Map.entry("/s/", "Your check-ins so far"),
            Map.entry("/q/", "A few questions"));

    private static final Pattern HEADING = Pattern.compile("<h1>([^<]*)</h1>");

    private static SchedulerFixture scheduler;

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

    /** An enrolled member as the notifier knows them: the snapshot the scheduler published on member.profile. */
    private static MemberProfile enrolledProfile() throws Exception {
        return EnrolledMembers.confirmed(scheduler, KAFKA.bootstrapServers());
    }

    /** The links of one email, in the order they appear, text and HTML parts alike. */
    private static List<String> linksIn(RenderedEmail email) {
        Pattern link = Pattern.compile(Pattern.quote(scheduler.publicUrl()) + "(/[a-z]/[A-Za-z0-9_-]+)");
        List<String> found = new ArrayList<>();
        for (String part : List.of(email.text(), email.html())) {
            Matcher m = link.matcher(part);
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    /** Every email the notifier could render about this member, as its renderer renders it now. */
    private static List<RenderedEmail> everyEmail(
            MemberProfile profile, TemplateModel models, Instant now, Map<String, String> questionnaire) {
        EmailRenderer renderer = new EmailRenderer();
        SupportContact contact = profile.contacts().getFirst();
        String checkInId = Ids.checkInId(profile.memberId(), now);
        String escalationId = Ids.escalationId(profile.memberId(), "need-help:" + checkInId);
        String flagId = Ids.flagId(profile.memberId(), "need-help:" + checkInId);
        StaffMember staff = new StaffMember(
                "staff:staff-contract:1",
                StaffMember.SCHEMA_VERSION,
                now,
                EnrolledMembers.STAFF_ID,
                1,
                "Dana Reyes",
                "dana@program.example.org",
                Set.of(StaffRole.CLINICIAN),
                Map.of(),
                null,
                ZoneId.of("America/New_York"),
                true);
        Map<String, String> data = new HashMap<>();
        data.put("respondBy", now.plus(Duration.ofHours(6)).toString());
        data.put("milestone", "days-30");
        data.put("reason", "help-requested");
        // A staff flag's and a staff digest's data, as streams writes them (issue 11's contract).
        data.put("flagId", flagId);
        data.put("severity", "critical");
        data.put("reasons", "need-help");
        data.put("change", "raised");
        data.put("window", now.toString());
        data.put("items", "1");
        data.put("item.0.memberId", profile.memberId());
        data.put("item.0.flagId", flagId);
        data.put("item.0.severity", "high");
        data.put("item.0.reasons", "consecutive-misses");
        data.put("item.0.state", "open");
        // A questionnaire prompt's and reminder's data (issue 13's contract): an occurrence the scheduler opened.
        data.putAll(questionnaire);
        List<RenderedEmail> emails = new ArrayList<>();
        for (OutreachKind kind : OutreachKind.values()) {
            for (RecipientRole role : RecipientRole.values()) {
                for (Urgency urgency : Urgency.values()) {
                    OutreachRequest.Builder b = OutreachRequest.builder(
                                    profile.memberId(), "n-" + UUID.randomUUID(), kind)
                            .urgency(urgency)
                            .checkInId(checkInId)
                            .escalationId(escalationId)
                            .data(data);
                    Map<String, Object> model = switch (role) {
                        case MEMBER -> models.forMember(b.to(Recipient.MEMBER).build(now), profile);
                        case CONTACT ->
                            models.forContact(
                                    b.to(Recipient.contact(contact.contactId()))
                                            .consentScope(ConsentScope.HELP_REQUESTED)
                                            .build(now),
                                    profile,
                                    contact);
                        case ON_CALL -> {
                            OutreachRequest toOnCall = b.to(Recipient.ON_CALL).build(now);
                            yield models.forOnCall(toOnCall, profile, flagOf(toOnCall));
                        }
                        case STAFF -> {
                            OutreachRequest toStaff =
                                    b.to(Recipient.staff(staff.staffId())).build(now);
                            yield kind == OutreachKind.STAFF_DIGEST
                                    ? models.forStaffDigest(
                                            toStaff,
                                            staff,
                                            StaffDigest.from(toStaff.data()).listed(id -> Optional.of(profile)))
                                    : models.forStaff(toStaff, profile, staff, flagOf(toStaff));
                        }
                    };
                    emails.add(renderer.render(kind, role, Locale.ENGLISH, model));
                }
            }
        }
        return emails;
    }

    /**
     * Opens a weekly reflection for the member at the scheduler; the data of its prompt
     * ({@code questionnaireId}, {@code expiresAt}), as streams will send it.
     */
    private static Map<String, String> openQuestionnaire(String memberId) throws Exception {
        HttpResponse<String> opened = scheduler.admin(
                "POST", "/api/members/" + memberId + "/questionnaires", "{\"instrument\":\"weekly-reflection\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        var occurrence = Json.reader().readTree(opened.body());
        return Map.of(
                "questionnaireId", occurrence.get("questionnaireId").asText(),
                "expiresAt", occurrence.get("expiresAt").asText());
    }

    /** A staff flag's data as the notifier's delivery policy reads it (null for other kinds). */
    private static FlagAlert flagOf(OutreachRequest request) {
        return request.kind() == OutreachKind.STAFF_FLAG ? FlagAlert.from(request.data()) : null;
    }

    @Test
    void everyLinkTheNotifierSignsOpensItsPageOnTheScheduler() throws Exception {
        MemberProfile profile = enrolledProfile();
        Clock clock = Clock.systemUTC();
        LinkSigner signer = LinkSigner.fromSpec(SchedulerFixture.KEYS, clock);
        TemplateModel models =
                new TemplateModel(new SignedLinks(signer, scheduler.publicUrl(), Duration.ofHours(2), clock));

        Set<String> links = new LinkedHashSet<>();
        for (RenderedEmail email :
                everyEmail(profile, models, clock.instant(), openQuestionnaire(profile.memberId()))) {
            links.addAll(linksIn(email));
        }

        Set<LinkKind> kindsSigned = EnumSet.noneOf(LinkKind.class);
        Map<String, String> wrong = new LinkedHashMap<>();
        for (String link : links) {
            String path = link.substring(0, 3);
            signer.verify(link.substring(3)).kind().ifPresent(kindsSigned::add);
            HttpResponse<String> page = scheduler.get(link);
            Matcher heading = HEADING.matcher(page.body());
            String shown = page.statusCode() + " " + (heading.find() ? heading.group(1) : "(no heading)");
            if (!shown.equals("200 " + HEADING_BY_PATH.get(path))) {
                wrong.put(path + "...", shown);
            }
        }

        assertThat(wrong).as("links whose page the scheduler did not show").isEmpty();
        assertThat(kindsSigned).as("the kinds of link the notifier emits").isEqualTo(EnumSet.allOf(LinkKind.class));
        assertThat(links.stream().map(l -> l.substring(0, 3)))
                .as("a link on every page")
                .containsAll(HEADING_BY_PATH.keySet());
    }
}
