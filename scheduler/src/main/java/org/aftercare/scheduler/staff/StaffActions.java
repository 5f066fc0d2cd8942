package org.aftercare.scheduler.staff;

import java.time.Clock;
import java.time.Duration;
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
 * What staff do about a flag from a staff email's link (and the admin API): acknowledge ("I'm on
 * it"), contacted ("I reached them"), resolve (with an outcome). In: the admin API's calls and the
 * staff flag link's presses. Out: {@code FlagAcknowledged} / {@code FlagContacted} / {@code FlagResolved} on
 * {@code staff.actions}, with an event id derived from the request (or link) and the action, so a
 * retried request is one action. Streams owns flags and their state; the scheduler only checks that
 * the member is on record and the staff member may act for them (flags are not on record here),
 * against its copy of the console's staff directory and care teams ({@link StaffDirectory}).
 *
 * <p>That copy can be behind the console: before its first read to the end after a start, or by
 * the moments a just-published change takes to arrive. A refusal is therefore never made on a
 * copy older than the topics: when the copy would refuse, the {@link StaffFollower} is first asked
 * to read both topics to their present end (at most {@link #CATCH_UP_WAIT}); if it cannot, the
 * answer is {@link TryAgainShortly}, never "unknown staff". An action the copy allows is not
 * delayed.
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

    /** How long a refusal may wait for the copy to read the staff topics to their end. */
    static final Duration CATCH_UP_WAIT = Duration.ofSeconds(3);

    /**
     * The copy of the staff directory is behind the topics (the scheduler has just started, or the
     * console's change is still on its way) and could not be brought up to date in time: try again
     * shortly. Not a refusal; the admin API answers 503 with {@code Retry-After}, the flag page asks
     * to open the link again in a moment.
     */
    public static final class TryAgainShortly extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TryAgainShortly() {
            super(
                    "the staff directory is still being read from the console's topics: try again shortly",
                    null,
                    false,
                    false);
        }
    }

    private final StaffDirectory directory;
    private final StaffFollower follower;
    private final MemberChanges members;
    private final EventPublisher publisher;
    private final Clock clock;

    StaffActions(
            StaffDirectory directory,
            StaffFollower follower,
            MemberChanges members,
            EventPublisher publisher,
            Clock clock) {
        this.directory = directory;
        this.follower = follower;
        this.members = members;
        this.publisher = publisher;
        this.clock = clock;
    }

    public static boolean isFlagId(String s) {
        return s != null && FLAG_ID.matcher(s).matches();
    }

    /**
     * Checks that {@code staffId} may still see and act on the member's flags: {@code on-call}, or a
     * staff member in the directory, active and on the member's current care team (primary or
     * other). A flag link lives for hours; a clinician taken off the team or deactivated meanwhile is
     * refused. Throws {@link MemberProblem}: not found when there is no such member, invalid when the
     * staff member is not in the directory, a conflict (with the reason under {@code staffId})
     * otherwise; {@link TryAgainShortly} when the copy could not be brought up to the topics' end to
     * be sure of a refusal.
     */
    public void requireAccess(String memberId, String staffId) {
        if (staffId.equals(CaseFlag.ON_CALL)) {
            if (members.find(memberId).isEmpty()) {
                throw MemberProblem.notFound("no member with that id");
            }
            return;
        }
        if (refusal(memberId, staffId) == null) {
            return;
        }
        if (!follower.catchUp(CATCH_UP_WAIT)) {
            throw new TryAgainShortly();
        }
        MemberProblem refused = refusal(memberId, staffId);
        if (refused != null) {
            throw refused;
        }
    }

    /** Why the copy as it stands refuses the staff member, or null when it allows them. */
    private MemberProblem refusal(String memberId, String staffId) {
        StaffMember staff = directory.find(staffId).orElse(null);
        if (staff == null) {
            return MemberProblem.invalid(
                    "the staff member is not in the staff directory",
                    Map.of("staffId", "names a staff member who is not in the staff directory"));
        }
        if (!staff.active()) {
            return MemberProblem.conflict(
                    "the staff member is deactivated", Map.of("staffId", "names a deactivated staff member"));
        }
        boolean onTeam = directory
                .careTeam(memberId)
                .map(t -> t.members().contains(staffId))
                .orElse(false);
        if (!onTeam) {
            return MemberProblem.conflict(
                    "the staff member is not on the member's care team",
                    Map.of("staffId", "names a staff member who is not on the member's current care team"));
        }
        return null;
    }

    /**
     * Publishes one staff action. {@code staffId} is {@link CaseFlag#ON_CALL} (the on-call
     * address's link) or passes {@link #requireAccess}. {@code requestId} identifies the
     * request: the same one again is the same event. Throws {@link MemberProblem} when the member,
     * flag id or staff member cannot be acted for, {@link TryAgainShortly} when that cannot be known
     * yet, {@link EventPublisher.PublishException} when Kafka did not take it.
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
