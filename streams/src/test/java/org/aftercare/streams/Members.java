package org.aftercare.streams;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.aftercare.events.Samples;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.Preferences;
import org.aftercare.events.profile.SupportContact;

/** Test members: profiles built from the golden sample with the parts a scenario varies, and their check-ins. */
final class Members {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** The answer link in a check-in prompt, and the one in its late reminder. */
    static final String PROMPT_LINK = "link-prompt";

    static final String REMINDER_LINK = "link-reminder";

    private Members() {}

    /** A builder of one member's profile snapshots; each {@link #profile()} has the next revision. */
    static Member member(String memberId) {
        return new Member(memberId);
    }

    static SupportContact contact(String id, ContactState state, ConsentScope... scopes) {
        return new SupportContact(id, "Name " + id, id + "@example.org", "friend", Set.of(scopes), state);
    }

    /** A contact named under the scheduler's naming {@code invitationId} (a new one on each re-invitation). */
    static SupportContact named(String id, ContactState state, String invitationId, ConsentScope... scopes) {
        return new SupportContact(id, "Name " + id, id + "@example.org", "friend", Set.of(scopes), state, invitationId);
    }

    static SupportContact confirmed(String id, ConsentScope... scopes) {
        return contact(id, ContactState.CONFIRMED, scopes);
    }

    static final class Member {
        final String id;
        private long revision;
        private MemberStatus status = MemberStatus.ACTIVE;
        private LocalDate recoveryStart;
        private LocalDate treatmentEnded = LocalDate.parse("2025-01-01");
        private List<SupportContact> contacts = List.of();
        private LocalTime firstCheckIn = LocalTime.of(9, 0);
        private boolean milestones = true;
        private boolean unsubscribed;
        private boolean trackRecoveryDate = true;
        private boolean weeklySummary;
        private ZoneId zone = NEW_YORK;
        private final List<ExitEvent> exitEvents = new ArrayList<>();
        private Away away;

        private Member(String id) {
            this.id = id;
        }

        Member contacts(SupportContact... all) {
            this.contacts = List.of(all);
            return this;
        }

        Member recoveringSince(LocalDate date) {
            this.recoveryStart = date;
            return this;
        }

        Member status(MemberStatus next) {
            this.status = next;
            return this;
        }

        Member milestones(boolean wanted) {
            this.milestones = wanted;
            return this;
        }

        /** The member unsubscribed from their prompts (true) or resumed (false). */
        Member unsubscribed(boolean stopped) {
            this.unsubscribed = stopped;
            return this;
        }

        /** The member counts days from their recovery date (true, the default) or chose not to. */
        Member tracksRecoveryDate(boolean tracked) {
            this.trackRecoveryDate = tracked;
            return this;
        }

        /** The member asked for the weekly summary email (true) or not (false, the default). */
        Member weeklySummary(boolean wanted) {
            this.weeklySummary = wanted;
            return this;
        }

        /** The revision of the latest snapshot built. */
        long revision() {
            return revision;
        }

        Member checkInAt(LocalTime time) {
            this.firstCheckIn = time;
            return this;
        }

        /** The member's treatment ended on {@code date} (null: not recorded); a discharge the risk tier counts from. */
        Member treatmentEnded(LocalDate date) {
            this.treatmentEnded = date;
            return this;
        }

        /** Staff removed every exit event from the member record (e.g. one entered by mistake). */
        Member noExitEvents() {
            this.exitEvents.clear();
            return this;
        }

        /** Staff recorded an exit event on the member record. */
        Member exitEvent(ExitKind kind, LocalDate date) {
            this.exitEvents.add(new ExitEvent(kind, date));
            return this;
        }

        /** A planned absence until {@code until} (member-local, inclusive); null: none. */
        Member away(LocalDate until, boolean keepPrompts) {
            this.away = until == null ? null : new Away(until, keepPrompts, Away.SetBy.MEMBER);
            return this;
        }

        Member zone(ZoneId next) {
            this.zone = next;
            return this;
        }

        MemberProfile profile() {
            revision++;
            MemberProfile s = Samples.memberProfile();
            CheckInPlan plan = new CheckInPlan(
                    s.plan().days(),
                    List.of(firstCheckIn, LocalTime.of(20, 30)),
                    LocalDate.parse("2025-01-01"),
                    null,
                    List.of());
            Preferences p = s.preferences();
            return new MemberProfile(
                    "profile:" + id + ":" + revision,
                    s.schemaVersion(),
                    s.occurredAt(),
                    id,
                    revision,
                    s.externalId(),
                    s.firstName(),
                    s.email(),
                    zone,
                    s.locale(),
                    status,
                    treatmentEnded,
                    recoveryStart,
                    plan,
                    s.copingPlan(),
                    contacts,
                    new Preferences(
                            p.quietHoursStart(),
                            p.quietHoursEnd(),
                            p.encouragement(),
                            milestones,
                            unsubscribed,
                            trackRecoveryDate,
                            weeklySummary),
                    List.copyOf(exitEvents),
                    away);
        }

        /** Publishes the next snapshot now. */
        void publish(DecisionDriver d) {
            d.profiles.pipeInput(id, profile(), d.now());
        }

        /** A check-in due now, open for six hours. */
        CheckInDue dueNow(DecisionDriver d) {
            CheckInDue due = CheckInDue.of(id, d.now(), d.now().plus(Duration.ofHours(6)), d.now(), false);
            d.dues.pipeInput(id, due, d.now());
            return due;
        }

        /** A check-in due now that nobody answers: the clock moves past its respondBy. */
        CheckInDue missOne(DecisionDriver d) {
            CheckInDue due = dueNow(d);
            d.clockTo(due.respondBy().plusSeconds(1));
            return due;
        }

        /** The member answers a check-in now, through the prompt's link. */
        void answer(DecisionDriver d, CheckInDue due, AnswerStatus status, Integer craving) {
            answer(d, due, PROMPT_LINK, status, craving);
        }

        /** The member answers a check-in now through the link {@code answerId} (the prompt's, the reminder's). */
        void answer(DecisionDriver d, CheckInDue due, String answerId, AnswerStatus status, Integer craving) {
            d.responses.pipeInput(
                    id,
                    CheckInAnswered.of(id, due.checkInId(), answerId, status, craving, 3, "private words", d.now()),
                    d.now());
        }

        /** The member presses "I need help now" outside any check-in; {@code requestId} names that use. */
        HelpRequested askForHelp(DecisionDriver d, String requestId) {
            HelpRequested help = HelpRequested.of(id, requestId, d.now());
            d.responses.pipeInput(id, help, d.now());
            return help;
        }

        /** A check-in due now, answered a minute later. */
        CheckInDue answerOne(DecisionDriver d, AnswerStatus status, Integer craving) {
            CheckInDue due = dueNow(d);
            d.advance(Duration.ofMinutes(1));
            answer(d, due, status, craving);
            return due;
        }
    }

    /** The intents of these kinds, in order. */
    static List<OutreachRequest> only(List<OutreachRequest> intents, OutreachKind... kinds) {
        List<OutreachRequest> found = new ArrayList<>();
        for (OutreachRequest i : intents) {
            for (OutreachKind k : kinds) {
                if (i.kind() == k) {
                    found.add(i);
                }
            }
        }
        return found;
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }
}
