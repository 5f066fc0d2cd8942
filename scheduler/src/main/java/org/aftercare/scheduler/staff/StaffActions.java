package org.aftercare.scheduler.staff;

import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;
import org.aftercare.events.Ids;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.staff.FlagAcknowledged;
import org.aftercare.events.staff.FlagContacted;
import org.aftercare.events.staff.FlagResolved;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberChanges;
import org.aftercare.scheduler.member.MemberProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What staff do about a flag, until the console exists: acknowledge ("I'm on it"), contacted ("I
 * reached them"), resolve (with an outcome). In: the admin API's calls and the staff flag link's
 * presses. Out: {@code FlagAcknowledged} / {@code FlagContacted} / {@code FlagResolved} on
 * {@code staff.actions}, with an event id derived from the request (or link) and the action, so a
 * retried request is one action. Streams owns flags and their state; the scheduler only checks that
 * the member is on record and the staff member may act for them (flags are not on record here).
 */
public final class StaffActions {

    private static final Logger log = LoggerFactory.getLogger(StaffActions.class);
    private static final Pattern FLAG_ID =
            Pattern.compile("flag-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The three things staff do about a flag. */
    public enum Action {
        ACKNOWLEDGE,
        CONTACTED,
        RESOLVE
    }

    private final StaffDirectory directory;
    private final MemberChanges members;
    private final EventPublisher publisher;
    private final Clock clock;

    StaffActions(StaffDirectory directory, MemberChanges members, EventPublisher publisher, Clock clock) {
        this.directory = directory;
        this.members = members;
        this.publisher = publisher;
        this.clock = clock;
    }

    public static boolean isFlagId(String s) {
        return s != null && FLAG_ID.matcher(s).matches();
    }

    /**
     * Checks that {@code staffId} may still see and act on the member's flags: {@code on-call}, or a
     * staff member on record, active and on the member's current care team (primary or other). A
     * flag link lives for hours; a clinician taken off the team or deactivated meanwhile is refused.
     * Throws {@link MemberProblem}: not found when there is no such member, invalid when the staff
     * member is not on record, a conflict (with the reason under {@code staffId}) otherwise.
     */
    public void requireAccess(String memberId, String staffId) {
        if (staffId.equals(CaseFlag.ON_CALL)) {
            if (members.find(memberId).isEmpty()) {
                throw MemberProblem.notFound("no member with that id");
            }
            return;
        }
        StaffMember staff = directory
                .find(staffId)
                .orElseThrow(() -> MemberProblem.invalid(
                        "the staff member is not on record",
                        Map.of("staffId", "names a staff member who is not on record")));
        if (!staff.active()) {
            throw MemberProblem.conflict(
                    "the staff member is deactivated", Map.of("staffId", "names a deactivated staff member"));
        }
        boolean onTeam = directory
                .careTeam(memberId)
                .map(t -> t.members().contains(staffId))
                .orElse(false);
        if (!onTeam) {
            throw MemberProblem.conflict(
                    "the staff member is not on the member's care team",
                    Map.of("staffId", "names a staff member who is not on the member's current care team"));
        }
    }

    /**
     * Publishes one staff action. {@code staffId} is {@link CaseFlag#ON_CALL} (the on-call
     * address's link) or passes {@link #requireAccess}. {@code requestId} identifies the
     * request: the same one again is the same event. Throws {@link MemberProblem} when the member,
     * flag id or staff member cannot be acted for, {@link EventPublisher.PublishException} when
     * Kafka did not take it.
     */
    public StaffActionEvent act(
            String memberId, String flagId, String staffId, Action action, FlagOutcome outcome, String requestId) {
        if (!isFlagId(flagId)) {
            throw MemberProblem.invalid("the flag id is invalid", Map.of("flagId", "must be a flag id (flag-<uuid>)"));
        }
        if (action == Action.RESOLVE && outcome == null) {
            throw MemberProblem.invalid(
                    "a resolution needs an outcome",
                    Map.of("outcome", "is required to resolve: " + StaffParser.outcomeNames()));
        }
        requireAccess(memberId, staffId);
        String actionId = Ids.nameBased("staff-action", memberId, flagId, action.name(), requestId);
        StaffActionEvent event = switch (action) {
            case ACKNOWLEDGE -> FlagAcknowledged.of(actionId, memberId, staffId, flagId, clock.instant());
            case CONTACTED -> FlagContacted.of(actionId, memberId, staffId, flagId, clock.instant());
            case RESOLVE -> FlagResolved.of(actionId, memberId, staffId, flagId, outcome, clock.instant());
        };
        publisher.staffAction(event);
        log.info("flag {} of member {}: {} by staff {}", flagId, memberId, action, staffId);
        return event;
    }
}
