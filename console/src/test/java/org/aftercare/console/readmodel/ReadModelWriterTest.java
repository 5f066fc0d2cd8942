package org.aftercare.console.readmodel;

import static org.aftercare.console.readmodel.Fixtures.acknowledged;
import static org.aftercare.console.readmodel.Fixtures.profile;
import static org.aftercare.console.readmodel.Fixtures.raised;
import static org.aftercare.console.readmodel.Fixtures.risk;
import static org.aftercare.console.readmodel.Fixtures.staff;
import static org.aftercare.console.readmodel.Fixtures.team;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An older snapshot never overwrites a newer one, whatever order the records are read in (H2). */
class ReadModelWriterTest {

    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    private final ReadModelWriter writer = new ReadModelWriter();
    private ReadModelDatabase db;
    private MemberRecords records;

    @BeforeEach
    void open() {
        db = ReadModelDatabase.open("jdbc:h2:mem:writer-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        records = new MemberRecords(db, new MutableClock(NOW));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void olderRevisionsAndChangesAreIgnored() {
        CaseFlag flag = raised("m-1", "f-1", FlagSeverity.CRITICAL, NOW.minusSeconds(600));
        db.inTransaction(c -> {
            writer.profile(c, "m-1", profile("m-1", 5, "Sam", "EXT-1", NOW), NOW);
            writer.profile(c, "m-1", profile("m-1", 4, "Old", "EXT-1", NOW.minusSeconds(60)), NOW);
            writer.careTeam(c, "m-1", team("m-1", 3, "s-new"));
            writer.careTeam(c, "m-1", team("m-1", 2, "s-old"));
            writer.staff(c, "s-new", staff("s-new", 2, "Dana", StaffRole.CLINICIAN));
            writer.staff(c, "s-new", staff("s-new", 1, "Dana Old", StaffRole.CLINICIAN));
            writer.flag(c, acknowledged(flag, "s-new", NOW.minusSeconds(300)));
            writer.flag(c, flag);
            writer.risk(c, "m-1", risk("m-1", RiskTier.VERY_HIGH, LocalDate.parse("2026-03-10"), NOW));
            writer.risk(c, "m-1", risk("m-1", RiskTier.STANDARD, null, NOW.minusSeconds(86_400)));
            return null;
        });
        MemberRecord record = records.of("m-1").orElseThrow();
        assertThat(record.firstName()).isEqualTo("Sam");
        assertThat(record.primaryStaffId()).isEqualTo("s-new");
        assertThat(record.tier()).isEqualTo(RiskTier.VERY_HIGH);
        assertThat(record.openFlags()).singleElement().satisfies(f -> {
            assertThat(f.state()).isEqualTo(FlagState.ACKNOWLEDGED);
            assertThat(f.change()).isEqualTo(2);
        });
        assertThat(new Access(db).mayView("s-old", Set.of(StaffRole.CLINICIAN), "m-1"))
                .isFalse();
        assertThat(new StaffNames(db).of(java.util.List.of("s-new", "s-unknown")))
                .isEqualTo(java.util.Map.of("s-new", "Dana"));
        assertThat(records.timeline("m-1", null, null, 10))
                .as("both flag changes and the two tiers are on the timeline once each")
                .hasSize(4);
    }

    @Test
    void aFlagReadBeforeTheProfileWaitsOnAnUnlistedRowAndCountsOnceTheProfileArrives() {
        db.inTransaction(c -> {
            writer.flag(c, raised("m-2", "f-2", FlagSeverity.HIGH, NOW));
            return null;
        });
        assertThat(records.of("m-2")).isEmpty();
        db.inTransaction(c -> {
            writer.profile(c, "m-2", profile("m-2", 1, "Kit", "EXT-2", NOW), NOW);
            return null;
        });
        assertThat(records.of("m-2").orElseThrow().openFlags()).hasSize(1);
        assertThat(new Caseload(db, new MutableClock(NOW))
                        .page(CaseloadQuery.all("s-1"))
                        .rows()
                        .getFirst()
                        .openHigh())
                .isEqualTo(1);
    }

    @Test
    void aStubWhoseProfileNeverCameIsErasedAfterTheGraceWithItsRowsAndAProfiledMemberIsKept() {
        // m-3's profile tombstone was compacted away before a rebuild: only its flag is still on a topic.
        db.inTransaction(c -> {
            writer.flag(c, raised("m-3", "f-3", FlagSeverity.CRITICAL, NOW));
            writer.flag(c, raised("m-4", "f-4", FlagSeverity.HIGH, NOW));
            writer.profile(c, "m-4", profile("m-4", 1, "Ari", "EXT-4", NOW), NOW);
            return null;
        });
        Instant madeAt = Instant.now();
        int beforeGrace = db.inTransaction(c -> writer.eraseOrphans(c, madeAt.minusSeconds(3600)));
        assertThat(beforeGrace).as("a stub within its grace is kept").isZero();
        assertThat(rows("m-3")).isPositive();

        int erased = db.inTransaction(c -> writer.eraseOrphans(c, madeAt.plusSeconds(3600)));

        assertThat(erased).isEqualTo(1);
        assertThat(rows("m-3")).isZero();
        assertThat(records.of("m-4").orElseThrow().openFlags()).hasSize(1);
        // A profile that does come later is shown as usual (no marker was kept).
        db.inTransaction(c -> {
            writer.profile(c, "m-3", profile("m-3", 2, "Jo", "EXT-3", NOW), NOW);
            return null;
        });
        assertThat(records.of("m-3")).isPresent();
    }

    private int rows(String memberId) {
        return db.read(c -> {
            int n = 0;
            for (String table : new String[] {"rm_member", "rm_flag"}) {
                try (var ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE member_id = ?")) {
                    ps.setString(1, memberId);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        n += rs.getInt(1);
                    }
                }
            }
            return n;
        });
    }

