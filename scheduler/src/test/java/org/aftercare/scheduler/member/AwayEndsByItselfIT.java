package org.aftercare.scheduler.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.infra.time.MutableClock;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A planned absence ends by itself: once its last day has passed in the member's own time zone the
 * sweep clears it from the record and a new snapshot goes to {@code member.profile}; not a moment
 * before (the time is driven by the test's clock).
 */
class AwayEndsByItselfIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void anAbsenceIsClearedOnceItsLastDayHasPassedInTheMembersZone() throws Exception {
        Map<String, String> env = SchedulerFixture.env(KAFKA.bootstrapServers());
        // 2026-03-10 20:00 in Chicago (CDT, UTC-5) is 2026-03-11 01:00 UTC; its midnight is 05:00 UTC.
        MutableClock clock = new MutableClock(Instant.parse("2026-03-11T01:00:00Z"));
        SchedulerConfig config = SchedulerConfig.from(Settings.of(env), env).withClock(clock);
        TopicSetup.ensureAll(config.kafka());
        try (Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword());
                EventPublisher publisher = new EventPublisher(config.kafka());
                TopicProbe<ProfileEvent> profiles = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.MEMBER_PROFILE)) {
            Members members =
                    Members.create(db, new MemberStore(), publisher, config, clock, new SimpleMeterRegistry());
            String memberId = members.lifecycle()
                    .enroll(EnrollmentParser.parse(
                            Json.reader().readTree("""
                                    {"externalId":"EXT-%s","firstName":"Sam","email":"sam@example.org",
                                     "timeZone":"America/Chicago","plan":{"times":["09:00"]}}""".formatted(UUID.randomUUID())), clock.instant()))
                    .member()
                    .memberId();
            members.lifecycle().setAway(memberId, LocalDate.of(2026, 3, 10), true, Away.SetBy.MEMBER);

            assertThat(members.lifecycle().endPassedAbsences())
                    .as("still the 10th in Chicago, though the 11th in UTC")
                    .isZero();
            clock.set(Instant.parse("2026-03-11T04:59:00Z"));
            assertThat(members.lifecycle().endPassedAbsences()).isZero();

            clock.set(Instant.parse("2026-03-11T05:01:00Z"));
            assertThat(members.lifecycle().endPassedAbsences()).isEqualTo(1);
            assertThat(members.changes().find(memberId).orElseThrow().away()).isNull();
            assertThat(members.lifecycle().endPassedAbsences()).as("once").isZero();

            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            profiles.valuesFor(memberId).stream().anyMatch(p -> ((MemberProfile) p).revision() == 3));
            MemberProfile last = (MemberProfile) profiles.valuesFor(memberId).getLast();
            assertThat(last.revision()).isEqualTo(3);
            assertThat(last.away()).isNull();
        }
    }
}
