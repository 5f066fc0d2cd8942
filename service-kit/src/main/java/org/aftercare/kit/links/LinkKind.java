package org.aftercare.kit.links;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Every kind of link an email carries, and what a link of each kind grants: the one owner of the
 * link contract between the notifier (which seals links) and the scheduler (which serves their
 * pages and opens them). Per kind: the page's path, the purpose and action sealed into the token
 * (their wire spelling; links already sent keep working as long as these stay), whether a link
 * acts once or may be used again, the rule its subject follows, whether it goes to a support
 * contact (then it must carry {@link Links#contactBinding}, and a member link must not) and how
 * long it stays valid.
 *
 * <p>The notifier seals only through {@link #grant} (which refuses a subject or binding the kind
 * does not take); the scheduler accepts a token only as the kind its page serves ({@link #of}).
 * Two kinds share the unsubscribe page: a member's (subject {@link Links#SUBJECT_MEMBER}) and a
 * contact's (subject the contactId); the subject tells them apart.
 */
public enum LinkKind {

    /** The check-in form: GET shows it, POST answers. Valid until the check-in closes plus the late-answer window. */
    CHECK_IN("/c/", "checkin", "answer", Use.SINGLE, Subject.CHECK_IN_ID, Audience.MEMBER, null),
    /** A contact confirms or declines being a support contact. */
    CONTACT_INVITATION(
            "/i/", "contact", "respond", Use.SINGLE, Subject.CONTACT_ID, Audience.CONTACT, Duration.ofDays(14)),
    /** "I've reached out": which escalation, and which contact acknowledges it ({@link Links#escalationSubject}). */
    ACKNOWLEDGE(
            "/a/",
            "escalation",
            "acknowledge",
            Use.SINGLE,
            Subject.ESCALATION_AND_CONTACT,
            Audience.CONTACT,
            Duration.ofDays(7)),
    /** The member's RFC 8058 one-click unsubscribe (and its page). Unsubscribing twice is harmless. */
    MEMBER_UNSUBSCRIBE(
            "/u/", "unsubscribe", "unsubscribe", Use.REUSABLE, Subject.MEMBER, Audience.MEMBER, Duration.ofDays(90)),
    /** A contact's RFC 8058 one-click unsubscribe (and its page). */
    CONTACT_UNSUBSCRIBE(
            "/u/",
            "unsubscribe",
            "unsubscribe",
            Use.REUSABLE,
            Subject.CONTACT_ID,
            Audience.CONTACT,
            Duration.ofDays(90)),
    /** Pause check-ins until staff resume them. */
    PAUSE("/p/", "pause", "pause", Use.SINGLE, Subject.MEMBER, Audience.MEMBER, Duration.ofDays(90)),
    /**
     * "I need help now", at any time, from every member email and page. Every use is acted on (the
     * scheduler limits how often per member), so it is reusable and long-lived.
     */
    HELP("/h/", "help", "request", Use.REUSABLE, Subject.MEMBER, Audience.MEMBER, Duration.ofDays(90)),
    /**
     * "Were you able to reach them?" (yes / not yet), sent to a contact a while after "I've reached
     * out": which escalation and which contact ({@link Links#escalationSubject}).
     */
    REACH_FOLLOW_UP(
            "/r/",
            "escalation",
            "reach",
            Use.SINGLE,
            Subject.ESCALATION_AND_CONTACT,
            Audience.CONTACT,
            Duration.ofDays(3)),
    /** "I'll be away until ...": the member sets a planned absence (a hospital stay, travel). Setting it again moves the date. */
    AWAY("/w/", "away", "set", Use.REUSABLE, Subject.MEMBER, Audience.MEMBER, Duration.ofDays(90)),
    /**
     * A staff flag, from a staff email: shows it and lets the staff member acknowledge, mark
     * contacted or resolve it. Short-lived; which flag and which staff member
     * ({@link Links#flagSubject}; {@code on-call} for the on-call address).
     */
    STAFF_FLAG("/f/", "flag", "act", Use.REUSABLE, Subject.FLAG_AND_STAFF, Audience.STAFF, Duration.ofHours(24)),
    /**
     * The member's own progress page (days since their recovery date, milestones, check-in streak,
     * the last weeks, their craving and mood): read-only, shown to no one else. From milestone
     * emails; reusable and valid for 30 days.
     */
    PROGRESS("/s/", "progress", "view", Use.REUSABLE, Subject.MEMBER, Audience.MEMBER, Duration.ofDays(30)),

    /**
     * A questionnaire the member was asked to fill in (issue 13): which occurrence ({@code qn-...}).
     * Reusable for the occurrence's whole life, so a member who leaves half-way resumes from the same
     * link; the scheduler saves each answer on POST and refuses the link once the occurrence is
     * completed or expired.
     */
    QUESTIONNAIRE(
            "/q/",
            "questionnaire",
            "answer",
            Use.REUSABLE,
            Subject.QUESTIONNAIRE_ID,
            Audience.MEMBER,
            Duration.ofDays(7));

    /** Does a link act once (the scheduler records it as spent) or may it be used again? */
    public enum Use {
        SINGLE,
        REUSABLE
    }

    /** Who a link is sent to. */
    public enum Audience {
        MEMBER,
        CONTACT,
        /** A staff member of the program, or the on-call address. */
        STAFF
    }

    /** The rule a link's subject follows. */
    public enum Subject {
        /** A check-in id ({@code ci-...}, see {@code Ids.checkInId}). */
        CHECK_IN_ID,
        /** A contact id. */
        CONTACT_ID,
        /** {@code escalationId:contactId} ({@link Links#escalationSubject}). */
        ESCALATION_AND_CONTACT,
        /** The member themself: {@link Links#SUBJECT_MEMBER}. */
        MEMBER,
        /** {@code flagId:staffId} ({@link Links#flagSubject}). */
        FLAG_AND_STAFF,
        /** A questionnaire occurrence id ({@code qn-...}). */
        QUESTIONNAIRE_ID;

        /** Does this subject follow the rule? */
        public boolean accepts(String subject) {
            if (subject == null || subject.isBlank()) {
                return false;
            }
            boolean member = subject.equals(Links.SUBJECT_MEMBER);
            return switch (this) {
                case MEMBER -> member;
                case CHECK_IN_ID -> !member && subject.startsWith("ci-") && subject.indexOf(':') < 0;
                case CONTACT_ID -> !member && subject.indexOf(':') < 0;
                case ESCALATION_AND_CONTACT -> Links.parseEscalationSubject(subject) != null;
                case FLAG_AND_STAFF -> subject.startsWith("flag-") && Links.parseFlagSubject(subject) != null;
                case QUESTIONNAIRE_ID -> subject.startsWith("qn-") && subject.indexOf(':') < 0;
            };
        }
    }

    private final String path;
    private final String purpose;
    private final String action;
    private final Use use;
    private final Subject subject;
    private final Audience audience;
    private final Duration validFor;

    LinkKind(
            String path,
            String purpose,
            String action,
            Use use,
            Subject subject,
            Audience audience,
            Duration validFor) {
        this.path = path;
        this.purpose = purpose;
        this.action = action;
        this.use = use;
        this.subject = subject;
        this.audience = audience;
        this.validFor = validFor;
    }

    /** The page's path, followed by the token ({@code /c/}). */
    public String path() {
        return path;
    }

    /** The purpose as sealed into the token (its wire spelling). */
    public String purpose() {
        return purpose;
    }

    /** The action as sealed into the token (its wire spelling). */
    public String action() {
        return action;
    }

    public Use use() {
        return use;
    }

    public boolean singleUse() {
        return use == Use.SINGLE;
    }

    public Subject subject() {
        return subject;
    }

    public Audience audience() {
        return audience;
    }

    /** Is it sent to a support contact, and so bound to the contact's naming and address? */
    public boolean contactLink() {
        return audience == Audience.CONTACT;
    }

    /**
     * How long a link of this kind works from when it is sealed; empty for a check-in link, which
     * works until its check-in closes (its respondBy) plus the late-answer window of the signer.
     */
    public Optional<Duration> validFor() {
        return Optional.ofNullable(validFor);
    }

    /** When a link of a kind with a fixed validity, sealed at {@code now}, stops working. */
    public Instant expiresAt(Instant now) {
        if (validFor == null) {
            throw new IllegalStateException(this + " links are valid until their check-in closes: give the expiry");
        }
        return now.plus(validFor);
    }

    /**
     * What a new link of this kind grants, with a fresh nonce. Refuses a subject the kind does not
     * take, a contact link without a binding and a member link with one, so the notifier cannot
     * seal a link the scheduler would not open.
     *
     * @param binding {@link Links#contactBinding} for a contact link, null for a member link
     */
    public LinkToken grant(String memberId, String subjectValue, Instant expiresAt, String binding) {
        if (!subject.accepts(subjectValue)) {
            throw new IllegalArgumentException(this + " links take a subject of the form " + subject);
        }
        if (contactLink() != (binding != null)) {
            throw new IllegalArgumentException(
                    contactLink()
                            ? this + " links go to a contact and must be bound to it"
                            : this + " links go to the member and carry no binding");
        }
        return new LinkToken(purpose, memberId, subjectValue, action, expiresAt, LinkSigner.newNonce(), binding);
    }

    /** Seals a new link of this kind; returns its path with the token ({@code /c/<token>}). */
    public String seal(LinkSigner signer, String memberId, String subjectValue, Instant expiresAt, String binding) {
        return path + signer.sign(grant(memberId, subjectValue, expiresAt, binding));
    }

    /** Is this token one of this kind: purpose, action and subject as the kind has them? */
    public boolean matches(LinkToken token) {
        return purpose.equals(token.purpose()) && action.equals(token.action()) && subject.accepts(token.subject());
    }

    /** The kind of an opened token, or empty when its purpose, action and subject fit no kind. */
    public static Optional<LinkKind> of(LinkToken token) {
        for (LinkKind kind : values()) {
            if (kind.matches(token)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
