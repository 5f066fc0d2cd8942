package org.aftercare.scheduler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.scheduler.SchedulerService;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Staff and care teams for a test, set up as the console sets them (issue 12): published as
 * {@link StaffMember} on {@code staff.directory} and {@link CareTeam} on {@code care.assignments},
 * and each call returns once the running scheduler has read the topics up to what was published
 * (its follower caught up), so the next step of the test sees the record. The helpers that make a
 * record ({@link #staff}, {@link #careTeam}, {@link #deactivate}) also check the scheduler stored it.
 *
 * <p>Revisions come from one counter for the JVM, so a record published later always has the higher
 * revision, whatever test class published the same id before on the shared broker.
 */
public final class StaffTopics implements AutoCloseable {

    private static final AtomicLong REVISIONS = new AtomicLong();
    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(30);

    private final SchedulerService scheduler;
    private final KafkaProducer<String, byte[]> producer;

    public StaffTopics(String bootstrapServers, SchedulerService scheduler) {
        this.scheduler = scheduler;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "staff-topics-test",
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** A revision higher than any this JVM handed out before. */
    public static long nextRevision() {
        return REVISIONS.incrementAndGet();
    }

    /** An active clinician "Staff {id}", {@code {id}@program.example.org}, UTC, at the next revision. */
    public static StaffMember clinician(String staffId) {
        return clinician(staffId, "Staff " + staffId, staffId + "@program.example.org");
    }

    /** An active clinician with this name and work email, UTC, at the next revision. */
    public static StaffMember clinician(String staffId, String name, String workEmail) {
        long revision = nextRevision();
        return new StaffMember(
                "staff:" + staffId + ":" + revision,
                StaffMember.SCHEMA_VERSION,
                Instant.now(),
                staffId,
                revision,
                name,
                workEmail,
                Set.of(StaffRole.CLINICIAN),
                Map.of(),
                LocalTime.of(8, 0),
                ZoneId.of("UTC"),
                true);
    }

    /** The same record at the next revision, active or not. */
    public static StaffMember withActive(StaffMember m, boolean active) {
        long revision = nextRevision();
        return new StaffMember(
                "staff:" + m.staffId() + ":" + revision,
                m.schemaVersion(),
                Instant.now(),
                m.staffId(),
                revision,
                m.name(),
                m.workEmail(),
                m.roles(),
                m.alerts(),
                m.digestAt(),
                m.timeZone(),
                active);
    }

    /** A care team at the next revision (primary first, then the others in order; no primary: none). */
    public static CareTeam team(String memberId, String primaryStaffId, String... otherStaffIds) {
        long revision = nextRevision();
        return new CareTeam(
                "care:" + memberId + ":" + revision,
                CareTeam.SCHEMA_VERSION,
                Instant.now(),
                memberId,
                revision,
                primaryStaffId,
                List.of(otherStaffIds));
    }

    /** Publishes an active clinician (see {@link #clinician(String)}) and waits until the scheduler holds it. */
    public StaffMember staff(String staffId) {
        return stored(clinician(staffId));
    }

    /** Publishes the record and waits until the scheduler holds exactly this revision. */
    public StaffMember stored(StaffMember m) {
        publish(m);
        assertThat(scheduler.staff().directory().find(m.staffId()))
                .as("the scheduler's copy of staff " + m.staffId())
                .hasValueSatisfying(held -> assertThat(held.revision()).isEqualTo(m.revision()));
        return m;
    }

    /** Publishes the staff member as deactivated (the record the scheduler holds, next revision) and waits for it. */
    public StaffMember deactivate(String staffId) {
        StaffMember held = scheduler.staff().directory().find(staffId).orElseThrow();
        return stored(withActive(held, false));
    }

    /** Publishes the member's care team and waits until the scheduler holds it (a null primary: the team emptied). */
    public CareTeam careTeam(String memberId, String primaryStaffId, String... otherStaffIds) {
        CareTeam t = team(memberId, primaryStaffId, otherStaffIds);
        publish(t);
        if (primaryStaffId == null) {
            assertThat(scheduler.staff().directory().careTeam(memberId))
                    .as("the console emptied the care team of member " + memberId)
                    .isEmpty();
        } else {
            assertThat(scheduler.staff().directory().careTeam(memberId))
                    .as("the scheduler's copy of the care team of member " + memberId)
                    .hasValueSatisfying(held -> assertThat(held.revision()).isEqualTo(t.revision()));
        }
        return t;
    }

    /** Publishes the record as given (an old revision too) and waits until the scheduler has read it. */
    public void publish(StaffMember m) {
        send(Topics.STAFF_DIRECTORY, m.staffId(), m);
    }

    /** Publishes the care team as given and waits until the scheduler has read it. */
    public void publish(CareTeam t) {
        send(Topics.CARE_ASSIGNMENTS, t.memberId(), t);
    }

    /** Publishes the staff record and care team without waiting for the scheduler (it may not have read them yet). */
    public void publishUnread(StaffMember m, CareTeam t) {
        sendBytes(Topics.STAFF_DIRECTORY, m.staffId(), bytes(Topics.STAFF_DIRECTORY, m), false);
        sendBytes(Topics.CARE_ASSIGNMENTS, t.memberId(), bytes(Topics.CARE_ASSIGNMENTS, t), false);
    }

    /** A tombstone for the staff member on {@code staff.directory}; waits until the scheduler has read it. */
    public void removeStaff(String staffId) {
        send(Topics.STAFF_DIRECTORY, staffId, null);
    }

    /** A tombstone for the member's care team on {@code care.assignments}; waits until the scheduler has read it. */
    public void removeCareTeam(String memberId) {
        send(Topics.CARE_ASSIGNMENTS, memberId, null);
    }

    /** Any bytes under a key on one of the two topics (an unreadable record); waits until the scheduler has read it. */
    public void publishRaw(Topic<?> topic, String key, String value) {
        sendBytes(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until the scheduler has read both topics up to their end now. */
    public void awaitRead() {
        assertThat(scheduler.staff().follower().catchUp(APPLIED_WITHIN))
                .as("the scheduler read staff.directory and care.assignments to their end")
                .isTrue();
    }

    private static <V> byte[] bytes(Topic<V> topic, V value) {
        return value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
    }

    private <V> void send(Topic<V> topic, String key, V value) {
        sendBytes(topic, key, bytes(topic, value), true);
    }

    private void sendBytes(Topic<?> topic, String key, byte[] value) {
        sendBytes(topic, key, value, true);
    }

    private void sendBytes(Topic<?> topic, String key, byte[] value, boolean awaitRead) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not publish to " + topic.name() + ": " + e, e);
        }
        if (awaitRead) {
            awaitRead();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
