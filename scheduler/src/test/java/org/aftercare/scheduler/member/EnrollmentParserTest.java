package org.aftercare.scheduler.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.aftercare.events.Json;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ExitEvent;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.profile.QuestionnaireSchedule;
import org.aftercare.scheduler.plan.PlanCalendar;
import org.junit.jupiter.api.Test;

class EnrollmentParserTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-21");

    private static JsonNode json(String s) throws Exception {
        return Json.reader().readTree(s.replace('\'', '"'));
    }

    @Test
    void aPlanWithoutAStartDateStartsTodayInTheMembersZoneSoTonightsCheckInIsNotLost() throws Exception {
        // 07:26 UTC on 21 November is still 20 November, 23:26, in Los Angeles.
        Instant now = Instant.parse("2026-11-21T07:26:00Z");
        EnrollmentParser.Enrollment e = EnrollmentParser.parse(json("""
                {'externalId':'EXT-LA','firstName':'Sam','email':'sam@example.org','timeZone':'America/Los_Angeles',
                 'plan':{'times':['23:30']}}
                """), now);

        assertThat(e.plan().startDate()).isEqualTo(LocalDate.parse("2026-11-20"));
        assertThat(PlanCalendar.nextAfter(e.plan(), e.timeZone(), now)).contains(Instant.parse("2026-11-21T07:30:00Z"));
    }

    @Test
    void aCompleteEnrollmentIsRead() throws Exception {
        EnrollmentParser.Enrollment e = EnrollmentParser.parse(json("""
                {'externalId':'EXT-1','firstName':'Sam','email':'sam@example.org','timeZone':'America/Chicago',
                 'treatmentEndedOn':'2026-11-01','plan':{'days':['mon','WEDNESDAY'],'times':['09:00','20:30']},
                 'copingPlan':['Call my sister'],
                 'contacts':[{'name':'Alex','email':'alex@example.org','consent':['missed-check-ins','help-requested']}]}
                """), TODAY);

        assertThat(e.plan().days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY);
        assertThat(e.plan().times()).containsExactly(LocalTime.of(9, 0), LocalTime.of(20, 30));
        assertThat(e.plan().startDate()).isEqualTo(TODAY);
        assertThat(e.contacts())
                .singleElement()
                .satisfies(c -> assertThat(c.consent())
                        .containsExactlyInAnyOrder(ConsentScope.MISSED_CHECK_INS, ConsentScope.HELP_REQUESTED));
        assertThat(e.locale()).isEqualTo("en");
    }

    @Test
    void everyInvalidFieldIsReportedWithItsOwnReasonAndNoValueIsEchoed() throws Exception {
        assertThatThrownBy(() -> EnrollmentParser.parse(json("""
                {'firstName':'Sam','email':'not-an-address','timeZone':'Mars/Olympus_Mons',
                 'plan':{'days':['someday'],'times':['25:99']},
                 'contacts':[{'name':'Alex','email':'alex@','consent':['everything']}]}
                """), TODAY))
                .isInstanceOfSatisfying(MemberProblem.class, p -> {
                    assertThat(p.kind()).isEqualTo(MemberProblem.Kind.INVALID);
                    assertThat(p.errors())
                            .containsOnlyKeys(
                                    "externalId",
                                    "email",
                                    "timeZone",
                                    "plan.days",
                                    "plan.times",
                                    "contacts[0].email",
                                    "contacts[0].consent");
                    assertThat(p.errors().get("timeZone")).contains("IANA");
                    assertThat(p.errors().values())
                            .noneMatch(reason -> reason.contains("Mars") || reason.contains("not-an-address"));
                });
    }

    @Test
    void aPlansQuestionnairesAreReadInEveryRepeatAndAbsentOnesMeanNone() throws Exception {
        EnrollmentParser.Enrollment e = EnrollmentParser.parse(json("""
                {'externalId':'EXT-Q','firstName':'Sam','email':'sam@example.org','timeZone':'UTC',
                 'plan':{'times':['09:00'],'questionnaires':[
                    {'instrument':'weekly-reflection','repeat':'weekly','day':'sun','time':'18:00'},
                    {'instrument':'phq-9','repeat':'every-days','interval':14,'time':'18:30'},
                    {'instrument':'bam','repeat':'monthly','dayOfMonth':1,'interval':1,'time':'10:00:00'}]}}
                """), TODAY);

        assertThat(e.plan().questionnaires())
                .containsExactly(
                        QuestionnaireSchedule.weekly("weekly-reflection", DayOfWeek.SUNDAY, LocalTime.of(18, 0)),
                        QuestionnaireSchedule.everyDays("phq-9", 14, LocalTime.of(18, 30)),
                        QuestionnaireSchedule.monthly("bam", 1, LocalTime.of(10, 0)));
        assertThat(EnrollmentParser.parse(json("""
                                        {'externalId':'EXT-N','firstName':'Sam','email':'sam@example.org','timeZone':'UTC',
                                         'plan':{'times':['09:00']}}"""), TODAY).plan().questionnaires())
                .isEmpty();
    }

    @Test
    void eachBadQuestionnaireIsReportedAtItsOwnIndexAndField() throws Exception {
        assertThatThrownBy(() -> EnrollmentParser.parse(json("""
                {'externalId':'EXT-Q','firstName':'Sam','email':'sam@example.org','timeZone':'UTC',
                 'plan':{'times':['09:00'],'questionnaires':[
                    {'instrument':'Weekly Reflection!','repeat':'daily','time':'6pm'},
                    {'instrument':'phq-9','repeat':'every-days','time':'18:30'},
                    {'instrument':'bam','repeat':'monthly','dayOfMonth':31,'time':'10:00'},
                    {'instrument':'gad-7','repeat':'weekly','day':'someday','time':'10:00'},
                    {'instrument':'gad-7','repeat':'weekly','day':'MONDAY','interval':1.5,'time':'10:00'},
                    'phq-9']}}
                """), TODAY))
                .isInstanceOfSatisfying(
                        MemberProblem.class,
                        p -> assertThat(p.errors())
                                .containsEntry(
                                        "plan.questionnaires[0].instrument",
                                        "must be an instrument id such as weekly-reflection")
                                .containsEntry("plan.questionnaires[0].repeat", "must be weekly, every-days or monthly")
                                .containsEntry("plan.questionnaires[0].time", "must be a local time written HH:MM")
                                .containsEntry("plan.questionnaires[1]", "interval is required")
                                .containsEntry("plan.questionnaires[2]", "dayOfMonth must be 1-28")
                                .containsEntry("plan.questionnaires[3].day", "must be a weekday such as SUNDAY or sun")
                                .containsEntry(
                                        "plan.questionnaires[4].instrument",
                                        "is named twice; a plan gives each questionnaire once")
                                .containsEntry("plan.questionnaires[4].interval", "must be a whole number")
                                .containsEntry(
                                        "plan.questionnaires[5]", "must be an object {instrument, repeat, time, ...}"));
    }

    @Test
    void anImpossiblePlanIsRejected() throws Exception {
        assertThatThrownBy(() -> EnrollmentParser.parse(json("""
                {'externalId':'EXT-2','firstName':'Sam','email':'sam@example.org','timeZone':'UTC',
                 'plan':{'times':['09:00'],'startDate':'2026-12-01','endDate':'2026-11-01'}}
                """), TODAY))
                .isInstanceOfSatisfying(
                        MemberProblem.class, p -> assertThat(p.errors()).containsKey("plan.endDate"));
    }

    @Test
    void aLineBreakInANameIsRejectedSoItCanNeverReachAnEmailHeader() throws Exception {
        assertThatThrownBy(() -> EnrollmentParser.parse(json("""
                {'externalId':'EXT-3','firstName':'Sam\\r\\nBcc: x@example.org','email':'sam@example.org','timeZone':'UTC',
                 'plan':{'times':['09:00']}}
                """), TODAY))
                .isInstanceOfSatisfying(
                        MemberProblem.class, p -> assertThat(p.errors()).containsKey("firstName"));
    }

    private static Map<String, String> refused(String enrollment) {
        try {
            EnrollmentParser.parse(Json.reader().readTree(enrollment), TODAY);
        } catch (MemberProblem p) {
            assertThat(p.kind()).isEqualTo(MemberProblem.Kind.INVALID);
            return p.errors();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("the enrollment was accepted");
    }

    @Test
    void aCopingPlanStepWithALineBreakOrAnotherControlCharacterIsRefused() {
        for (String step :
                List.of("Call my sister\\r\\nthen walk", "Call\\nme", "Bell\\u0007", "Tab\\tthen", "Next\\u0085line")) {
            Map<String, String> errors = refused("""
                    {"externalId":"EXT-4","firstName":"Sam","email":"sam@example.org","timeZone":"UTC",
                     "plan":{"times":["09:00"]},"copingPlan":["Breathe","%s"]}""".formatted(step));
            assertThat(errors).as(step).containsOnlyKeys("copingPlan");
            assertThat(errors.get("copingPlan")).contains("control characters");
        }
    }

    @Test
    void unicodeLineAndParagraphSeparatorsAreRefusedInEveryTextFieldWithItsOwnReason() {
        Map<String, String> errors = refused("""
                {"externalId":"EXT\\u2028-5","firstName":"Sam\\u2028Bcc","email":"sam@example.org","timeZone":"UTC",
                 "locale":"en\\u2029","plan":{"times":["09:00"]},"copingPlan":["Walk\\u2029Run"],
                 "contacts":[{"name":"Alex\\u2028","email":"alex@example.org","relationship":"sis\\u2029ter"}]}""");

        assertThat(errors)
                .containsOnlyKeys(
                        "externalId",
                        "firstName",
                        "locale",
                        "copingPlan",
                        "contacts[0].name",
                        "contacts[0].relationship");
        assertThat(errors.values()).allSatisfy(reason -> assertThat(reason).contains("line breaks"));
    }

    @Test
    void aNameEndingInALineBreakIsRefusedRatherThanQuietlyTrimmed() {
        assertThat(refused("""
                {"externalId":"EXT-6","firstName":"Sam\\n","email":"sam@example.org","timeZone":"UTC",
                 "plan":{"times":["09:00"]}}""")).containsOnlyKeys("firstName");
    }

    @Test
    void aContactWithAControlCharacterIsRefusedThroughTheContactOperationsToo() {
        assertThatThrownBy(() -> EnrollmentParser.parseContact(Json.reader().readTree("""
                {"name":"Alex","email":"alex@example.org","relationship":"friend\\u0000"}""")))
                .isInstanceOfSatisfying(
                        MemberProblem.class, p -> assertThat(p.errors()).containsOnlyKeys("relationship"));
    }

    @Test
    void namesInOtherScriptsAndEmojiWithJoinersAreStillAccepted() throws Exception {
        EnrollmentParser.Enrollment e = EnrollmentParser.parse(Json.reader().readTree("""
                {"externalId":"EXT-7","firstName":"\u0646\u0627\u0647\u200c\u06cc\u062f","email":"sam@example.org","timeZone":"UTC",
                 "plan":{"times":["09:00"]},"copingPlan":["Hug \ud83d\udc68\u200d\ud83d\udc67 first"]}"""), TODAY);
        assertThat(e.firstName()).hasSize(6);
        assertThat(e.copingPlan()).singleElement().asString().contains("\u200d");
    }

    @Test
    void exitEventsAreReadSortedByDateOnceEachAndAreAllowedUpToTomorrowInTheMembersZone() throws Exception {
        // 02:00 UTC on 22 November is still 21 November in Chicago: tomorrow there is the 22nd.
        EnrollmentParser.Enrollment e = EnrollmentParser.parse(json("""
                {'externalId':'EXT-X','firstName':'Sam','email':'sam@example.org','timeZone':'America/Chicago',
                 'plan':{'times':['09:00']},
                 'exitEvents':[{'kind':'discharge','date':'2026-11-22'},{'kind':'RELEASED_FROM_CUSTODY','date':'2026-11-01'},
                               {'kind':'discharge','date':'2026-11-22'}]}
                """), Instant.parse("2026-11-22T02:00:00Z"));

        assertThat(e.exitEvents())
                .containsExactly(
                        new ExitEvent(ExitKind.RELEASED_FROM_CUSTODY, LocalDate.parse("2026-11-01")),
                        new ExitEvent(ExitKind.DISCHARGE, LocalDate.parse("2026-11-22")));
    }

    @Test
    void anExitEventAfterTomorrowInTheMembersZoneOrOfAnUnknownKindIsRefused() throws Exception {
        JsonNode body = json("""
                {'externalId':'EXT-X','firstName':'Sam','email':'sam@example.org','timeZone':'America/Chicago',
                 'plan':{'times':['09:00']},'exitEvents':[{'kind':'holiday','date':'2026-11-23'}]}
                """);

        assertThatThrownBy(() -> EnrollmentParser.parse(body, Instant.parse("2026-11-22T02:00:00Z")))
                .isInstanceOfSatisfying(
                        MemberProblem.class,
                        p -> assertThat(p.errors()).containsOnlyKeys("exitEvents.kind", "exitEvents.date"));
        assertThat(EnrollmentParser.parseExitEvent(json("{'kind':'completed-detox','date':'2026-11-22'}"), TODAY))
                .isEqualTo(new ExitEvent(ExitKind.COMPLETED_DETOX, LocalDate.parse("2026-11-22")));
    }

    @Test
    void theMembersOwnChoicesAreReadWhenGivenAndOtherwiseLeftToTheDefaultOrTheMember() throws Exception {
        String base = "{'externalId':'EXT-2','firstName':'Sam','email':'sam@example.org','timeZone':'America/Chicago',"
                + "'plan':{'times':['09:00']}";
        EnrollmentParser.Enrollment none = EnrollmentParser.parse(json(base + "}"), TODAY);
        assertThat(none.preferences().trackRecoveryDate()).isTrue();
        assertThat(none.preferences().weeklySummary()).isFalse();
        assertThat(none.choices()).isEqualTo(new EnrollmentParser.Choices(null, null));

        EnrollmentParser.Enrollment chosen = EnrollmentParser.parse(
                json(base + ",'preferences':{'trackRecoveryDate':false,'weeklySummary':true}}"), TODAY);
        assertThat(chosen.preferences().trackRecoveryDate()).isFalse();
        assertThat(chosen.preferences().weeklySummary()).isTrue();
        assertThat(chosen.preferences().encouragement()).isTrue();

        assertThatThrownBy(() -> EnrollmentParser.parse(
                        json(base + ",'preferences':{'trackRecoveryDate':'no','weeklySummary':1}}"), TODAY))
                .isInstanceOfSatisfying(
                        MemberProblem.class,
                        p -> assertThat(p.errors())
                                .containsEntry("preferences.trackRecoveryDate", "must be true or false")
                                .containsEntry("preferences.weeklySummary", "must be true or false"));
    }
}
