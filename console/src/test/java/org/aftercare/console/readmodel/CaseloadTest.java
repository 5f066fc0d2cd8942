package org.aftercare.console.readmodel;

import static org.aftercare.console.readmodel.Fixtures.answered;
import static org.aftercare.console.readmodel.Fixtures.completed;
import static org.aftercare.console.readmodel.Fixtures.missed;
import static org.aftercare.console.readmodel.Fixtures.profile;
import static org.aftercare.console.readmodel.Fixtures.raised;
import static org.aftercare.console.readmodel.Fixtures.risk;
import static org.aftercare.console.readmodel.Fixtures.team;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caseload's ranking, filters, search and paging, and {@link Access#mayView}, on a real H2
 * database written through {@link ReadModelWriter} (the topics are {@code ReadModelFeedIT}'s part).
 */
class CaseloadTest {

    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final ReadModelWriter writer = new ReadModelWriter();
    private ReadModelDatabase db;
    private Caseload caseload;

    @BeforeEach
    void open() {
        db = ReadModelDatabase.open("jdbc:h2:mem:caseload-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        caseload = new Caseload(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void member(String id, String name, String ext, String staffId) {
        db.inTransaction(c -> {
            writer.profile(c, id, profile(id, 1, name, ext, NOW.minusSeconds(86_400 * 30)), NOW);
            writer.careTeam(c, id, team(id, 1, staffId));
            return null;
        });
    }

    @Test
    void ranksByOpenFlagSeverityThenTierAndWindowThenOldestLastAnswer() {
        // Given members that differ in one need each (written by hand, in a shuffled order)
        member("m-standard-old-answer", "Ada", "EXT-1", "s1");
        member("m-never-answered", "Bo", "EXT-2", "s1");
        member("m-high-tier", "Cy", "EXT-3", "s1");
        member("m-very-high-old-window", "Di", "EXT-4", "s1");
        member("m-very-high-new-window", "Ed", "EXT-5", "s1");
        member("m-medium-flag", "Fay", "EXT-6", "s1");
        member("m-high-flag", "Gus", "EXT-7", "s1");
        member("m-critical-flag", "Hal", "EXT-8", "s1");
        member("m-standard-new-answer", "Ivy", "EXT-9", "s1");
        db.inTransaction(c -> {
            writer.risk(c, "m-standard-old-answer", risk("m-standard-old-answer", RiskTier.STANDARD, null, NOW));
            writer.risk(c, "m-standard-new-answer", risk("m-standard-new-answer", RiskTier.STANDARD, null, NOW));
            writer.risk(c, "m-never-answered", risk("m-never-answered", RiskTier.STANDARD, null, NOW));
            writer.risk(c, "m-high-tier", risk("m-high-tier", RiskTier.HIGH, LocalDate.parse("2026-02-20"), NOW));
            writer.risk(
                    c,
                    "m-very-high-old-window",
                    risk("m-very-high-old-window", RiskTier.VERY_HIGH, LocalDate.parse("2026-03-02"), NOW));
            writer.risk(
                    c,
                    "m-very-high-new-window",
                    risk("m-very-high-new-window", RiskTier.VERY_HIGH, LocalDate.parse("2026-03-12"), NOW));
            writer.response(
                    c,
                    answered(
                            "m-standard-old-answer",
                            "ci-a",
                            AnswerStatus.OK,
                            1,
                            4,
                            null,
                            Instant.parse("2026-03-10T09:00:00Z")));
            writer.response(
                    c,
                    answered(
                            "m-standard-new-answer",
                            "ci-b",
                            AnswerStatus.OK,
                            1,
                            4,
                            null,
                            Instant.parse("2026-03-14T09:00:00Z")));
            // a standard-tier member with a medium flag still ranks above every member without a flag
            writer.flag(c, raised("m-medium-flag", "f-med", FlagSeverity.MEDIUM, NOW));
            writer.flag(c, raised("m-high-flag", "f-high", FlagSeverity.HIGH, NOW));
            writer.flag(c, raised("m-critical-flag", "f-crit", FlagSeverity.CRITICAL, NOW));
            return null;
        });

        CaseloadPage page = caseload.page(CaseloadQuery.own("s1"));

        assertThat(page.rows())
                .extracting(CaseloadRow::memberId)
                .containsExactly(
                        "m-critical-flag",
                        "m-high-flag",
                        "m-medium-flag",
                        "m-very-high-new-window",
                        "m-very-high-old-window",
                        "m-high-tier",
                        "m-never-answered",
                        "m-standard-old-answer",
                        "m-standard-new-answer");
        assertThat(page.total()).isEqualTo(9);
        CaseloadRow veryHigh = page.rows().get(3);
        assertThat(veryHigh.tier()).isEqualTo(RiskTier.VERY_HIGH);
        assertThat(veryHigh.daysSinceWindowStart()).isEqualTo(3);
        assertThat(veryHigh.daysSinceExit())
                .as("the exit event on the profile, 2026-03-01")
                .isEqualTo(14);
        assertThat(page.rows().get(0).openCritical()).isEqualTo(1);
        assertThat(page.rows().get(7).lastAnswerStatus()).isEqualTo(AnswerStatus.OK);
        assertThat(page.rows().get(7).lastAnswerAt()).isEqualTo(Instant.parse("2026-03-10T09:00:00Z"));
    }

    @Test
    void aClinicianSeesTheirCareTeamsMembersAndASupervisorSeesAll() {
        member("m-1", "Ada", "EXT-1", "s1");
        member("m-2", "Bo", "EXT-2", "s2");
        db.inTransaction(c -> {
            writer.careTeam(c, "m-3", team("m-3", 1, "s2", "s1"));
            writer.profile(c, "m-3", profile("m-3", 1, "Cy", "EXT-3", NOW), NOW);
            return null;
        });

        assertThat(caseload.page(CaseloadQuery.own("s1")).rows())
                .extracting(CaseloadRow::memberId)
                .containsExactlyInAnyOrder("m-1", "m-3");
        assertThat(caseload.page(CaseloadQuery.all("s1")).total()).isEqualTo(3);

        Access access = new Access(db);
        assertThat(access.mayView("s1", Set.of(StaffRole.CLINICIAN), "m-1")).isTrue();
        assertThat(access.mayView("s1", Set.of(StaffRole.CLINICIAN), "m-3"))
                .as("one of the others")
                .isTrue();
        assertThat(access.mayView("s1", Set.of(StaffRole.CLINICIAN), "m-2"))
                .as("another clinician's member")
                .isFalse();
        assertThat(access.mayView("s9", Set.of(StaffRole.SUPERVISOR), "m-2")).isTrue();
        assertThat(access.mayView("s9", Set.of(StaffRole.ADMIN), "m-2")).isTrue();
        assertThat(access.mayView("s1", Set.of(), "m-1")).as("no role").isFalse();
    }

    @Test
    void searchesByFirstNameOrProgramIdPrefixAndFilters() {
        member("m-1", "Samantha", "EXT-100", "s1");
        member("m-2", "Sam", "ABC-7", "s1");
        member("m-3", "Alex", "EXT-200", "s1");
        member("m-4", "100%_Sure", "Z-1", "s1");
        db.inTransaction(c -> {
            writer.risk(c, "m-3", risk("m-3", RiskTier.VERY_HIGH, LocalDate.parse("2026-03-10"), NOW));
            writer.flag(c, raised("m-1", "f-1", FlagSeverity.HIGH, NOW));
            return null;
        });
        CaseloadQuery q = CaseloadQuery.own("s1");

        assertThat(caseload.page(q.withSearch("sam")).rows())
                .extracting(CaseloadRow::memberId)
                .containsExactly("m-1", "m-2");
        assertThat(caseload.page(q.withSearch("ext-2")).rows())
                .extracting(CaseloadRow::memberId)
                .containsExactly("m-3");
        assertThat(caseload.page(q.withSearch("%")).rows())
                .as("a wildcard is a character like any other")
                .extracting(CaseloadRow::memberId)
                .isEmpty();
        assertThat(caseload.page(q.withSearch("100%_")).rows())
                .extracting(CaseloadRow::memberId)
                .containsExactly("m-4");
        assertThat(caseload.page(q.withTier(RiskTier.VERY_HIGH)).rows())
                .extracting(CaseloadRow::memberId)
                .containsExactly("m-3");
        assertThat(caseload.page(q.withOpenFlagOnly(true)).rows())
                .extracting(CaseloadRow::memberId)
                .containsExactly("m-1");
    }

    @Test
    void pagesInAStableOrderWithTheTotal() {
        for (int i = 0; i < 7; i++) {
            member("m-" + i, "Name" + i, "EXT-" + i, "s1");
        }
        CaseloadPage first = caseload.page(CaseloadQuery.own("s1").withPage(0, 3));
        CaseloadPage second = caseload.page(CaseloadQuery.own("s1").withPage(1, 3));
        CaseloadPage third = caseload.page(CaseloadQuery.own("s1").withPage(2, 3));
        CaseloadPage beyond = caseload.page(CaseloadQuery.own("s1").withPage(3, 3));

        assertThat(first.rows()).extracting(CaseloadRow::memberId).containsExactly("m-0", "m-1", "m-2");
        assertThat(second.rows()).extracting(CaseloadRow::memberId).containsExactly("m-3", "m-4", "m-5");
        assertThat(third.rows()).extracting(CaseloadRow::memberId).containsExactly("m-6");
        assertThat(beyond.rows()).isEmpty();
        assertThat(first.total()).isEqualTo(7);
        assertThat(first.pageCount()).isEqualTo(3);
        assertThat(first.hasNext()).isTrue();
        assertThat(third.hasNext()).isFalse();
    }

    @Test
    void theAnswerRateCountsTheLastFourteenDaysOfStatusesAndAnswers() {
        member("m-1", "Ada", "EXT-1", "s1");
        db.inTransaction(c -> {
            writer.status(c, completed("m-1", "ci-1", Instant.parse("2026-03-13T09:00:00Z")));
            writer.status(c, missed("m-1", "ci-2", Instant.parse("2026-03-12T09:00:00Z")));
            writer.status(c, missed("m-1", "ci-3", Instant.parse("2026-03-11T09:00:00Z")));
            // an answer before its status: counted answered once the status says when it was due
            writer.response(
                    c, answered("m-1", "ci-4", AnswerStatus.OK, 2, 4, null, Instant.parse("2026-03-14T09:30:00Z")));
            writer.status(c, completed("m-1", "ci-4", Instant.parse("2026-03-14T09:00:00Z")));
            // older than 14 days: not counted
            writer.status(c, missed("m-1", "ci-0", Instant.parse("2026-02-20T09:00:00Z")));
            return null;
        });
        CaseloadRow row = caseload.page(CaseloadQuery.own("s1")).rows().getFirst();
        assertThat(row.answerRate()).isEqualTo(new AnswerRate(2, 4));
    }

    @Test
    void theFlagQueueListsOpenFlagsTheStaffMemberMaySeeCriticalThenOldestFirst() {
        member("m-1", "Ada", "EXT-1", "s1");
        member("m-2", "Bo", "EXT-2", "s1");
        member("m-3", "Cy", "EXT-3", "s2");
        db.inTransaction(c -> {
            writer.flag(c, raised("m-1", "f-high-old", FlagSeverity.HIGH, NOW.minusSeconds(7200)));
            writer.flag(c, raised("m-2", "f-crit-new", FlagSeverity.CRITICAL, NOW.minusSeconds(60)));
            writer.flag(c, raised("m-1", "f-crit-old", FlagSeverity.CRITICAL, NOW.minusSeconds(3600)));
            writer.flag(c, raised("m-2", "f-medium", FlagSeverity.MEDIUM, NOW.minusSeconds(9000)));
            writer.flag(c, raised("m-3", "f-other", FlagSeverity.CRITICAL, NOW.minusSeconds(9000)));
            writer.flag(
                    c,
                    Fixtures.acknowledged(
                            raised("m-1", "f-acked", FlagSeverity.MEDIUM, NOW.minusSeconds(10_000)), "s1", NOW));
            return null;
        });
        FlagQueue queue = new FlagQueue(db);

        assertThat(queue.open("s1", false, 100))
                .extracting(q -> q.flag().flagId())
                .containsExactly("f-crit-old", "f-crit-new", "f-high-old", "f-acked", "f-medium");
        assertThat(queue.count("s1", false)).isEqualTo(5);
        assertThat(queue.open("s1", true, 2))
                .extracting(q -> q.flag().flagId())
                .containsExactly("f-other", "f-crit-old");
        assertThat(queue.count("s1", true)).isEqualTo(6);
        assertThat(queue.open("s1", false, 1).getFirst().firstName()).isEqualTo("Ada");
    }
}
