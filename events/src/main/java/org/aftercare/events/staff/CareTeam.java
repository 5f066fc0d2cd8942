package org.aftercare.events.staff;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.events.Require;

/**
 * One member's care team: the primary staff member (who hears first) and the others, in the
 * order a flag left unacknowledged moves on to them. {@code primaryStaffId} null means the member
 * has no care team (an operator alert; flags then go to on-call).
 */
@JsonTypeName("care.team")
public record CareTeam(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        long revision,
        String primaryStaffId,
        List<String> otherStaffIds)
        implements CareAssignmentEvent {

    public static final int SCHEMA_VERSION = 1;

    public CareTeam {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        otherStaffIds = Require.list(otherStaffIds);
        Require.check(
                primaryStaffId != null || otherStaffIds.isEmpty(),
                "a care team with others needs a primary staff member");
        Require.check(primaryStaffId == null || !primaryStaffId.isBlank(), "primaryStaffId must not be blank");
        Require.check(
                primaryStaffId == null || !otherStaffIds.contains(primaryStaffId),
                "the primary staff member is not also one of the others");
        Require.check(otherStaffIds.stream().distinct().count() == otherStaffIds.size(), "otherStaffIds repeat");
    }

    /** Everyone on the team, primary first. */
    @JsonIgnore
    public List<String> members() {
        List<String> all = new ArrayList<>();
        if (primaryStaffId != null) {
            all.add(primaryStaffId);
        }
        all.addAll(otherStaffIds);
        return List.copyOf(all);
    }
}
