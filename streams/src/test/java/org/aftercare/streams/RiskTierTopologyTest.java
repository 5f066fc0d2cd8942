package org.aftercare.streams;

import static org.aftercare.streams.Members.confirmed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.risk.MemberRisk;
import org.aftercare.events.risk.RiskCause;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.aftercare.streams.risk.RiskTiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Risk tiers through the production topology: very high for days 0-14 after the latest exit event
 * (member-local dates), high to day 30, standard after; a use after 14+ clean days opens a new
 * very-high window by itself. Every change is published on {@code member.risk}, those that come
 * with the passage of time at the start of the member's day. The members live in New York
 * (UTC-4 from 2026-03-08), so their days start at 04:00 UTC.
 */
class RiskTierTopologyTest {

    private static final Instant START = Instant.parse("2026-03-08T13:00:00Z");
    private static final LocalDate MARCH_1 = LocalDate.parse("2026-03-01");

    @TempDir
    Path stateDir;

    private DecisionDriver driver() {
        return DecisionDriver.at(stateDir, START);
    }

    private static Members.Member detoxedOnMarch1(String id) {
        return Members.member(id).exitEvent(ExitKind.COMPLETED_DETOX, MARCH_1);
    }

    @Test
    void anExitEventOpensAVeryHighWindowPublishedOnMemberRisk() {
        try (DecisionDriver d = driver()) {
            Members.Member m = detoxedOnMarch1("m-detox");
            m.publish(d);

            var records = d.risks.readRecordsToList();
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(m.id);
                MemberRisk risk = (MemberRisk) r.value();
                assertThat(risk.eventId()).isEqualTo("risk:m-detox:very-high:2026-03-01:1");
                assertThat(risk.tier()).isEqualTo(RiskTier.VERY_HIGH);
                assertThat(risk.windowStartedOn()).isEqualTo(MARCH_1);
                assertThat(risk.cause()).isEqualTo(RiskCause.EXIT_EVENT);
                assertThat(risk.exitKind()).isEqualTo(ExitKind.COMPLETED_DETOX);
                assertThat(risk.since()).isEqualTo(Instant.parse("2026-03-01T05:00:00Z")); // midnight EST
                assertThat(risk.nextChangeOn()).isEqualTo(LocalDate.parse("2026-03-16"));
            });
        }
    }

    @Test
    void dayFourteenAfterAnExitEventIsStillVeryHigh() {
        try (DecisionDriver d = driver()) {
            detoxedOnMarch1("m-day-14").publish(d);
            d.risks();

            d.clockTo(Instant.parse("2026-03-16T03:59:59Z")); // 23:59:59 on March 15 in New York
            assertThat(d.risks()).isEmpty();
        }
    }

    @Test
    void dayFifteenAfterDischargeIsHighTier() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-day-15").treatmentEnded(MARCH_1);
            m.publish(d);
            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.tier()).isEqualTo(RiskTier.VERY_HIGH);
                assertThat(r.exitKind()).isEqualTo(ExitKind.DISCHARGE);
            });

            d.clockTo(Instant.parse("2026-03-16T04:00:00Z")); // midnight of March 16 in New York: day 15
            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.eventId()).isEqualTo("risk:m-day-15:high:2026-03-01:2");
                assertThat(r.tier()).isEqualTo(RiskTier.HIGH);
                assertThat(r.since()).isEqualTo(Instant.parse("2026-03-16T04:00:00Z"));
                assertThat(r.windowStartedOn()).isEqualTo(MARCH_1);
                assertThat(r.cause()).isEqualTo(RiskCause.EXIT_EVENT);
                assertThat(r.nextChangeOn()).isEqualTo(LocalDate.parse("2026-04-01"));
            });
        }
    }

    @Test
    void dayThirtyIsStillHighAndDayThirtyOneIsStandardTier() {
        try (DecisionDriver d = driver()) {
            detoxedOnMarch1("m-day-31").publish(d);
            d.clockTo(Instant.parse("2026-03-20T00:00:00Z"));
            assertThat(d.risks()).extracting(MemberRisk::tier).containsExactly(RiskTier.VERY_HIGH, RiskTier.HIGH);

            d.clockTo(Instant.parse("2026-04-01T03:59:59Z")); // still March 31 (day 30) in New York
            assertThat(d.risks()).isEmpty();
            d.clockTo(Instant.parse("2026-04-01T04:00:00Z"));
            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.eventId()).isEqualTo("risk:m-day-31:standard:2026-03-01:3");
                assertThat(r.tier()).isEqualTo(RiskTier.STANDARD);
                assertThat(r.windowStartedOn()).isEqualTo(MARCH_1);
                assertThat(r.nextChangeOn()).isNull();
            });
            d.advance(Duration.ofDays(60));
            assertThat(d.risks()).as("standard changes no more by itself").isEmpty();
        }
    }

    @Test
    void aMemberWhoMovesChangesTierAtTheirNewMidnight() {
        try (DecisionDriver d = driver()) {
            Members.Member m = detoxedOnMarch1("m-moved");
            m.publish(d);
            d.risks();
            m.zone(ZoneId.of("Asia/Tokyo")).publish(d);
            assertThat(d.risks()).as("same tier, nothing to publish").isEmpty();

            d.clockTo(Instant.parse("2026-03-15T15:00:00Z")); // midnight of March 16 in Tokyo
            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.tier()).isEqualTo(RiskTier.HIGH);
                assertThat(r.since()).isEqualTo(Instant.parse("2026-03-15T15:00:00Z"));
            });
        }
    }

    @Test
    void aMemberBackInTheSameTierAndWindowGetsATierChangeWithAnEventIdOfItsOwn() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-back").treatmentEnded(null);
            m.publish(d);
            m.exitEvent(ExitKind.COMPLETED_DETOX, MARCH_1).publish(d);
            // The exit event was entered by mistake: the member is standard, with no window, again.
            m.noExitEvents().publish(d);

            assertThat(d.risks())
                    .extracting(MemberRisk::eventId)
                    .as("readers de-duplicate by eventId")
                    .doesNotHaveDuplicates()
                    .containsExactly(
                            "risk:m-back:standard:none:1",
                            "risk:m-back:very-high:2026-03-01:2",
                            "risk:m-back:standard:none:3");
        }
    }

    @Test
    void aMemberWithoutAnExitEventIsStandardTier() {
        try (DecisionDriver d = driver()) {
            Members.member("m-none").treatmentEnded(null).publish(d);

            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.eventId()).isEqualTo("risk:m-none:standard:none:1");
                assertThat(r.tier()).isEqualTo(RiskTier.STANDARD);
                assertThat(r.cause()).isEqualTo(RiskCause.NONE);
                assertThat(r.windowStartedOn()).isNull();
                assertThat(r.nextChangeOn()).isNull();
            });
        }
    }

    @Test
    void theLatestExitEventCounts() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-released"); // discharged 2025-01-01: standard
            m.publish(d);
            assertThat(d.risks()).extracting(MemberRisk::tier).containsExactly(RiskTier.STANDARD);

            m.exitEvent(ExitKind.RELEASED_FROM_CUSTODY, LocalDate.parse("2026-03-07"))
                    .publish(d);
            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.tier()).isEqualTo(RiskTier.VERY_HIGH);
                assertThat(r.exitKind()).isEqualTo(ExitKind.RELEASED_FROM_CUSTODY);
                assertThat(r.windowStartedOn()).isEqualTo(LocalDate.parse("2026-03-07"));
            });
        }
    }

    @Test
    void anExitEventStillToComeOpensItsWindowOnItsDay() {
        try (DecisionDriver d = driver()) {
            Members.member("m-release-date")
                    .exitEvent(ExitKind.RELEASED_FROM_CUSTODY, LocalDate.parse("2026-03-10"))
                    .publish(d);
            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.tier()).isEqualTo(RiskTier.STANDARD);
                assertThat(r.nextChangeOn()).isEqualTo(LocalDate.parse("2026-03-10"));
            });

            d.clockTo(Instant.parse("2026-03-10T04:00:00Z"));
            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.tier()).isEqualTo(RiskTier.VERY_HIGH);
                assertThat(r.windowStartedOn()).isEqualTo(LocalDate.parse("2026-03-10"));
            });
        }
    }

    @Test
    void anUnchangedTierIsNotPublishedAgain() {
        try (DecisionDriver d = driver()) {
            Members.Member m = detoxedOnMarch1("m-same");
            m.publish(d);
            m.publish(d);
            m.contacts(confirmed("c-1", ConsentScope.MISSED_CHECK_INS)).publish(d);

            assertThat(d.risks()).hasSize(1);
        }
    }

    @Test
    void theLogsNeverSayAMembersTierOrWhatTheyAnswered() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.aftercare.streams");
        ch.qos.logback.classic.Level level = logger.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG); // what an operator may turn on
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-use-logs").recoveringSince(LocalDate.parse("2026-02-22"));
            m.publish(d);
            m.answerOne(d, AnswerStatus.USED, null);
            assertThat(d.risks()).extracting(MemberRisk::tier).containsExactly(RiskTier.STANDARD, RiskTier.VERY_HIGH);
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(level);
        }
        assertThat(lines.list)
                .filteredOn(e -> e.getFormattedMessage().contains("m-use-logs"))
                .isNotEmpty() // the member's events were logged, by id
                .allSatisfy(e -> assertThat(e.getFormattedMessage().toLowerCase(java.util.Locale.ROOT))
                        .as(e.getLoggerName())
                        .doesNotContain(
                                "very-high",
                                "very_high",
                                "standard",
                                "abstinence",
                                " use ",
                                "used",
                                "use-reported",
                                "help"));
    }

    @Test
    void aUseAfterFourteenCleanDaysOpensANewVeryHighWindow() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-use-clean").recoveringSince(LocalDate.parse("2026-02-22"));
            m.publish(d);
            assertThat(d.risks()).extracting(MemberRisk::tier).containsExactly(RiskTier.STANDARD);

            m.answerOne(d, AnswerStatus.USED, null);
            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.eventId()).isEqualTo("risk:m-use-clean:very-high:2026-03-08:2");
                assertThat(r.tier()).isEqualTo(RiskTier.VERY_HIGH);
                assertThat(r.cause()).isEqualTo(RiskCause.USE_AFTER_ABSTINENCE);
                assertThat(r.exitKind()).isNull();
                assertThat(r.windowStartedOn()).isEqualTo(LocalDate.parse("2026-03-08"));
                assertThat(r.nextChangeOn()).isEqualTo(LocalDate.parse("2026-03-23"));
            });

            d.clockTo(Instant.parse("2026-03-23T04:00:00Z"));
            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.tier()).isEqualTo(RiskTier.HIGH);
                assertThat(r.cause()).isEqualTo(RiskCause.USE_AFTER_ABSTINENCE);
            });
        }
    }

    @Test
    void aUseWithinFourteenDaysOfTheLastOpensNoWindow() {
        try (DecisionDriver d = driver()) {
            Members.Member m = Members.member("m-use-recent").recoveringSince(LocalDate.parse("2026-02-23"));
            m.publish(d);
            d.risks();

            m.answerOne(d, AnswerStatus.USED, null);
            assertThat(d.risks()).isEmpty();
        }
    }

    @Test
    void aUseAfterAbstinenceInsideAnExitWindowRestartsIt() {
        try (DecisionDriver d = driver()) {
            Members.Member m = detoxedOnMarch1("m-use-in-window").recoveringSince(MARCH_1);
            m.publish(d);
            d.clockTo(Instant.parse("2026-03-20T13:00:00Z")); // day 19: high
            assertThat(d.risks()).extracting(MemberRisk::tier).containsExactly(RiskTier.VERY_HIGH, RiskTier.HIGH);

            m.answerOne(d, AnswerStatus.USED, null); // 19 days after the recovery start
            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.tier()).isEqualTo(RiskTier.VERY_HIGH);
                assertThat(r.windowStartedOn()).isEqualTo(LocalDate.parse("2026-03-20"));
                assertThat(r.cause()).isEqualTo(RiskCause.USE_AFTER_ABSTINENCE);
            });
        }
    }

    @Test
    void erasurePublishesATombstoneAndLeavesNoRiskState() {
        try (DecisionDriver d = driver()) {
            Members.Member m = detoxedOnMarch1("m-erased-risk");
            m.publish(d);
            d.risks();

            d.profiles.pipeInput(m.id, null, d.now());
            var records = d.risks.readRecordsToList();
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(m.id);
                assertThat(r.value()).isNull();
            });
            for (String store : RiskTiers.STORES) {
                assertThat(EscalationTopologyTest.count(d.driver.getKeyValueStore(store)))
                        .as(store)
                        .isZero();
            }
            d.clockTo(Instant.parse("2026-04-02T00:00:00Z"));
            assertThat(d.risks.readRecordsToList())
                    .as("no tier changes after the erasure")
                    .isEmpty();
        }
    }

    @Test
    void tierSettingsAreConfigurable() {
        Map<String, String> env = Map.of(DecisionConfig.RISK_VERY_HIGH_DAYS, "6", DecisionConfig.RISK_HIGH_DAYS, "10");
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, env, DecisionMetrics.NONE)) {
            detoxedOnMarch1("m-configured-tiers").publish(d); // March 8 is day 7
            assertThat(d.risks()).singleElement().satisfies(r -> {
                assertThat(r.tier()).isEqualTo(RiskTier.HIGH);
                assertThat(r.nextChangeOn()).isEqualTo(LocalDate.parse("2026-03-12"));
            });
        }
    }
}
