package org.aftercare.scheduler.member;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aftercare.events.profile.CheckInPlan;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.QuestionnaireSchedule;
import org.aftercare.scheduler.plan.CheckInTimes;

/**
 * Keeps the due-time index (each member's next planned check-in, which the due sweep reads) in
 * step with the member record, inside the transaction that writes the record. In: the member as
 * enrolled, or before and after a change. Out: the member's {@code next_due}. A paused or
 * discharged member has no next check-in; resuming, a new plan or a new time zone computes it again
 * from now (missed slots are not sent). The same for the questionnaires the plan names
 * ({@link QuestionnaireSchedules}, one row per instrument): their next instants are computed again
 * when the member becomes active, or the questionnaires, the plan's dates or pauses or the time
 * zone change, and cleared when the member is no longer active.
 */
final class DueIndex {

    private final MemberStore store;
    private final CheckInTimes checkInTimes;
    private final QuestionnaireSchedules questionnaires = new QuestionnaireSchedules();

    DueIndex(MemberStore store, CheckInTimes checkInTimes) {
        this.store = store;
        this.checkInTimes = checkInTimes;
    }

    /** A member just enrolled: their first planned check-in and questionnaires. */
    void enrolled(Connection c, MemberProfile member, Instant now) throws SQLException {
        store.setNextDue(c, member.memberId(), first(member, now));
        questionnaires.insert(c, Map.of(member.memberId(), firstQuestionnaires(member, now)));
    }

    /** Many members just enrolled, in one statement batch. */
    void enrolled(Connection c, List<MemberProfile> members, Instant now) throws SQLException {
        Map<String, Instant> due = new HashMap<>();
        Map<String, Map<String, Instant>> questionnaireDue = new HashMap<>();
        for (MemberProfile m : members) {
            due.put(m.memberId(), first(m, now));
            questionnaireDue.put(m.memberId(), firstQuestionnaires(m, now));
        }
        store.insertSchedule(c, due);
        questionnaires.insert(c, questionnaireDue);
    }

    /** A member changed from {@code before} to {@code after}. */
    void changed(Connection c, MemberProfile before, MemberProfile after, Instant now) throws SQLException {
        if (after.status() != MemberStatus.ACTIVE) {
            store.setNextDue(c, after.memberId(), null);
        } else if (before.status() != MemberStatus.ACTIVE
                || !Objects.equals(before.plan(), after.plan())
                || !before.timeZone().equals(after.timeZone())) {
            store.setNextDue(c, after.memberId(), first(after, now));
        }
        if (after.status() != MemberStatus.ACTIVE) {
            questionnaires.suspend(c, after.memberId());
        } else if (before.status() != MemberStatus.ACTIVE
                || !questionnaireTerms(before).equals(questionnaireTerms(after))) {
            questionnaires.replace(c, after.memberId(), firstQuestionnaires(after, now));
        }
    }

    /** What a member's questionnaire times follow: the schedules, the plan's dates and pauses, the time zone. */
    private static List<Object> questionnaireTerms(MemberProfile m) {
        CheckInPlan p = m.plan();
        return Arrays.asList(p.questionnaires(), p.startDate(), p.endDate(), p.pauses(), m.timeZone());
    }

    /** Each questionnaire of the plan: its first instant strictly after {@code now} (null when the plan has ended). */
    private Map<String, Instant> firstQuestionnaires(MemberProfile member, Instant now) {
        Map<String, Instant> next = new LinkedHashMap<>();
        for (QuestionnaireSchedule q : member.plan().questionnaires()) {
            next.put(
                    q.instrument(),
                    checkInTimes
                            .firstQuestionnaire(member.plan(), q, member.timeZone(), now)
                            .orElse(null));
        }
        return next;
    }

    /** The member's next planned check-in strictly after {@code now}, or null when the plan has ended. */
    private Instant first(MemberProfile member, Instant now) {
        return checkInTimes.first(member.plan(), member.timeZone(), now).orElse(null);
    }
}
