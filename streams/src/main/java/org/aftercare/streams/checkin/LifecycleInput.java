package org.aftercare.streams.checkin;

import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInDue;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;

/**
 * The three inputs of the check-in lifecycle, merged into one stream so one processor (and one
 * wall-clock punctuation) owns a member's check-in state. Keyed by memberId like every topic.
 */
public sealed interface LifecycleInput {

    /** A check-in opened ({@code checkin.due}). */
    record Due(CheckInDue due) implements LifecycleInput {}

    /** The member answered ({@code checkin.responses}). */
    record Answer(CheckInAnswered answer) implements LifecycleInput {}

    /** The latest profile of a member ({@code member.profile}); {@code profile} is null when the member was erased. */
    record Profile(String memberId, MemberProfile profile) implements LifecycleInput {}

    static LifecycleInput of(CheckInDueEvent event) {
        return switch (event) {
            case null -> null;
            case CheckInDue due -> new Due(due);
        };
    }

    static LifecycleInput of(CheckInResponseEvent event) {
        return switch (event) {
            case null -> null;
            case CheckInAnswered answer -> new Answer(answer);
        };
    }

    static LifecycleInput of(String memberId, ProfileEvent event) {
        return switch (event) {
            case null -> new Profile(memberId, null);
            case MemberProfile profile -> new Profile(memberId, profile);
        };
    }
}
