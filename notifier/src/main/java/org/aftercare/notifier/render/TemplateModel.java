package org.aftercare.notifier.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aftercare.events.IsoInstants;
import org.aftercare.events.Json;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.notifier.staff.FlagAlert;
import org.aftercare.notifier.staff.StaffDigest;

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
 * {@code streak-N}), {@code progressUrl} (the member's own progress page, in milestone and weekly
 * summary emails),
 * {@code reasonHelp} / {@code reasonMissed} / {@code reasonUse} (flags from
 * {@code data.reason}, on-call only), {@code resolvedAcknowledged} / {@code resolvedAnswered} (flags
 * from {@code data.resolvedBy} of an all-clear: a contact reached out, or the member answered),
 * {@code questionnaireUrl} (the signed link to a questionnaire occurrence) and {@code openUntilLocal}
 * (when it closes: date and time in the member's zone and language), in a questionnaire prompt or
 * reminder, from {@link QuestionnaireInvite} ({@code data.questionnaireId}, {@code data.expiresAt}),
 * {@code awayUrl} ("Going away for a while?", every member email), {@code reachUrl} (a contact's
 * follow-up: were you able to reach them?), {@code data} (the intent's template data; unknown keys
 * are ignored). Absent values are null. The on-call model holds the member's first name only for
 * {@code prompts-stopped} and {@code staff-flag}, which name the member to the care team.
 *
 * <p>Staff emails ({@code staff-flag}, {@code staff-digest}, and any kind sent to a staff member)
 * name a member by {@code firstName} and {@code programId} (the externalId, else the memberId)
 * only, and say what happened in neutral words: {@code reasonText}, {@code severityText},
 * {@code changeText}, {@code urgent} (a critical flag), {@code flagUrl} (the signed, short-lived
 * link to the flag, for the staff member or on-call it goes to), and for a digest {@code items}
 * (each with those keys and {@code stateText}) and {@code more}. The words come from the
 * {@code flag.*} messages, in English (staff records carry no language yet).
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

    /** Staff emails are in the program's language until staff records carry one. */
    static final Locale STAFF_LOCALE = Locale.ENGLISH;

    private final SignedLinks links;
    private final Map<String, String> words;

    public TemplateModel(SignedLinks links) {
        this.links = links;
        this.words = new Messages().all(STAFF_LOCALE);
    }

    public Map<String, Object> forMember(OutreachRequest request, MemberProfile profile) {
        Map<String, Object> model = base(request, profile);
        model.put("firstName", profile.firstName());
        model.put("helpUrl", links.help(profile.memberId()));
        model.put("awayUrl", links.away(profile.memberId()));
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
            model.put("progressUrl", links.progress(profile.memberId()));
        }
        if (QuestionnaireInvite.carries(request.kind())) {
            // Throws InvalidIntentData rather than render a questionnaire email without its link.
            QuestionnaireInvite invite = QuestionnaireInvite.from(request);
            model.put("questionnaireUrl", links.questionnaire(profile.memberId(), invite.questionnaireId()));
            model.put("openUntilLocal", localDateTime(invite.closesAt(), profile));
        }
        if (request.kind() == OutreachKind.WEEKLY_SUMMARY) {
            model.put("progressUrl", links.progress(profile.memberId()));
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
        if (request.escalationId() != null && request.kind() == OutreachKind.CONTACT_FOLLOW_UP) {
            model.put("reachUrl", links.reachFollowUp(profile.memberId(), request.escalationId(), contact));
        }
        if (request.kind() == OutreachKind.CONTACT_INVITATION) {
            model.put("invitationUrl", links.invitation(profile.memberId(), contact));
        }
        if (request.urgency() != Urgency.URGENT) {
            model.put(UNSUBSCRIBE_URL, links.contactUnsubscribe(profile.memberId(), contact));
        }
        return model;
    }

    /** The on-call address, about one member; {@code flag} is the staff flag's data (null for other kinds). */
    public Map<String, Object> forOnCall(OutreachRequest request, MemberProfile profile, FlagAlert flag) {
        Map<String, Object> model = base(request, profile);
        model.put("externalId", profile.externalId());
        if (request.kind() == OutreachKind.PROMPTS_STOPPED) {
            model.put("firstName", profile.firstName());
        }
        if (request.kind() == OutreachKind.STAFF_FLAG) {
            putFlag(model, flag, profile, CaseFlag.ON_CALL);
        }
        String reason = request.data().get("reason");
        model.put("reasonHelp", "help-requested".equals(reason) ? Boolean.TRUE : null);
        model.put("reasonMissed", "missed-check-ins".equals(reason) ? Boolean.TRUE : null);
        model.put("reasonUse", "use-reported".equals(reason) ? Boolean.TRUE : null);
        return model;
    }

    /**
     * A staff member, about one member: a flag (with its link, for this staff member), or another
     * kind sent to the care team (first name and program id, no link). {@code flag} is the staff
     * flag's data as the delivery policy read it (null for other kinds).
     */
    public Map<String, Object> forStaff(
            OutreachRequest request, MemberProfile profile, StaffMember staff, FlagAlert flag) {
        Map<String, Object> model = base(request, profile);
        model.put("staffName", staff.name());
        model.put("externalId", profile.externalId());
        model.put("firstName", profile.firstName());
        model.put("programId", profile.programId());
        if (request.kind() == OutreachKind.STAFF_FLAG) {
            putFlag(model, flag, profile, staff.staffId());
        }
        return model;
    }

    /**
     * A staff member's digest: one entry per open flag whose member still existed when the delivery
     * policy decided ({@code digest}: an erased member is left out), each with its own link. The
     * intent's memberId is the staffId: no member profile belongs to the digest itself.
     * {@code staff} is null when the digest goes to the on-call address.
     */
    public Map<String, Object> forStaffDigest(OutreachRequest request, StaffMember staff, StaffDigest.Listed digest) {
        Map<String, Object> model = base(request, request.memberId());
        model.put("staffName", staff == null ? null : staff.name());
        String who = request.recipient().staffId() != null ? request.recipient().staffId() : CaseFlag.ON_CALL;
        List<Map<String, Object>> items = new ArrayList<>();
        for (StaffDigest.Listed.Line line : digest.lines()) {
            StaffDigest.Item item = line.item();
            Map<String, Object> entry = new HashMap<>();
            entry.put("firstName", line.member().firstName());
            entry.put("programId", line.member().programId());
            entry.put("severityText", word("flag.severity." + wire(item.severity())));
            entry.put("reasonText", reasonText(item.reasons()));
            entry.put("stateText", word("flag.state." + item.state()));
            entry.put("flagUrl", links.flag(item.memberId(), item.flagId(), who));
            items.add(entry);
        }
        model.put("items", items);
        model.put("more", digest.more() > 0 ? digest.more() : null);
        return model;
    }

    private void putFlag(Map<String, Object> model, FlagAlert flag, MemberProfile profile, String who) {
        model.put("firstName", profile.firstName());
        model.put("programId", profile.programId());
        model.put("severityText", word("flag.severity." + wire(flag.severity())));
        model.put("urgent", flag.severity() == FlagSeverity.CRITICAL ? Boolean.TRUE : null);
        model.put("reasonText", reasonText(flag.reasons()));
        model.put("changeText", words.getOrDefault("flag.change." + flag.change(), word("flag.change.raised")));
        model.put("flagUrl", links.flag(profile.memberId(), flag.flagId(), who));
    }

    /** The neutral words of each reason code, joined; a code without words reads as a general signal. */
    private String reasonText(List<String> reasons) {
        if (reasons.isEmpty()) {
            return word("flag.reason.other");
        }
        List<String> said = new ArrayList<>();
        for (String code : reasons) {
            String text = words.getOrDefault("flag.reason." + code, word("flag.reason.other"));
            if (!said.contains(text)) {
                said.add(text);
            }
        }
        return String.join("; ", said);
    }

    private String word(String key) {
        String value = words.get(key);
        if (value == null) {
            throw new IllegalStateException("no message '" + key + "'");
        }
        return value;
    }

    private static String wire(FlagSeverity severity) {
        return Json.convert(severity, String.class);
    }

    private static Map<String, Object> base(OutreachRequest request, MemberProfile profile) {
        return base(request, profile.memberId());
    }

    private static Map<String, Object> base(OutreachRequest request, String memberId) {
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
                "progressUrl",
                "questionnaireUrl",
                "openUntilLocal",
                "reasonHelp",
                "reasonMissed",
                "reasonUse",
                "awayUrl",
                "reachUrl",
                "staffName",
                "programId",
                "severityText",
                "urgent",
                "reasonText",
                "changeText",
                "flagUrl",
                "items",
                "more")) {
            model.put(key, null);
        }
        String resolvedBy = request.data().get(RESOLVED_BY);
        model.put("resolvedAcknowledged", RESOLVED_BY_ACKNOWLEDGED.equals(resolvedBy) ? Boolean.TRUE : null);
        model.put("resolvedAnswered", RESOLVED_BY_MEMBER_ANSWERED.equals(resolvedBy) ? Boolean.TRUE : null);
        model.put("memberId", memberId);
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
            Instant plain = IsoInstants.parse(raw); // the form streams writes, without the general parser
            if (plain != null) {
                return plain;
            }
            try {
                return Instant.parse(raw);
            } catch (DateTimeParseException e) {
                // Fall through to expiresAt: a malformed hint must not block the prompt.
            }
        }
        return request.expiresAt();
    }

    private static String localTime(Instant instant, MemberProfile profile) {
        return localTime(instant, profile.timeZone(), profile.locale());
    }

    /** Date and time: a questionnaire stays open for days, so the time alone would not say which day. */
    private static String localDateTime(Instant instant, MemberProfile profile) {
        return localDateTime(instant, profile.timeZone(), profile.locale());
    }

    private static final int MAX_CACHED_LANGUAGES = 256;
    private static final char NARROW_NO_BREAK_SPACE = '\u202F';
    private static final char NO_BREAK_SPACE = '\u00A0';
    private static final Map<String, DateTimeFormatter> TIME = new ConcurrentHashMap<>();
    private static final Map<String, DateTimeFormatter> DATE_TIME = new ConcurrentHashMap<>();

    /**
     * As {@code DateTimeFormatter.ofLocalizedDateTime(date, time).withLocale(..).withZone(zone)},
     * with the locale's pattern looked up once per language tag instead of for every email, and a
     * plain no-break space where the JDK writes a narrow one.
     */
    private static String format(
            Map<String, DateTimeFormatter> cache,
            FormatStyle time,
            FormatStyle date,
            Instant instant,
            ZoneId zone,
            String languageTag) {
        DateTimeFormatter formatter = cache.get(languageTag);
        if (formatter == null) {
            Locale locale = Locale.forLanguageTag(languageTag);
            formatter = DateTimeFormatter.ofPattern(
                    DateTimeFormatterBuilder.getLocalizedDateTimePattern(date, time, IsoChronology.INSTANCE, locale),
                    locale);
            if (cache.size() < MAX_CACHED_LANGUAGES) { // a profile's language is data: keep the cache bounded
                cache.put(languageTag, formatter);
            }
        }
        // The JDK (CLDR 42 and later) puts a narrow no-break space (U+202F) before "AM"/"PM"; some
        // mail clients' fonts show it as a box, and it is the one character of an English email
        // outside Latin-1, which doubles the size of every string the email is built from. A plain
        // no-break space keeps the time on one line.
        return formatter.format(instant.atZone(zone)).replace(NARROW_NO_BREAK_SPACE, NO_BREAK_SPACE);
    }

    static String localTime(Instant instant, ZoneId zone, String languageTag) {
        return format(TIME, FormatStyle.SHORT, null, instant, zone, languageTag);
    }

    static String localDateTime(Instant instant, ZoneId zone, String languageTag) {
        return format(DATE_TIME, FormatStyle.SHORT, FormatStyle.FULL, instant, zone, languageTag);
    }
}