    @Test
    void aFinishedQuestionnaireIsKeptOncePerResponseWithItsScoresAndBandsAndErasedWithTheMember() {
        var first = Fixtures.phq9("m-5", "resp-5a", 4, 12, 0, NOW.minusSeconds(86_400));
        var second = Fixtures.phq9("m-5", "resp-5b", 1, null, 0, NOW);
        var critical = Fixtures.phq9("m-6", "resp-6", 5, 21, 2, NOW);
        db.inTransaction(c -> {
            writer.profile(c, "m-5", profile("m-5", 1, "Rae", "EXT-5", NOW), NOW);
            writer.profile(c, "m-6", profile("m-6", 1, "Noa", "EXT-6", NOW), NOW);
            writer.response(c, first);
            writer.response(c, second);
            writer.response(c, critical);
            return null;
        });
        // a replay (the feed read again from older offsets) changes nothing
        db.inTransaction(c -> {
            writer.response(c, second);
            writer.response(c, first);
            return null;
        });

        MeasureResults results = new MeasureResults(db);
        assertThat(results.of("m-5")).hasSize(2);
        MeasureResults.Result older = results.of("m-5").getFirst();
        assertThat(older.responseId()).isEqualTo("resp-5a");
        assertThat(older.instrumentId()).isEqualTo("phq-9");
        assertThat(older.instrumentVersion()).isEqualTo(1);
        assertThat(older.completedAt()).isEqualTo(NOW.minusSeconds(86_400));
        assertThat(older.scores()).isEqualTo(java.util.Map.of("phq-2", 4, "total", 12));
        assertThat(older.bands()).isEqualTo(java.util.Map.of("phq-2", "positive-screen", "total", "moderate"));
        assertThat(older.highestSeverity()).isNull();
        assertThat(results.of("m-5").getLast().scores()).isEqualTo(java.util.Map.of("phq-2", 1));
        assertThat(results.of("m-6").getFirst().highestSeverity()).isEqualTo("critical");
        assertThat(count("rm_measure_score", "m-5"))
                .as("one row per score, not per read")
                .isEqualTo(3);
        assertThat(records.timeline("m-5", null, null, 10)).hasSize(2);

        db.inTransaction(c -> {
            writer.profile(c, "m-5", null, NOW);
            return null;
        });

        assertThat(results.of("m-5")).isEmpty();
        assertThat(count("rm_measure", "m-5") + count("rm_measure_score", "m-5"))
                .isZero();
        assertThat(results.of("m-6")).as("another member's results stay").hasSize(1);
        // the erased member's result read again (other topics keep it longer) does not come back
        db.inTransaction(c -> {
            writer.response(c, first);
            return null;
        });
        assertThat(count("rm_measure", "m-5")).isZero();
    }

    @Test
    void aQuestionnaireOfAMemberWhoseProfileNeverCameGoesWithTheOrphanSweep() {
        db.inTransaction(c -> {
            writer.response(c, Fixtures.phq9("m-7", "resp-7", 3, 9, 0, NOW));
            return null;
        });
        assertThat(count("rm_measure", "m-7")).isEqualTo(1);

        int erased = db.inTransaction(c -> writer.eraseOrphans(c, Instant.now().plusSeconds(3600)));

        assertThat(erased).isEqualTo(1);
        assertThat(count("rm_measure", "m-7") + count("rm_measure_score", "m-7"))
                .isZero();
    }

    private int count(String table, String memberId) {
        return db.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE member_id = ?")) {
                ps.setString(1, memberId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
