package org.aftercare.events;

import java.time.Duration;
import java.util.List;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.outreach.DeliveryEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.profile.ProfileEvent;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of the pipeline, the only place their names are spelled. See DESIGN.md, "Events". */
public final class Topics {

    /** The partition count every topic is created with unless an operator chooses another (the same for all). */
    public static final int DEFAULT_PARTITIONS = 6;

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);
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
    public static final Topic<OutreachEvent> OUTREACH_REQUESTS =
            new Topic<>("outreach.requests", new JsonSerde<>(OutreachEvent.class), false, WEEK);
    public static final Topic<DeliveryEvent> OUTREACH_DELIVERIES =
            new Topic<>("outreach.deliveries", new JsonSerde<>(DeliveryEvent.class), false, MONTH);

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
            STREAMS_DLQ,
            OUTREACH_DLQ);

    private Topics() {}
}
