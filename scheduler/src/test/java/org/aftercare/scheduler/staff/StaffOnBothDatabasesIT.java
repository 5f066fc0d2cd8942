package org.aftercare.scheduler.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.staff.CareAssignmentEvent;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.infra.time.MutableClock;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.EnrollmentParser;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.member.Members;
import org.aftercare.scheduler.testing.Databases;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The staff directory, care teams, their outbox and the coverage counts on H2 and on PostgreSQL
 * (the SQL must hold on both): a resync republishes what is stored, and a deactivated staff member
 * among the others of a care team is counted.
 */
class StaffOnBothDatabasesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static StaffParser.StaffInput staff(String name, boolean active) {
        return new StaffParser.StaffInput(
                name,
                name.toLowerCase() + "@program.example.org",
                Set.of(StaffRole.CLINICIAN),
                Map.of(),
                LocalTime.of(8, 0),
                ZoneId.of("UTC"),
                active);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void careTeamsArePublishedRepublishedAndCountedOnEitherDatabase(String vendor, String url) throws Exception {
        Map<String, String> env = new HashMap<>(SchedulerFixture.env(KAFKA.bootstrapServers()));
        env.put("OUTREACH_DB_URL", url);
        env.put("OUTREACH_DB_USER", Databases.user(url));
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T12:00:00Z"));
        SchedulerConfig config = SchedulerConfig.from(Settings.of(env), env).withClock(clock);
        TopicSetup.ensureAll(config.kafka());
        try (Database db = Database.open(url, Databases.user(url), "");
                EventPublisher publisher = new EventPublisher(config.kafka());
                TopicProbe<StaffDirectoryEvent> directory =
                        new TopicProbe<>(KAFKA.bootstrapServers(), Topics.STAFF_DIRECTORY);
                TopicProbe<CareAssignmentEvent> teams =
                        new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CARE_ASSIGNMENTS)) {
            MemberStore memberStore = new MemberStore();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Members members = Members.create(db, memberStore, publisher, config, clock, registry);
            Staff staff = Staff.create(db, memberStore, members, publisher, clock, registry);
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            String primary = "p-" + suffix;
            String other = "o-" + suffix;
            staff.directory().put(primary, staff("Primary", true));
            staff.directory().put(other, staff("Other", true));
            String memberId = members.lifecycle()
                    .enroll(EnrollmentParser.parse(Json.reader().readTree("""
                                    {"externalId":"EXT-%s","firstName":"Sam","email":"sam@example.org",
                                     "timeZone":"UTC","plan":{"times":["09:00"]}}""".formatted(suffix)), clock.instant()))
                    .member()
                    .memberId();
            staff.coverage().refresh();
            assertThat(staff.coverage().membersWithoutCareTeam()).isEqualTo(1);

            staff.directory().setCareTeam(memberId, new StaffParser.CareTeamInput(primary, List.of(other)));
            staff.directory().put(other, staff("Other", false));
            staff.coverage().refresh();
            assertThat(staff.coverage().membersWithoutCareTeam()).isZero();
            assertThat(staff.coverage().careTeamPlacesOfInactiveStaff())
                    .as("the deactivated staff member among the others")
                    .isEqualTo(1);

            assertThat(staff.outbox().resync()).isEqualTo(new StaffOutbox.Resynced(2, 1));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> teams.valuesFor(memberId).size() >= 2
                            && directory.valuesFor(other).size() >= 3);
            assertThat(teams.valuesFor(memberId))
                    .allSatisfy(t -> assertThat(((CareTeam) t).members()).containsExactly(primary, other));
            assertThat(staff.outbox().publishPending())
                    .as("nothing is owed any more")
                    .isZero();
        }
    }
}
