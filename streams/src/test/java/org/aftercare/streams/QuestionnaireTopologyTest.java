package org.aftercare.streams;

import static org.aftercare.streams.Members.confirmed;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aftercare.events.Ids;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.events.checkin.QuestionnaireDue;
import org.aftercare.events.checkin.QuestionnaireMissed;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.streams.metrics.MicrometerDecisionMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The questionnaires of members' plans: prompted when due, reminded once 48 h later if unanswered,
 * recorded missed at their close and nothing more (never an escalation, a flag or a contact alert,
 * however many are missed), finished ones close with no reminder; nothing for a paused member, and
 * a member paused while one is open hears nothing more about it.
 */
class QuestionnaireTopologyTest {

    private static final Instant START = Instant.parse("2026-03-08T13:00:00Z");

    @TempDir
    Path stateDir;

    private static QuestionnaireDue dueNow(DecisionDriver d, Members.Member m, Duration open) {
        QuestionnaireDue due = QuestionnaireDue.of(
                m.id,
                Ids.questionnaireId(m.id, "weekly-reflection", d.now()),
                "weekly-reflection",
                d.now(),
                d.now().plus(open),
                d.now(),
                false);
        d.dues.pipeInput(m.id, due, d.now());
        return due;
    }

    private static void finish(DecisionDriver d, Members.Member m, QuestionnaireDue due) {
        d.responses.pipeInput(
                m.id,
                MeasureCompleted.of(
                        m.id,
                        due.questionnaireId(),
                        due.questionnaireId(),
                        "weekly-reflection",
                        1,
                        Map.of("sleep", 2),
                        Map.of("wellbeing", 2),
                        Map.of(),
                        List.of(),
                        d.now()),
                d.now());
    }

    private static List<OutreachKind> kinds(List<OutreachRequest> intents) {
        return intents.stream().map(OutreachRequest::kind).toList();
    }

