package org.aftercare.events;

import java.time.Duration;
import java.util.List;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.flag.FlagEvent;
import org.aftercare.events.outreach.DeliveryEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.events.risk.RiskEvent;
import org.aftercare.events.staff.CareAssignmentEvent;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of the pipeline, the only place their names are spelled. See DESIGN.md, "Events". */
public final class Topics {

    /** The partition count every topic is created with unless an operator chooses another (the same for all). */
    public static final int DEFAULT_PARTITIONS = 6;

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);
    private static final Duration QUARTER = Duration.ofDays(90);
    /** Within a week of an erasure, compaction has removed every earlier record of the member. */
    public static final Duration ERASURE_LAG = Duration.ofDays(7);

    public static final Topic<ProfileEvent> MEMBER_PROFILE =
            new Topic<>("member.profile", new JsonSerde<>(ProfileEvent.class), true, null, ERASURE_LAG);
    public static final Topic<CheckInDueEvent> CHECKIN_DUE =
            new Topic<>("checkin.due", new JsonSerde<>(CheckInDueEvent.class), false, MONTH);
    public static final Topic<CheckInResponseEvent> CHECKIN_RESPONSES =
            new Topic<>("checkin.responses", new JsonSerde<>(CheckInResponseEvent.class), false, MONTH);
    public static final Topic<ContactActionEvent> CONTACT_ACTIONS =
            new Topic<>("contact.actions", new JsonSerde<>(ContactActionEvent.class), false, MONTH);
    public static final Topic<CheckInStatusEvent> CHECKIN_STATUS =
            new Topic<>("checkin.status", new JsonSerde<>(CheckInStatusEvent.class), false, MONTH);
    /** Intents, keyed by memberId; a staff digest ({@code staff-digest}) is keyed by the staffId it goes to. */
    public static final Topic<OutreachEvent> OUTREACH_REQUESTS =
            new Topic<>("outreach.requests", new JsonSerde<>(OutreachEvent.class), false, WEEK);

    public static final Topic<DeliveryEvent> OUTREACH_DELIVERIES =
            new Topic<>("outreach.deliveries", new JsonSerde<>(DeliveryEvent.class), false, MONTH);

    /** Each member's risk tier, written by streams when it changes (compacted; tombstone on erasure). */
    public static final Topic<RiskEvent> MEMBER_RISK =
            new Topic<>("member.risk", new JsonSerde<>(RiskEvent.class), true, null, ERASURE_LAG);
    /**
     * Staff flags, written by streams: every change carries the whole flag. Kept a quarter, so a
     * read model rebuilt from the topic still sees flags left open for weeks.
     */
    public static final Topic<FlagEvent> CASE_FLAGS =
            new Topic<>("case.flags", new JsonSerde<>(FlagEvent.class), false, QUARTER);
    /** What staff did about flags (the console; the scheduler's admin API and flag link until it exists). */
    public static final Topic<StaffActionEvent> STAFF_ACTIONS =
            new Topic<>("staff.actions", new JsonSerde<>(StaffActionEvent.class), false, MONTH);
    /**
     * Staff records, keyed by <b>staffId</b> (the documented exception to keying by memberId:
     * staff are not members' events), compacted. Read whole by streams and the notifier.
     */
    public static final Topic<StaffDirectoryEvent> STAFF_DIRECTORY =
            new Topic<>("staff.directory", new JsonSerde<>(StaffDirectoryEvent.class), true, null, ERASURE_LAG);
    /** Each member's care team (compacted; tombstone on erasure). */
    public static final Topic<CareAssignmentEvent> CARE_ASSIGNMENTS =
            new Topic<>("care.assignments", new JsonSerde<>(CareAssignmentEvent.class), true, null, ERASURE_LAG);

    /** Records the streams application could not read or handle, byte for byte, with the error in headers. */
    public static final Topic<byte[]> STREAMS_DLQ = new Topic<>("streams.dlq", Serdes.ByteArray(), false, MONTH);
    /** Intents the notifier could not read or deliver, byte for byte, with the error in headers. */
    public static final Topic<byte[]> OUTREACH_DLQ = new Topic<>("outreach.dlq", Serdes.ByteArray(), false, MONTH);

    /**
     * The notifier's own durable memory, read whole by every notifier instance: notifications sent
     * (key {@code sent:<notificationId>}) and addresses refused for good (key {@code bounce:<HMAC-SHA256
     * of the address under OUTREACH_ADDRESS_HASH_KEY>}), JSON values without any address. Not keyed by memberId and not in {@link #ALL}:
     * it is one service's state, not a pipeline event stream.
     */
    public static final Topic<byte[]> NOTIFIER_LEDGER =
            new Topic<>("notifier.ledger", Serdes.ByteArray(), true, null, ERASURE_LAG);
    /**
     * Intents the notifier holds for later (a retry after a transient SMTP failure, the end of quiet
     * hours, the daily cap), byte for byte as read from {@link #OUTREACH_REQUESTS}, keyed by memberId,
     * with the not-before instant and the attempt count in headers. Not in {@link #ALL}: notifier-internal.
     */
    public static final Topic<byte[]> OUTREACH_RETRY = new Topic<>("outreach.retry", Serdes.ByteArray(), false, WEEK);

    /** The notifier's internal topics (created by the notifier, not part of the event contract). */
    public static final List<Topic<?>> NOTIFIER_INTERNAL = List.of(NOTIFIER_LEDGER, OUTREACH_RETRY);

    public static final List<Topic<?>> ALL = List.of(
            MEMBER_PROFILE,
            CHECKIN_DUE,
            CHECKIN_RESPONSES,
            CONTACT_ACTIONS,
            CHECKIN_STATUS,
            OUTREACH_REQUESTS,
            OUTREACH_DELIVERIES,
            MEMBER_RISK,
            CASE_FLAGS,
            STAFF_ACTIONS,
            STAFF_DIRECTORY,
            CARE_ASSIGNMENTS,
            STREAMS_DLQ,
            OUTREACH_DLQ);

    private Topics() {}
}
