package org.aftercare.console.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.console.readmodel.Fixtures;
import org.aftercare.console.readmodel.MeasureResults;
import org.aftercare.console.testing.CaseloadData;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.StaffClient;
import org.aftercare.console.testing.TopicData;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.events.flag.FlagReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's results in the console over HTTP against the real console (real OIDC provider, real
 * broker, H2): finished PHQ-9s published on {@code checkin.responses} are drawn on the member page,
 * each score on its whole range with the bands of the shipped definition as shaded ranges and one
 * point per result, over the last 90 days and over all results, with a table beside each chart; a
 * version the console has no definition for is listed with its stored band; the timeline's row
 * links to the section; questionnaire flag reasons read in words on the member page and the queue.
 * Questionnaires of the plan sent ({@code questionnaire.due} on {@code checkin.due}) and not answered
 * ({@code questionnaire.missed} on {@code checkin.status}) are on the timeline by title (an id this
 * console has no definition for by its id) and listed per occurrence with what came of each.
 */
class QuestionnairesIT {

    private static ConsoleFixture app;
    private static CaseloadData data;
    private static Instant now;

    @BeforeAll
    static void start() throws Exception {
        app = ConsoleFixture.start();
        data = new CaseloadData().publish(app);
        now = app.clock.instant();
        String m = data.member;
        // Written by hand from the shipped PHQ-9 bands: 12 moderate, 16 moderately severe; screens 4 and 5
        // positive, 1 negative. One result is older than 90 days.
        send(Fixtures.phq9(m, "r-old-" + data.suffix, 4, 12, 0, now.minus(Duration.ofDays(120))));
        send(Fixtures.phq9(m, "r-mid-" + data.suffix, 5, 16, 1, now.minus(Duration.ofDays(20))));
        send(Fixtures.phq9(m, "r-new-" + data.suffix, 1, null, 0, now.minus(Duration.ofDays(5))));
        // a version this console has no definition for
        send(MeasureCompleted.of(
                m,
                "r-v7-" + data.suffix,
                null,
                "phq-9",
                7,
                Map.of("phq1", 1),
                Map.of("total", 10),
                Map.of("total", "moderate"),
                List.of(),
                now.minus(Duration.ofDays(2))));
        // Questionnaires of the plan: one answered (r-new answers q-r-new-...), one sent and open, one of
        // an instrument the program removed, not answered; and a check-in that opened, which the console
        // passes over on checkin.due.
        Instant sentAnswered = now.minus(Duration.ofDays(5)).minusSeconds(3600);
        Instant sentOpen = now.minus(Duration.ofDays(1));
        Instant sentMissed = now.minus(Duration.ofDays(9));
        TopicData.send(
                app.bootstrapServers(),
                Topics.CHECKIN_DUE,
                m,
                Fixtures.questionnaireDue(m, "qn-r-new-" + data.suffix, "phq-9", sentAnswered));
        TopicData.send(
                app.bootstrapServers(),
                Topics.CHECKIN_DUE,
                m,
                Fixtures.questionnaireDue(m, "qn-open-" + data.suffix, "weekly-reflection", sentOpen));
        TopicData.send(
                app.bootstrapServers(),
                Topics.CHECKIN_DUE,
                m,
                Fixtures.questionnaireDue(m, "qn-gone-" + data.suffix, "removed-instrument", sentMissed));
        TopicData.send(
                app.bootstrapServers(),
                Topics.CHECKIN_STATUS,
                m,
                Fixtures.questionnaireMissed(m, "qn-gone-" + data.suffix, "removed-instrument", sentMissed));
        TopicData.send(
                app.bootstrapServers(),
                Topics.CHECKIN_DUE,
                m,
                org.aftercare.events.checkin.CheckInDue.of(
                        m, sentOpen, sentOpen.plusSeconds(6 * 3600), sentOpen, false));
        TopicData.send(
                app.bootstrapServers(),
                Topics.CASE_FLAGS,
                m,
                Fixtures.raised(m, "qflag-" + data.suffix, FlagReason.CRITICAL_MEASURE, now.minusSeconds(60)));
        MeasureResults results = new MeasureResults(app.console.database());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> results.of(m).size() == 4
                        && results.occurrences(m).size() == 3
                        && results.occurrences(m).stream().anyMatch(MeasureResults.Occurrence::notAnswered)
                        && new org.aftercare.console.readmodel.MemberRecords(app.console.database(), app.clock)
                                        .of(m)
                                        .orElseThrow()
                                        .openFlags()
                                        .size()
                                == 2);
    }

    private static void send(MeasureCompleted m) throws Exception {
        TopicData.send(app.bootstrapServers(), Topics.CHECKIN_RESPONSES, m.memberId(), m);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private StaffClient clinicianA() throws Exception {
        StaffClient client = new StaffClient(app.baseUrl());
        app.nextSignIn(data.clinicianA, "Dana Whitfield", List.of("clinician"));
        assertThat(client.signIn("/").statusCode()).isEqualTo(303);
        return client;
    }

    /** The element with this id and its content (an svg, a div or a section, not nested in its own kind). */
    private static String element(String html, String tag, String id) {
        Matcher m = Pattern.compile(
                        "<" + tag + "[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("<%s id=%s> on the page", tag, id).isTrue();
        return m.group();
    }

    /** One instrument's section: up to the next instrument's or the timeline. */
    private static String group(String html, String id) {
        int start = html.indexOf("<section class=\"questionnaire\" id=\"" + id + "\"");
        assertThat(start).as("questionnaire section %s", id).isNotNegative();
        int next = html.indexOf("<section class=\"questionnaire\"", start + 1);
        int end = next < 0 ? html.indexOf("<section id=\"timeline\"", start) : next;
        return html.substring(start, end);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    @Test
    void eachScoreIsDrawnWithItsBandsAndOnePointPerResultWithATableBeside() throws Exception {
        HttpResponse<String> page = clinicianA().get("/members/" + data.member);

        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("<h2 id=\"questionnaires-heading\">Questionnaires</h2>");
        // newest version first: v7 (unknown here) is q0 and carries the instrument's anchor; v1 is q1
        String v1 = group(html, "q1");
        assertThat(v1).contains("data-version=\"1\"").contains("How you have been feeling (phq-9), version 1");

        // total (the second score of the definition): 0 to 27 in five bands
        String totalAll = element(v1, "svg", "chart-q1-s1-all");
        assertThat(count(totalAll, "<g class=\"band\"")).isEqualTo(5);
        assertThat(totalAll)
                .contains("data-band=\"minimal\" data-from=\"0\" data-to=\"4\"")
                .contains("data-band=\"mild\" data-from=\"5\" data-to=\"9\"")
                .contains("data-band=\"moderate\" data-from=\"10\" data-to=\"14\"")
                .contains("data-band=\"moderately-severe\" data-from=\"15\" data-to=\"19\"")
                .contains("data-band=\"severe\" data-from=\"20\" data-to=\"27\"")
                .contains(">moderately severe</text>");
        assertThat(count(totalAll, "<rect class=\"band-range\"")).isEqualTo(5);
        assertThat(count(totalAll, "<circle class=\"point\""))
                .as("the two full forms; the screen-only result has no total")
                .isEqualTo(2);
        assertThat(totalAll).contains("data-value=\"12\"").contains("data-value=\"16\"");
        String total90 = element(v1, "svg", "chart-q1-s1-90");
        assertThat(count(total90, "<circle class=\"point\"")).isEqualTo(1);
        assertThat(total90).contains("data-value=\"16\"").doesNotContain("data-value=\"12\"");

        // the screen: two bands, every result a point
        String screenAll = element(v1, "svg", "chart-q1-s0-all");
        assertThat(count(screenAll, "<g class=\"band\"")).isEqualTo(2);
        assertThat(count(screenAll, "<circle class=\"point\"")).isEqualTo(3);
        assertThat(count(element(v1, "svg", "chart-q1-s0-90"), "<circle class=\"point\""))
                .isEqualTo(2);

        // the tables beside: date, score, band as stored, oldest first
        String totalTable = element(element(v1, "div", "q1-s1-all"), "table", "q1-s1-all-table");
        assertThat(rows(totalTable))
                .containsExactly(
                        List.of(ConsolePages.WHEN.format(day(120)), "12", "moderate"),
                        List.of(ConsolePages.WHEN.format(day(20)), "16", "moderately severe"));
        assertThat(rows(element(element(v1, "div", "q1-s0-90"), "table", "q1-s0-90-table")))
                .containsExactly(
                        List.of(ConsolePages.WHEN.format(day(20)), "5", "positive screen"),
                        List.of(ConsolePages.WHEN.format(day(5)), "1", "negative screen"));
    }

    @Test
    void aVersionTheConsoleLacksIsListedWithItsStoredBandAndTheTimelineLinksToTheSection() throws Exception {
        String html = clinicianA().get("/members/" + data.member).body();

        String v7 = group(html, "questionnaire-phq-9");
        assertThat(v7)
                .contains("data-version=\"7\"")
                .contains("does not have version 7 of this questionnaire")
                .doesNotContain("<svg");
        assertThat(rows(element(v7, "table", "q0-s0-all-table")))
                .containsExactly(List.of(ConsolePages.WHEN.format(day(2)), "10", "moderate"));
        String timeline = element(html, "table", "timeline-table");
        assertThat(count(timeline, "<a href=\"#questionnaire-phq-9\">see the results</a>"))
                .as("each finished questionnaire's row links to the section")
                .isEqualTo(4);
    }

    @Test
    void questionnaireFlagReasonsReadInWords() throws Exception {
        StaffClient a = clinicianA();

        String member = a.get("/members/" + data.member).body();
        String queue = a.get("/flags").body();

        assertThat(element(member, "table", "open-flags"))
                .contains("a questionnaire answer needs attention now")
                .contains("asked for help")
                .doesNotContain("critical-measure");
        assertThat(queue).contains("a questionnaire answer needs attention now").doesNotContain("critical-measure");
    }

    @Test
    void questionnairesSentAndNotAnsweredAreOnTheTimelineByTitleAndListedPerOccurrence() throws Exception {
        String html = clinicianA().get("/members/" + data.member).body();

        String timeline = element(html, "table", "timeline-table");
        assertThat(timeline)
                .contains("Questionnaire sent: Your week (weekly-reflection)")
                .contains("Questionnaire sent: How you have been feeling (phq-9)")
                .contains("Questionnaire sent: removed-instrument")
                .contains("Questionnaire not answered: removed-instrument")
                .contains("Questionnaire finished: How you have been feeling (phq-9)")
                .contains("<a href=\"#questionnaires-sent\">see what was sent</a>");
        String sent = element(html, "table", "questionnaires-sent-table");
        assertThat(rows(sent))
                .as("newest first: sent, link open until, what came of it")
                .containsExactly(
                        List.of(
                                "Your week (weekly-reflection)",
                                ConsolePages.WHEN.format(day(1)),
                                ConsolePages.WHEN.format(day(-6)),
                                "Sent, not answered yet"),
                        List.of(
                                "How you have been feeling (phq-9)",
                                ConsolePages.WHEN.format(day(5).minusHours(1)),
                                ConsolePages.WHEN.format(day(-2).minusHours(1)),
                                "Completed " + ConsolePages.WHEN.format(day(5))),
                        List.of(
                                "removed-instrument",
                                ConsolePages.WHEN.format(day(9)),
                                ConsolePages.WHEN.format(day(2)),
                                "Not answered (the link expired)"));
        assertThat(sent).contains("class=\"occurrence state-not-answered\"");
    }

    private static java.time.ZonedDateTime day(int daysAgo) {
        return now.minus(Duration.ofDays(daysAgo)).atZone(Fixtures.UTC);
    }

    /** The table's body rows as cell texts. */
    private static List<List<String>> rows(String table) {
        List<List<String>> out = new java.util.ArrayList<>();
        Matcher row = Pattern.compile("<tr\\b[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(table);
        while (row.find()) {
            List<String> cells = new java.util.ArrayList<>();
            Matcher cell = Pattern.compile("<td>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1));
            }
            if (!cells.isEmpty()) {
                out.add(cells);
            }
        }
        return out;
    }
}
