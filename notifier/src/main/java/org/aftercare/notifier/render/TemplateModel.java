package org.aftercare.notifier.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;

/**
 * Builds the values a template may use from an intent, the member's latest profile and (for a
 * contact) the contact, and signs the links the kind needs. Minimum necessary: a contact's model
 * holds the member's first name and the links, nothing about answers; the on-call model holds ids.
 *
 * <p>Variables: {@code firstName}, {@code contactName}, {@code memberId}, {@code externalId},
 * {@code checkInUrl}, {@code respondByLocal}, {@code acknowledgeUrl}, {@code invitationUrl} (both
 * bound to the contact's address), {@code helpUrl} ("I need help now", every member email),
 * {@code copingPlan} (list), {@code unsubscribeUrl} and {@code pauseUrl} (non-urgent email),
 * {@code milestoneDays} / {@code milestoneStreak} (from {@code data.milestone} = {@code days-N} /
 * {@code streak-N}), {@code reasonHelp} / {@code reasonMissed} / {@code reasonUse} (flags from
 * {@code data.reason}, on-call only), {@code resolvedAcknowledged} / {@code resolvedAnswered} (flags
 * from {@code data.resolvedBy} of an all-clear: a contact reached out, or the member answered),
 * {@code data} (the intent's template data; unknown keys are ignored). Absent values are null. The
 * on-call model holds the member's first name only for {@code prompts-stopped}, which names the
 * member to the care team.
 */
public final class TemplateModel {

    /** Template data key with the instant the check-in closes (ISO-8601). */
    public static final String RESPOND_BY = "respondBy";
    /** Template data key of a milestone: {@code days-30}, {@code streak-7}. */
    public static final String MILESTONE = "milestone";
    /** Model key of the signed one-click unsubscribe URL (also the List-Unsubscribe header). */
    public static final String UNSUBSCRIBE_URL = "unsubscribeUrl";
    /** Template data key of an all-clear: who resolved the escalation. */
    public static final String RESOLVED_BY = "resolvedBy";

    static final String RESOLVED_BY_ACKNOWLEDGED = "acknowledged";
    static final String RESOLVED_BY_MEMBER_ANSWERED = "member-answered";

    private final SignedLinks links;

    public TemplateModel(SignedLinks links) {
        this.links = links;
    }

    public Map<String, Object> forMember(OutreachRequest request, MemberProfile profile) {
        Map<String, Object> model = base(request, profile);
        model.put("firstName", profile.firstName());
        model.put("helpUrl", links.help(profile.memberId()));
        if (request.checkInId() != null) {
            Instant respondBy = respondBy(request);
            model.put("checkInUrl", links.checkIn(profile.memberId(), request.checkInId(), respondBy));
            model.put("respondByLocal", respondBy == null ? null : localTime(respondBy, profile));
        }
        if (request.kind() == OutreachKind.COPING_PLAN
                || request.kind() == OutreachKind.OVERDOSE_SAFETY
                || request.kind() == OutreachKind.CRISIS_SUPPORT) {
            model.put("copingPlan", profile.copingPlan().isEmpty() ? null : profile.copingPlan());
        }
        if (request.kind() == OutreachKind.MILESTONE) {
            model.put("milestoneDays", count(request.data().get(MILESTONE), "days-"));
            model.put("milestoneStreak", count(request.data().get(MILESTONE), "streak-"));
        }
        if (request.urgency() != Urgency.URGENT) {
            model.put(UNSUBSCRIBE_URL, links.memberUnsubscribe(profile.memberId()));
            model.put("pauseUrl", links.pause(profile.memberId()));
        }
        return model;
    }

    public Map<String, Object> forContact(OutreachRequest request, MemberProfile profile, SupportContact contact) {
        Map<String, Object> model = base(request, profile);
        model.put("firstName", profile.firstName());
        model.put("contactName", contact.name());
        if (request.escalationId() != null && request.kind() == OutreachKind.ESCALATION_ALERT) {
            model.put("acknowledgeUrl", links.acknowledge(profile.memberId(), request.escalationId(), contact));
        }
        if (request.kind() == OutreachKind.CONTACT_INVITATION) {
            model.put("invitationUrl", links.invitation(profile.memberId(), contact));
        }
        if (request.urgency() != Urgency.URGENT) {
            model.put(UNSUBSCRIBE_URL, links.contactUnsubscribe(profile.memberId(), contact));
        }
        return model;
    }

    public Map<String, Object> forOnCall(OutreachRequest request, MemberProfile profile) {
        Map<String, Object> model = base(request, profile);
        model.put("externalId", profile.externalId());
        if (request.kind() == OutreachKind.PROMPTS_STOPPED) {
            model.put("firstName", profile.firstName());
        }
        String reason = request.data().get("reason");
        model.put("reasonHelp", "help-requested".equals(reason) ? Boolean.TRUE : null);
        model.put("reasonMissed", "missed-check-ins".equals(reason) ? Boolean.TRUE : null);
        model.put("reasonUse", "use-reported".equals(reason) ? Boolean.TRUE : null);
        return model;
    }

    private static Map<String, Object> base(OutreachRequest request, MemberProfile profile) {
        Map<String, Object> model = new HashMap<>();
        for (String key : List.of(
                "firstName",
                "contactName",
                "externalId",
                "checkInUrl",
                "respondByLocal",
                "acknowledgeUrl",
                "invitationUrl",
                "helpUrl",
                "copingPlan",
                UNSUBSCRIBE_URL,
                "pauseUrl",
                "milestoneDays",
                "milestoneStreak",
                "reasonHelp",
                "reasonMissed",
                "reasonUse")) {
            model.put(key, null);
        }
        String resolvedBy = request.data().get(RESOLVED_BY);
        model.put("resolvedAcknowledged", RESOLVED_BY_ACKNOWLEDGED.equals(resolvedBy) ? Boolean.TRUE : null);
        model.put("resolvedAnswered", RESOLVED_BY_MEMBER_ANSWERED.equals(resolvedBy) ? Boolean.TRUE : null);
        model.put("memberId", profile.memberId());
        model.put("data", request.data());
        return model;
    }

    /** N from a code such as {@code days-30} with this prefix; null when absent or not a small positive number. */
    static Integer count(String code, String prefix) {
        if (code == null || !code.startsWith(prefix)) {
            return null;
        }
        try {
            int n = Integer.parseInt(code.substring(prefix.length()));
            return n > 0 && n < 100_000 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The respondBy the intent carries in its data, else its expiry; null if neither. */
    static Instant respondBy(OutreachRequest request) {
        String raw = request.data().get(RESPOND_BY);
        if (raw != null) {
            try {
                return Instant.parse(raw);
            } catch (DateTimeParseException e) {
                // Fall through to expiresAt: a malformed hint must not block the prompt.
            }
        }
        return request.expiresAt();
    }

    private static String localTime(Instant instant, MemberProfile profile) {
        ZoneId zone = profile.timeZone();
        Locale locale = Locale.forLanguageTag(profile.locale());
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT)
                .withLocale(locale)
                .withZone(zone)
                .format(instant);
    }
}
