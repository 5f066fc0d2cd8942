package org.aftercare.scheduler.staff;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.aftercare.events.Json;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
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
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scheduler's copy of the console's staff and care teams on H2 and on PostgreSQL (the SQL
 * must hold on both): records applied by revision, a care team naming staff not yet read, the
 * console's emptied team, tombstones, the coverage counts; and the migration that made the tables
 * a copy keeps what an issue-11 database held.
 */
class StaffOnBothDatabasesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static StaffMember staff(String staffId, long revision, String name, boolean active) {
        return new StaffMember(
                "staff:" + staffId + ":" + revision,
                StaffMember.SCHEMA_VERSION,
                Instant.parse("2026-03-02T12:00:00Z"),
                staffId,
                revision,
                name,
                staffId + "@program.example.org",
                Set.of(StaffRole.CLINICIAN),
                Map.of(),
                LocalTime.of(8, 0),
                ZoneId.of("UTC"),
                active);
    }

    private static CareTeam team(String memberId, long revision, String primary, String... others) {
        return new CareTeam(
                "care:" + memberId + ":" + revision,
                CareTeam.SCHEMA_VERSION,
                Instant.parse("2026-03-02T12:00:00Z"),
                memberId,
                revision,
                primary,
                List.of(others));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void staffAndCareTeamsAreAppliedByRevisionAndCountedOnEitherDatabase(String vendor, String url) throws Exception {
        Map<String, String> env = new HashMap<>(SchedulerFixture.env(KAFKA.bootstrapServers()));
        env.put("OUTREACH_DB_URL", url);
        env.put("OUTREACH_DB_USER", Databases.user(url));
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T12:00:00Z"));
        SchedulerConfig config = SchedulerConfig.from(Settings.of(env), env).withClock(clock);
        TopicSetup.ensureAll(config.kafka());
        try (Database db = Database.open(url, Databases.user(url), "");
                EventPublisher publisher = new EventPublisher(config.kafka())) {
            MemberStore memberStore = new MemberStore();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Members members = Members.create(db, memberStore, publisher, config, clock, registry);
            StaffStore store = new StaffStore();
            StaffDirectory directory = new StaffDirectory(db, store, memberStore);
            Coverage coverage = new Coverage(db, store, clock, () -> true, registry);
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            String primary = "p-" + suffix;
            String other = "o-" + suffix;
            String memberId = members.lifecycle()
                    .enroll(EnrollmentParser.parse(Json.reader().readTree("""
                                    {"externalId":"EXT-%s","firstName":"Sam","email":"sam@example.org",
                                     "timeZone":"UTC","plan":{"times":["09:00"]}}""".formatted(suffix)), clock.instant()))
                    .member()
                    .memberId();
            coverage.refresh();
            assertThat(coverage.membersWithoutCareTeam()).isEqualTo(1);

            // The care team may come before the staff it names: two topics, no order between them.
            assertThat(directory.applyCareTeam(team(memberId, 5, primary, other)))
                    .isEqualTo(StaffDirectory.Applied.STORED);
            assertThat(directory.applyStaff(staff(primary, 3, "Primary", true)))
                    .isEqualTo(StaffDirectory.Applied.STORED);
            assertThat(directory.applyStaff(staff(other, 2, "Other", true))).isEqualTo(StaffDirectory.Applied.STORED);
            assertThat(directory.applyStaff(staff(primary, 2, "Older", true)))
                    .isEqualTo(StaffDirectory.Applied.NOT_NEWER);
            assertThat(directory.applyStaff(staff(primary, 3, "Same revision", true)))
                    .isEqualTo(StaffDirectory.Applied.NOT_NEWER);
            assertThat(directory.find(primary).orElseThrow().name()).isEqualTo("Primary");
            assertThat(directory.applyCareTeam(team(memberId, 4, other))).isEqualTo(StaffDirectory.Applied.NOT_NEWER);
            assertThat(directory.careTeam(memberId).orElseThrow().members()).containsExactly(primary, other);
            assertThat(directory.applyCareTeam(team(UUID.randomUUID().toString(), 1, primary)))
                    .isEqualTo(StaffDirectory.Applied.NO_SUCH_MEMBER);
            assertThat(directory.staffRevisions()).containsEntry(primary, 3L).containsEntry(other, 2L);
            assertThat(directory.careTeamRevisions()).containsEntry(memberId, 5L);

            assertThat(directory.applyStaff(staff(other, 4, "Other", false))).isEqualTo(StaffDirectory.Applied.STORED);
            coverage.refresh();
            assertThat(coverage.membersWithoutCareTeam()).isZero();
            assertThat(coverage.careTeamPlacesOfInactiveStaff())
                    .as("the deactivated staff member among the others")
                    .isEqualTo(1);

            assertThat(directory.applyCareTeam(team(memberId, 6, null))).isEqualTo(StaffDirectory.Applied.STORED);
            assertThat(directory.careTeam(memberId))
                    .as("the console emptied the team")
                    .isEmpty();
            assertThat(directory.applyCareTeam(team(memberId, 5, primary)))
                    .as("an older team does not come back")
                    .isEqualTo(StaffDirectory.Applied.NOT_NEWER);
            coverage.refresh();
            assertThat(coverage.membersWithoutCareTeam()).isEqualTo(1);

            directory.removeStaff(other);
            directory.removeCareTeam(memberId);
            assertThat(directory.find(other)).isEmpty();
            assertThat(directory.careTeamRevisions()).doesNotContainKey(memberId);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void theMigrationToAFollowedCopyKeepsTheStaffAndCareTeamsAnIssue11DatabaseHeld(String vendor, String url)
            throws Exception {
        String user = Databases.user(url);
        Flyway.configure()
                .dataSource(url, user, "")
                .locations(
                        "classpath:db/migration", "classpath:db/vendor/" + (vendor.equals("h2") ? "h2" : "postgresql"))
                .target("7.1")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, user, "");
                Statement st = c.createStatement()) {
            st.executeUpdate("""
                    INSERT INTO member (member_id, external_id, first_name, email, time_zone, locale, status, plan_json,
                        coping_plan_json, preferences_json, revision, published_revision, created_at, updated_at)
                    VALUES ('m-1', 'EXT-1', 'Sam', 'sam@example.org', 'UTC', 'en', 'ACTIVE', '{}', '[]', '{}', 1, 1,
                        TIMESTAMP WITH TIME ZONE '2026-03-01 12:00:00+00', TIMESTAMP WITH TIME ZONE '2026-03-01 12:00:00+00')""");
            st.executeUpdate("""
                    INSERT INTO staff_member (staff_id, name, work_email, roles, alerts_json, digest_at, time_zone, active,
                        revision, published_revision, updated_at)
                    VALUES ('dana', 'Dana', 'dana@program.example.org', 'CLINICIAN', '{}', '08:00', 'UTC', TRUE, 2, 2,
                        TIMESTAMP WITH TIME ZONE '2026-03-01 12:00:00+00')""");
            st.executeUpdate("""
                    INSERT INTO care_team (member_id, primary_staff_id, other_staff_ids, revision, published_revision,
                        updated_at)
                    VALUES ('m-1', 'dana', '', 3, 3, TIMESTAMP WITH TIME ZONE '2026-03-01 12:00:00+00')""");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }

        try (Database db = Database.open(url, user, "")) {
            StaffDirectory directory = new StaffDirectory(db, new StaffStore(), new MemberStore());
            assertThat(directory.find("dana").orElseThrow().revision()).isEqualTo(2);
            assertThat(directory.careTeam("m-1").orElseThrow().primaryStaffId()).isEqualTo("dana");
            assertThat(directory.applyCareTeam(team("m-1", 4, "someone-not-read-yet")))
                    .as("no foreign key to staff_member any more")
                    .isEqualTo(StaffDirectory.Applied.STORED);
        }
    }
}
