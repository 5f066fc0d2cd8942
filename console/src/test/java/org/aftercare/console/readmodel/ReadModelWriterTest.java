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

    @Test
    void questionnairesSentCompletedAndNotAnsweredAreKeptPerOccurrenceWhateverOrderTheTopicsAreReadIn() {
        Instant sentA = NOW.minus(java.time.Duration.ofDays(10));
        Instant sentB = NOW.minus(java.time.Duration.ofDays(9));
        Instant sentC = NOW.minus(java.time.Duration.ofDays(1));
        var dueA = Fixtures.questionnaireDue("m-8", "qn-a", "weekly-reflection", sentA);
        var doneA = Fixtures.finished("m-8", "resp-a", "qn-a", "weekly-reflection", sentA.plusSeconds(3600));
        var dueB = Fixtures.questionnaireDue("m-8", "qn-b", "removed-by-the-program", sentB);
        var missedB = Fixtures.questionnaireMissed("m-8", "qn-b", "removed-by-the-program", sentB);
        var dueC = Fixtures.questionnaireDue("m-8", "qn-c", "weekly-reflection", sentC);
        // answers an occurrence whose due event is not read yet
        var doneD = Fixtures.finished("m-8", "resp-d", "qn-d", "weekly-reflection", NOW);
        db.inTransaction(c -> {
            writer.profile(c, "m-8", profile("m-8", 1, "Ash", "EXT-8", NOW), NOW);
            // each topic in its own order: the completion and the expiry before the due events
            writer.response(c, doneA);
            writer.status(c, missedB);
            writer.due(c, dueA);
            writer.due(c, dueB);
            writer.due(c, dueC);
            writer.response(c, doneD);
            return null;
        });
        db.inTransaction(c -> {
            // a replay changes nothing
            writer.due(c, dueA);
            writer.status(c, missedB);
            writer.response(c, doneA);
            return null;
        });

        MeasureResults results = new MeasureResults(db);
        assertThat(results.occurrences("m-8"))
                .as("newest first; qn-d waits for its due event")
                .containsExactly(
                        new MeasureResults.Occurrence(
                                "qn-c",
                                "weekly-reflection",
                                sentC,
                                sentC.plus(java.time.Duration.ofDays(7)),
                                null,
                                null),
                        new MeasureResults.Occurrence(
                                "qn-b",
                                "removed-by-the-program",
                                sentB,
                                sentB.plus(java.time.Duration.ofDays(7)),
                                null,
                                sentB.plus(java.time.Duration.ofDays(7))),
                        new MeasureResults.Occurrence(
                                "qn-a",
                                "weekly-reflection",
                                sentA,
                                sentA.plus(java.time.Duration.ofDays(7)),
                                sentA.plusSeconds(3600),
                                null));
        assertThat(results.occurrences("m-8").get(1).notAnswered()).isTrue();
        assertThat(results.occurrences("m-8").get(2).completed()).isTrue();
        var timeline = records.timeline("m-8", null, null, 20);
        assertThat(timeline)
                .extracting(TimelineEntry::kind)
                .containsExactlyInAnyOrder(
                        "measure.completed",
                        "measure.completed",
                        "questionnaire.due",
                        "questionnaire.due",
                        "questionnaire.due",
                        "questionnaire.missed");
        assertThat(timeline)
                .filteredOn(e -> e.kind().equals("questionnaire.missed"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.checkInId()).isEqualTo("qn-b");
                    assertThat(e.instrumentId()).isEqualTo("removed-by-the-program");
                    assertThat(e.dueAt()).isEqualTo(sentB);
                    assertThat(e.occurredAt()).isEqualTo(sentB.plus(java.time.Duration.ofDays(7)));
                });
        assertThat(timeline)
                .filteredOn(e -> e.kind().equals("questionnaire.due"))
                .extracting(TimelineEntry::checkInId)
                .containsExactlyInAnyOrder("qn-a", "qn-b", "qn-c");
        assertThat(count("rm_checkin", "m-8"))
                .as("no questionnaire is a check-in")
                .isZero();

        // the due event read last lists qn-d as completed
        db.inTransaction(c -> {
            writer.due(c, Fixtures.questionnaireDue("m-8", "qn-d", "weekly-reflection", NOW.minusSeconds(60)));
            return null;
        });
        assertThat(results.occurrences("m-8").getFirst()).satisfies(o -> {
            assertThat(o.questionnaireId()).isEqualTo("qn-d");
            assertThat(o.dueAt()).isEqualTo(NOW.minusSeconds(60));
            assertThat(o.completedAt()).isEqualTo(NOW);
        });

        db.inTransaction(c -> {
            writer.profile(c, "m-8", null, NOW);
            return null;
        });
        assertThat(count("rm_questionnaire", "m-8"))
                .as("erased with the member")
                .isZero();
        db.inTransaction(c -> {
            writer.due(c, dueC);
            writer.status(c, missedB);
            return null;
        });
        assertThat(count("rm_questionnaire", "m-8") + count("rm_timeline", "m-8"))
                .as("an erased member's events read again do not bring them back")
                .isZero();
    }

    @Test
    void aQuestionnaireNotAnsweredIsNoMissedCheckInForTheRateTheChartsTheOverviewOrTheCaseload() {
        Instant yesterday = NOW.minus(java.time.Duration.ofDays(1));
        Instant twoDaysAgo = NOW.minus(java.time.Duration.ofDays(2));
        Instant eightDaysAgo = NOW.minus(java.time.Duration.ofDays(8));
        db.inTransaction(c -> {
            for (String m : new String[] {"m-q", "m-c", "m-x"}) {
                writer.profile(c, m, profile(m, 1, "Pat", "EXT-" + m, NOW), NOW);
            }
            // m-q and m-c each answered one check-in (m-c earlier); m-q was sent a questionnaire it never answered
            writer.status(c, Fixtures.completed("m-q", "ck-q", yesterday));
            writer.response(
                    c,
                    Fixtures.answered(
                            "m-q", "ck-q", org.aftercare.events.checkin.AnswerStatus.OK, 2, 4, null, yesterday));
            writer.status(c, Fixtures.completed("m-c", "ck-c", twoDaysAgo));
            writer.response(
                    c,
                    Fixtures.answered(
                            "m-c", "ck-c", org.aftercare.events.checkin.AnswerStatus.OK, 2, 4, null, twoDaysAgo));
            writer.due(c, Fixtures.questionnaireDue("m-q", "qn-q", "weekly-reflection", eightDaysAgo));
            writer.status(c, Fixtures.questionnaireMissed("m-q", "qn-q", "weekly-reflection", eightDaysAgo));
            // m-x missed a check-in: that one counts
            writer.status(c, Fixtures.missed("m-x", "ck-x", twoDaysAgo));
            return null;
        });

        MemberRecord q = records.of("m-q").orElseThrow();
        assertThat(q.answerRate()).isEqualTo(new AnswerRate(1, 1));
        assertThat(records.of("m-x").orElseThrow().answerRate())
                .as("a missed check-in does count")
                .isEqualTo(new AnswerRate(0, 1));
        MemberSeries series = records.series("m-q", 30);
        assertThat(series.weeks().stream().mapToInt(MemberSeries.Week::missed).sum())
                .isZero();
        assertThat(series.weeks().stream().mapToInt(MemberSeries.Week::answered).sum())
                .isEqualTo(1);
        var days = new ProgramOverview(db, new MutableClock(NOW)).read().days();
        assertThat(days.stream().mapToInt(ProgramOverview.Day::missed).sum())
                .as("m-x's check-in only")
                .isEqualTo(1);
        assertThat(days.stream().mapToInt(ProgramOverview.Day::answered).sum()).isEqualTo(2);
        var rows = new Caseload(db, new MutableClock(NOW))
                .page(CaseloadQuery.all("s-1"))
                .rows();
        assertThat(rows)
                .as("never answered first, then the oldest last answer: the questionnaire changes no rank")
                .extracting(CaseloadRow::memberId)
                .containsExactly("m-x", "m-c", "m-q");
        assertThat(rows.get(2).answerRate()).isEqualTo(new AnswerRate(1, 1));
        assertThat(rows.get(2).openFlags()).isZero();
    }

    @Test
    void aFinishedQuestionnaireWhoseInstrumentIdIsLongerThanThirtyTwoCharactersIsOnTheTimelineAndCharted() {
        // Before V9 the timeline kept the instrument id in its 32-character status column: the database
        // refused the row and the whole record (result and scores) was skipped.
        String longId = "a-programs-own-questionnaire-of-forty-ch";
        assertThat(longId).hasSize(40);
        db.inTransaction(c -> {
            writer.profile(c, "m-9", profile("m-9", 1, "Lou", "EXT-9", NOW), NOW);
            writer.response(c, Fixtures.finished("m-9", "resp-9", "qn-9", longId, NOW));
            return null;
        });

        assertThat(new MeasureResults(db).of("m-9"))
                .singleElement()
                .satisfies(r -> assertThat(r.instrumentId()).isEqualTo(longId));
        assertThat(records.timeline("m-9", null, null, 10))
                .singleElement()
                .satisfies(e -> assertThat(e.instrumentId()).isEqualTo(longId));
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
