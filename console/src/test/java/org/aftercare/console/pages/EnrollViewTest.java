package org.aftercare.console.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.scheduler.member.EnrollmentParser;
import org.junit.jupiter.api.Test;

/**
 * The enroll form's values as the scheduler's enrollment body, checked by the scheduler's own
 * parser (the one its admin API runs), and the scheduler's field names mapped back to the form's.
 */
class EnrollViewTest {

    private static Map<String, String> form(String... pairs) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String f : List.of(
                "externalId",
                "firstName",
                "email",
                "timeZone",
                "times",
                "contactName",
                "contactEmail",
                "contactRelationship",
                "exitKind",
                "exitDate")) {
            v.put(f, "");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            v.put(pairs[i], pairs[i + 1]);
        }
        return v;
    }

    private static final LocalDate TODAY = LocalDate.parse("2026-03-10");

    @Test
    void noDayTickedMeansEveryDay() {
        ObjectNode body = EnrollView.body(
                form(
                        "externalId",
                        "E-1",
                        "firstName",
                        "Kim",
                        "email",
                        "kim@example.org",
                        "timeZone",
                        "UTC",
                        "times",
                        "09:00, 18:30"),
                List.of(),
                List.of());

        EnrollmentParser.Enrollment e = EnrollmentParser.parse(body, TODAY);

        assertThat(e.plan().days()).hasSize(7);
        assertThat(e.plan().times()).hasSize(2);
        assertThat(e.contacts()).isEmpty();
        assertThat(e.exitEvents()).isEmpty();
    }

    @Test
    void tickedDaysAContactAndAnExitEventReachTheEnrollment() {
        ObjectNode body = EnrollView.body(
                form(
                        "externalId",
                        "E-2",
                        "firstName",
                        "Ro",
                        "email",
                        "ro@example.org",
                        "timeZone",
                        "America/Chicago",
                        "times",
                        "07:15",
                        "contactName",
                        "Alex",
                        "contactEmail",
                        "alex@example.org",
                        "exitKind",
                        "discharge",
                        "exitDate",
                        "2026-03-01"),
                List.of("mon", "thu"),
                List.of("missed-check-ins", "help-requested"));

        EnrollmentParser.Enrollment e = EnrollmentParser.parse(body, TODAY);

        assertThat(e.plan().days()).hasSize(2);
        assertThat(e.contacts()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("Alex");
            assertThat(c.consent()).hasSize(2);
        });
        assertThat(e.exitEvents()).hasSize(1);
    }

    @Test
    void theSchedulersFieldNamesMapToTheFormsFields() {
        assertThat(EnrollView.formField("email")).isEqualTo("email");
        assertThat(EnrollView.formField("plan.times")).isEqualTo("times");
        assertThat(EnrollView.formField("plan.days")).isEqualTo("days");
        assertThat(EnrollView.formField("plan.endDate")).isEqualTo("times");
        assertThat(EnrollView.formField("contacts[0].email")).isEqualTo("contactEmail");
        assertThat(EnrollView.formField("exitEvents[0].date")).isEqualTo("exitDate");
        assertThat(EnrollView.formField("preferences")).isNull();
    }
}
