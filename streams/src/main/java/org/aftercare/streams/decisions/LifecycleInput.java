package org.aftercare.streams.decisions;

import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.events.checkin.QuestionnaireDue;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.events.staff.CareAssignmentEvent;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffActionEvent;

/**
 * The inputs of a member's decisions, merged into one stream so one processor (and one
 * wall-clock punctuation) owns a member's check-in, escalation and milestone state. Keyed by
 * memberId like every topic.
 */
public sealed interface LifecycleInput {

    /** A check-in opened ({@code checkin.due}). */
    record Due(CheckInDue due) implements LifecycleInput {}

    /** A questionnaire of the member's plan opened ({@code checkin.due}). */
    record QuestionnaireOpened(QuestionnaireDue due) implements LifecycleInput {}

    /** The member answered ({@code checkin.responses}). */
    record Answer(CheckInAnswered answer) implements LifecycleInput {}

    /** The member pressed "I need help now" outside a check-in ({@code checkin.responses}). */
    record Help(HelpRequested request) implements LifecycleInput {}

    /** The member finished a questionnaire ({@code checkin.responses}). */
    record Measure(MeasureCompleted measure) implements LifecycleInput {}

    /** The latest profile of a member ({@code member.profile}); {@code profile} is null when the member was erased. */
    record Profile(String memberId, MemberProfile profile) implements LifecycleInput {}

    /** A support contact did something ({@code contact.actions}). */
    record ContactAction(ContactActionEvent action) implements LifecycleInput {}

    /** The member's care team ({@code care.assignments}); {@code team} is null when it was removed (a tombstone). */
    record CareAssignment(String memberId, CareTeam team) implements LifecycleInput {}

    /** A staff member acted on one of the member's flags ({@code staff.actions}). */
    record StaffAction(StaffActionEvent action) implements LifecycleInput {}

    /** The member id the value names (null for an erasure, which only has the key). */
    default String valueMemberId() {
        return switch (this) {
            case Due d -> d.due().memberId();
            case QuestionnaireOpened q -> q.due().memberId();
            case Answer a -> a.answer().memberId();
            case Help h -> h.request().memberId();
            case Measure m -> m.measure().memberId();
            case Profile p -> p.profile() == null ? null : p.profile().memberId();
            case ContactAction c -> c.action().memberId();
            case CareAssignment a -> a.team() == null ? null : a.team().memberId();
            case StaffAction s -> s.action().memberId();
        };
    }

    static LifecycleInput of(ContactActionEvent event) {
        return event == null ? null : new ContactAction(event);
    }

    static LifecycleInput of(StaffActionEvent event) {
        return event == null ? null : new StaffAction(event);
    }

    static LifecycleInput of(String memberId, CareAssignmentEvent event) {
        return switch (event) {
            case null -> new CareAssignment(memberId, null);
            case CareTeam team -> new CareAssignment(memberId, team);
        };
    }

    static LifecycleInput of(CheckInDueEvent event) {
        return switch (event) {
            case null -> null;
            case CheckInDue due -> new Due(due);
            case QuestionnaireDue due -> new QuestionnaireOpened(due);
        };
    }

    static LifecycleInput of(CheckInResponseEvent event) {
        return switch (event) {
            case null -> null;
            case CheckInAnswered answer -> new Answer(answer);
            case HelpRequested help -> new Help(help);
            case MeasureCompleted measure -> new Measure(measure);
        };
    }

    static LifecycleInput of(String memberId, ProfileEvent event) {
        return switch (event) {
            case null -> new Profile(memberId, null);
            case MemberProfile profile -> new Profile(memberId, profile);
        };
    }
}
