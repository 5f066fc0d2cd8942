package org.aftercare.events.staff;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Values of {@code staff.directory} (compacted, keyed by staffId, not by memberId: a staff record
 * is not a member's event). Deactivation is a snapshot with {@code active = false}, so alerts
 * that still name the staff member can be routed on.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(StaffMember.class)})
public sealed interface StaffDirectoryEvent permits StaffMember {

    String eventId();

    int schemaVersion();

    Instant occurredAt();

    String staffId();
}
