package org.aftercare.scheduler.member;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.plan.PlanCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrollment and the member record: stores a member, schedules their first check-in, and
 * publishes the snapshot to {@code member.profile}. Publishing follows the outbox pattern: the
 * database row remembers which revision Kafka has, {@link #publishPending()} sends what is
 * missing, so a Kafka outage delays a profile but never loses it.
 */
public final class MemberService {

    private static final Logger log = LoggerFactory.getLogger(MemberService.class);

    /** What an enrollment did: created a member, or found the one with that external id. */
    public record Enrolled(MemberProfile member, boolean created) {}

    private final Database db;
    private final MemberStore store;
    private final EventPublisher publisher;
    private final SchedulerConfig config;
    private final Clock clock;
    private final Counter published;

    public MemberService(Database db, MemberStore store, EventPublisher publisher, SchedulerConfig config, Clock clock,
            MeterRegistry registry) {
        this.db = db;
        this.store = store;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.published = Counter.builder("outreach.profiles.published").register(registry);
    }

    /** Enrolls a member; the same external id twice returns the member already enrolled. */
    public Enrolled enroll(EnrollmentParser.Enrollment e) {
        Instant now = clock.instant();
        Enrolled result = db.inTransaction(c -> {
            Optional<String> existing = store.findIdByExternalId(c, e.externalId());
            if (existing.isPresent()) {
                return new Enrolled(store.load(c, existing.get()).orElseThrow(), false);
            }
            String memberId = UUID.randomUUID().toString();
            List<SupportContact> contacts = new ArrayList<>();
            for (EnrollmentParser.ContactInput k : e.contacts()) {
                contacts.add(new SupportContact(UUID.randomUUID().toString(), k.name(), k.email(), k.relationship(),
                        k.consent(), ContactState.INVITED));
            }
            MemberProfile member = new MemberProfile("profile:" + memberId + ":1", MemberProfile.SCHEMA_VERSION, now,
                    memberId, 1, e.externalId(), e.firstName(), e.email(), e.timeZone(), e.locale(), MemberStatus.ACTIVE,
                    e.treatmentEndedOn(), e.recoveryStartDate(), e.plan(), e.copingPlan(), contacts, e.preferences());
            store.insert(c, member);
            store.setNextDue(c, memberId, firstDue(member, now));
            return new Enrolled(member, true);
        });
        if (result.created()) {
            log.info("enrolled member {}", result.member().memberId());
            publishQuietly(result.member());
        }
        return result;
    }

    public Optional<MemberProfile> find(String memberId) {
        return db.inTransaction(c -> store.load(c, memberId));
    }

    /** Publishes every snapshot Kafka does not have yet; returns how many. */
    public int publishPending() {
        List<String> ids = db.inTransaction(c -> store.unpublished(c, 1_000));
        int n = 0;
        for (String id : ids) {
            Optional<MemberProfile> member = find(id);
            if (member.isPresent() && publishQuietly(member.get())) {
                n++;
            }
        }
        return n;
    }

    /** Republishes every member (the resync command). */
    public int resync() {
        int marked = db.inTransaction(store::markAllUnpublished);
        log.info("resync: {} members marked for republishing", marked);
        int total = 0;
        int n;
        while ((n = publishPending()) > 0) {
            total += n;
        }
        return total;
    }

    private boolean publishQuietly(MemberProfile member) {
        try {
            publisher.profile(member);
            db.inTransaction(c -> {
                store.markPublished(c, member.memberId(), member.revision());
                return null;
            });
            published.increment();
            return true;
        } catch (EventPublisher.PublishException e) {
            log.warn("profile of member {} not published yet, will retry: {}", member.memberId(), e.getMessage());
            return false;
        }
    }

    private Instant firstDue(MemberProfile member, Instant now) {
        if (config.checkInCadence() != null) {
            // Demo cadence: the first check-in a few seconds from now, then every cadence.
            return now.plusSeconds(5);
        }
        return PlanCalendar.nextAfter(member.plan(), member.timeZone(), now).orElse(null);
    }
}
