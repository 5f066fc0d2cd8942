package org.aftercare.console.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.audit.AuditQuery;
import org.aftercare.console.readmodel.Access;
import org.aftercare.console.readmodel.Fixtures;
import org.aftercare.console.readmodel.ReadModelDatabase;
import org.aftercare.console.readmodel.ReadModelWriter;
import org.aftercare.events.Topics;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.postgres.PostgresExtension;
import org.aftercare.infra.time.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The console's staff records and care teams on a real database (H2 and PostgreSQL), without a
 * broker: what each change stores, queues on the outbox (in order, rising revisions) and shows the
 * read model at once; the rules and refusals; a member's erasure.
 */
class StaffAdminIT {

    static final PostgresExtension POSTGRES = new PostgresExtension();
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("h2", "jdbc:h2:mem:staff-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa"),
                Arguments.of("postgresql", POSTGRES.newDatabase(), PostgresExtension.USER));
    }

    private record Queued(String topic, String key, long revision, boolean tombstone) {}

    private static List<Queued> outbox(ReadModelDatabase db) {
        return db.read(c -> {
            List<Queued> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT topic, record_key, revision, payload FROM console_staff_outbox ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Queued(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4) == null));
                }
            }
            return out;
        });
    }

    private static StaffAdmin.StaffDraft draft(String id, String name, StaffRole... roles) {
        return new StaffAdmin.StaffDraft(id, name, id + "@clinic.example.org", Set.of(roles), CHICAGO);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyChangeIsQueuedInOrderWithRisingRevisionsAndAccessFollowsAtOnce(String vendor, String url, String user) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        try (ReadModelDatabase db = ReadModelDatabase.open(url, user, "", 4)) {
            AccessAudit audit = new AccessAudit(db, clock, Duration.ofDays(30));
            int[] pokes = {0};
            StaffAdmin admin = new StaffAdmin(db, clock, audit, null, () -> pokes[0]++);
            Access access = new Access(db);

            admin.save("boot", draft("adm", "Ari Admin", StaffRole.ADMIN));
            admin.save("adm", draft("dana", "Dana Whitfield", StaffRole.CLINICIAN));
            admin.save("adm", draft("lee", "Lee Park", StaffRole.CLINICIAN));
            CareTeam first = admin.assign("adm", "m-1", "dana", List.of("lee"));
            assertThat(access.mayView("dana", Set.of(StaffRole.CLINICIAN), "m-1"))
                    .isTrue();

            // When Dana is taken off the team, she loses access at once (no topic round trip)
            CareTeam second = admin.assign("adm", "m-1", "lee", List.of());
            assertThat(access.mayView("dana", Set.of(StaffRole.CLINICIAN), "m-1"))
                    .isFalse();
            assertThat(access.mayView("lee", Set.of(StaffRole.CLINICIAN), "m-1"))
                    .isTrue();

            // and a change that changes nothing queues nothing
            admin.assign("adm", "m-1", "lee", List.of());
            StaffMember prefs = admin.setAlerts(
                    "dana",
                    "dana",
                    AlertCadence.EVERY_3_HOURS,
                    AlertCadence.DAILY_DIGEST,
                    LocalTime.of(7, 30),
                    CHICAGO);

            assertThat(first.revision()).isEqualTo(1);
            assertThat(second.revision()).isEqualTo(2);
            assertThat(prefs.revision()).isEqualTo(2);
            assertThat(prefs.cadenceFor(FlagSeverity.HIGH)).isEqualTo(AlertCadence.EVERY_3_HOURS);
            assertThat(prefs.cadenceFor(FlagSeverity.CRITICAL)).isEqualTo(AlertCadence.IMMEDIATELY);
            assertThat(outbox(db))
                    .containsExactly(
                            new Queued("staff.directory", "adm", 1, false),
                            new Queued("staff.directory", "dana", 1, false),
                            new Queued("staff.directory", "lee", 1, false),
                            new Queued("care.assignments", "m-1", 1, false),
                            new Queued("care.assignments", "m-1", 2, false),
                            new Queued("staff.directory", "dana", 2, false));
            assertThat(pokes[0]).isEqualTo(6);
            assertThat(audit.list(AuditQuery.byMember("m-1", 0, 100)).entries())
                    .extracting(e -> e.what())
                    .containsOnly("care-team.set");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void revisionsContinueAboveWhatTheTopicsSaid(String vendor, String url, String user) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        try (ReadModelDatabase db = ReadModelDatabase.open(url, user, "", 4)) {
            StaffAdmin admin =
                    new StaffAdmin(db, clock, new AccessAudit(db, clock, Duration.ofDays(30)), null, () -> {});
            ReadModelWriter writer = new ReadModelWriter();
            db.inTransaction(c -> {
                writer.staff(c, "dana", Fixtures.staff("dana", 7, "Dana", StaffRole.CLINICIAN));
                writer.careTeam(c, "m-1", Fixtures.team("m-1", 4, "dana"));
                return null;
            });

            StaffMember dana = admin.save("adm", draft("dana", "Dana Whitfield", StaffRole.CLINICIAN));
            CareTeam team = admin.assign("adm", "m-1", "dana", List.of());

            assertThat(dana.revision()).isEqualTo(8);
            assertThat(team.revision()).isEqualTo(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void badRecordsAndCareTeamsAreRefusedWithAReasonPerField(String vendor, String url, String user) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        try (ReadModelDatabase db = ReadModelDatabase.open(url, user, "", 4)) {
            StaffAdmin admin =
                    new StaffAdmin(db, clock, new AccessAudit(db, clock, Duration.ofDays(30)), null, () -> {});
            assertThatThrownBy(() -> admin.save(
                            "adm", new StaffAdmin.StaffDraft("on-call", "Dana\nW", "not-an-address", Set.of(), null)))
                    .isInstanceOfSatisfying(
                            StaffProblem.class,
                            p -> assertThat(p.fields()).containsOnlyKeys("staffId", "name", "workEmail", "roles"));
            assertThatThrownBy(() -> admin.save(
                            "adm",
                            new StaffAdmin.StaffDraft(
                                    "dana", "Dana", "dana@clinic.example.org", Set.of(StaffRole.CLINICIAN), null)))
                    .isInstanceOfSatisfying(
                            StaffProblem.class, p -> assertThat(p.fields()).containsOnlyKeys("timeZone"));

            admin.save("adm", draft("dana", "Dana", StaffRole.CLINICIAN));
            admin.save("adm", draft("lee", "Lee", StaffRole.CLINICIAN));
            admin.save("adm", draft("kim", "Kim", StaffRole.CLINICIAN));
            admin.setActive("adm", "kim", false);

            assertThatThrownBy(() -> admin.assign("adm", "m-1", "nobody", List.of("kim", "lee", "lee")))
                    .isInstanceOfSatisfying(
                            StaffProblem.class,
                            p -> assertThat(p.fields())
                                    .containsEntry("primaryStaffId", "names someone who is not on the staff list")
                                    .containsEntry(
                                            "otherStaffIds", "names a deactivated staff member: choose an active one"));
            assertThatThrownBy(() -> admin.assign("adm", "m-1", "dana", List.of("lee", "lee")))
                    .isInstanceOfSatisfying(
                            StaffProblem.class,
                            p -> assertThat(p.fields())
                                    .containsEntry("otherStaffIds", "must not name a staff member twice"));
            assertThatThrownBy(() -> admin.assign("adm", "m-1", "dana", List.of("dana")))
                    .isInstanceOfSatisfying(
                            StaffProblem.class,
                            p -> assertThat(p.fields())
                                    .containsEntry("otherStaffIds", "must not include the primary staff member"));
            assertThatThrownBy(() -> admin.assign("adm", "m-1", null, List.of()))
                    .isInstanceOfSatisfying(
                            StaffProblem.class, p -> assertThat(p.fields()).containsKey("primaryStaffId"));
            assertThatThrownBy(() ->
                            admin.setAlerts("dana", "dana", AlertCadence.IMMEDIATELY, null, LocalTime.NOON, CHICAGO))
                    .isInstanceOfSatisfying(
                            StaffProblem.class, p -> assertThat(p.fields()).containsOnlyKeys("alertMedium"));
            assertThat(outbox(db)).noneMatch(q -> q.topic().equals("care.assignments"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void nobodyDeactivatesThemselvesAndTheLastAdminStays(String vendor, String url, String user) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        try (ReadModelDatabase db = ReadModelDatabase.open(url, user, "", 4)) {
            StaffAdmin admin =
                    new StaffAdmin(db, clock, new AccessAudit(db, clock, Duration.ofDays(30)), null, () -> {});
            admin.save("boot", draft("adm", "Ari", StaffRole.ADMIN));

            assertThatThrownBy(() -> admin.setActive("adm", "adm", false))
                    .isInstanceOfSatisfying(
                            StaffProblem.class, p -> assertThat(p.fields()).containsKey("active"));
            assertThatThrownBy(() -> admin.setActive("boot", "adm", false))
                    .isInstanceOfSatisfying(
                            StaffProblem.class,
                            p -> assertThat(p.fields())
                                    .containsEntry(
                                            "active",
                                            "this is the last active admin: make someone else an admin first"));
            assertThatThrownBy(() -> admin.save("adm", draft("adm", "Ari", StaffRole.SUPERVISOR)))
                    .isInstanceOfSatisfying(
                            StaffProblem.class, p -> assertThat(p.fields()).containsKey("roles"));

            admin.save("adm", draft("bo", "Bo", StaffRole.ADMIN, StaffRole.SUPERVISOR));
            assertThat(admin.setActive("bo", "adm", false).active()).isFalse();
            assertThat(admin.find("adm").orElseThrow().active()).isFalse();
            assertThat(admin.setActive("bo", "adm", true).active()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anErasedMembersCareTeamGoesAndItsTombstoneIsQueued(String vendor, String url, String user) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        try (ReadModelDatabase db = ReadModelDatabase.open(url, user, "", 4)) {
            StaffAdmin admin =
                    new StaffAdmin(db, clock, new AccessAudit(db, clock, Duration.ofDays(30)), null, () -> {});
            admin.save("adm", draft("dana", "Dana", StaffRole.CLINICIAN));
            admin.assign("adm", "m-1", "dana", List.of());
            admin.assign("adm", "m-2", "dana", List.of());

            db.inTransaction(c -> {
                new ReadModelWriter().profile(c, "m-1", null, clock.instant());
                return null;
            });

            assertThat(admin.careTeam("m-1")).isEmpty();
            assertThat(admin.careTeam("m-2")).isPresent();
            assertThat(outbox(db).stream().filter(q -> q.key().equals("m-1")).toList())
                    .containsExactly(new Queued(Topics.CARE_ASSIGNMENTS.name(), "m-1", 2, true));
            assertThatThrownBy(() -> admin.assign("adm", "m-1", "dana", List.of()))
                    .isInstanceOfSatisfying(
                            StaffProblem.class, p -> assertThat(p.notFound()).isTrue());
        }
    }
}