    @Test
    void anUnansweredQuestionnaireIsPromptedRemindedOnceThenRecordedMissedAndNothingMore() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionDriver d = DecisionDriver.at(stateDir, START, Map.of(), new MicrometerDecisionMetrics(registry))) {
            // A contact consented to hear about missed check-ins: a missed questionnaire is not one.
            Members.Member m = Members.member("m-q1").contacts(confirmed("c-1", ConsentScope.MISSED_CHECK_INS));
            m.publish(d);
            QuestionnaireDue first = dueNow(d, m, Duration.ofDays(7));
            OutreachRequest prompt = d.intents().getFirst();
            d.advance(Duration.ofHours(47));
            assertThat(d.intents()).as("no reminder before 48 h").isEmpty();
            d.advance(Duration.ofHours(2));
            OutreachRequest reminder = d.intents().getFirst();

            assertThat(prompt.kind()).isEqualTo(OutreachKind.QUESTIONNAIRE_PROMPT);
            assertThat(prompt.recipient()).isEqualTo(Recipient.MEMBER);
            assertThat(prompt.urgency()).isEqualTo(Urgency.SCHEDULED);
            assertThat(prompt.expiresAt()).isEqualTo(first.expiresAt());
            assertThat(prompt.data())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "questionnaireId", first.questionnaireId(),
                            "expiresAt", first.expiresAt().toString()));
            assertThat(reminder.kind()).isEqualTo(OutreachKind.QUESTIONNAIRE_REMINDER);
            assertThat(reminder.data()).isEqualTo(prompt.data());
            assertThat(reminder.notificationId()).isNotEqualTo(prompt.notificationId());

            // Two more weeks unanswered: three missed in a row.
            d.clockTo(first.expiresAt());
            QuestionnaireDue second = dueNow(d, m, Duration.ofDays(7));
            QuestionnaireDue third = dueNowAfter(d, m, Duration.ofDays(7));
            List<QuestionnaireDue> dues = List.of(first, second, third);
            d.clockTo(third.expiresAt().plusSeconds(1));
            assertThat(kinds(d.intents()))
                    .as("per questionnaire a prompt and one reminder; three missed in a row alert nobody")
                    .containsExactly(
                            OutreachKind.QUESTIONNAIRE_PROMPT,
                            OutreachKind.QUESTIONNAIRE_REMINDER,
                            OutreachKind.QUESTIONNAIRE_PROMPT,
                            OutreachKind.QUESTIONNAIRE_REMINDER);

            assertThat(d.statuses())
                    .as("each recorded missed once, as a questionnaire, never as a missed check-in")
                    .hasSize(3)
                    .allSatisfy(s -> assertThat(s).isInstanceOf(QuestionnaireMissed.class))
                    .extracting(s -> ((QuestionnaireMissed) s).questionnaireId())
                    .containsExactlyElementsOf(
                            dues.stream().map(QuestionnaireDue::questionnaireId).toList());
            assertThat(d.flags()).as("no staff flag").isEmpty();
            assertThat(registry.get("outreach.questionnaires.lifecycle")
                            .tag("outcome", "missed")
                            .counter()
                            .count())
                    .isEqualTo(3.0);

            // Repeated dues (a scheduler sweep that ran again) change nothing.
            d.dues.pipeInput(m.id, dues.getLast(), d.now());
            assertThat(d.intents()).isEmpty();
        }
    }

    /** Moves the clock to the previous questionnaire's close, then one is due (the next week's). */
    private static QuestionnaireDue dueNowAfter(DecisionDriver d, Members.Member m, Duration open) {
        d.advance(open);
        return dueNow(d, m, open);
    }

    @Test
    void aFinishedQuestionnaireGetsNoReminderAndIsNotMissed() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-q2");
            m.publish(d);
            QuestionnaireDue due = dueNow(d, m, Duration.ofDays(7));
            d.advance(Duration.ofHours(3));
            finish(d, m, due);

            d.clockTo(due.expiresAt().plus(Duration.ofDays(1)));

            assertThat(kinds(d.intents())).containsExactly(OutreachKind.QUESTIONNAIRE_PROMPT);
            assertThat(d.statuses()).isEmpty();
        }
    }

    @Test
    void aShortLivedQuestionnaireClosesBeforeAReminderWouldCome() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member m = Members.member("m-q3");
            m.publish(d);
            // Every day: it closes after 24 h, before the 48 h reminder.
            QuestionnaireDue due = dueNow(d, m, Duration.ofDays(1));

            d.clockTo(due.expiresAt().plusSeconds(1));

            assertThat(kinds(d.intents())).containsExactly(OutreachKind.QUESTIONNAIRE_PROMPT);
            assertThat(d.statuses()).singleElement().isInstanceOf(QuestionnaireMissed.class);
        }
    }

    @Test
    void aPausedMemberIsNotPromptedAndOnePausedWhileOneIsOpenHearsNothingMoreOfIt() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            Members.Member paused = Members.member("m-q4").status(MemberStatus.PAUSED);
            paused.publish(d);
            dueNow(d, paused, Duration.ofDays(7));
            assertThat(d.intents()).isEmpty();

            Members.Member m = Members.member("m-q5");
            m.publish(d);
            QuestionnaireDue open = dueNow(d, m, Duration.ofDays(7));
            assertThat(kinds(d.intents())).containsExactly(OutreachKind.QUESTIONNAIRE_PROMPT);
            d.advance(Duration.ofHours(1));
            m.status(MemberStatus.PAUSED).publish(d);

            d.clockTo(open.expiresAt().plus(Duration.ofDays(1)));
            assertThat(d.intents()).as("no reminder").isEmpty();
            assertThat(d.statuses()).as("not recorded missed").isEmpty();
        }
    }

    @Test
    void aMemberAwayWithPromptsHeldIsNotPromptedAndOneClosingWhileAwayIsNotRecordedMissed() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            // Away until 9 March (New York), prompts held.
            Members.Member away = Members.member("m-q6").away(LocalDate.parse("2026-03-09"), false);
            away.publish(d);
            dueNow(d, away, Duration.ofDays(7));
            assertThat(d.intents()).isEmpty();

            // Away until 15 March with prompts kept: prompted, no reminder while away, not recorded missed.
            Members.Member keeps = Members.member("m-q7").away(LocalDate.parse("2026-03-15"), true);
            keeps.publish(d);
            QuestionnaireDue due = dueNow(d, keeps, Duration.ofDays(7));
            d.clockTo(due.expiresAt().plusSeconds(1));
            assertThat(kinds(d.intents())).containsExactly(OutreachKind.QUESTIONNAIRE_PROMPT);
            assertThat(d.statuses()).isEmpty();
        }
    }
}
