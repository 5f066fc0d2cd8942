package org.aftercare.scheduler.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.UUID;
import org.aftercare.events.Ids;
import org.aftercare.infra.browser.HeadlessChromium;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The member's progress page in a real headless Chromium at a phone's size, opened from a signed
 * {@link LinkKind#PROGRESS} link on a running scheduler. Two weeks of check-ins are put on record
 * as the due sweep records them (eight weeks cannot pass in a test), and answered through the real
 * check-in page (a POST per check-in), so the page reads what the answer path kept. The member's
 * recovery date is 40 days back in their time zone; of the last 14 days, day 5 back went
 * unanswered: one miss, forgiven whatever week it falls in, so the streak is 13 on any day the
 * test runs.
 */
class ProgressPageBrowserIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static SchedulerFixture app;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.requireInstalled();
        app = SchedulerFixture.start(SchedulerFixture.env(KAFKA.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String enroll(LocalDate recoveryStart) throws Exception {
        String body = """
                {"externalId":"EXT-%s","firstName":"Sam","email":"sam@example.org","timeZone":"America/New_York",
                 "recoveryStartDate":"%s","plan":{"times":["09:00"]}}
                """.formatted(UUID.randomUUID(), recoveryStart);
        HttpResponse<String> created = app.admin("POST", "/api/members", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return org.aftercare.events.Json.reader()
                .readTree(created.body())
                .get("memberId")
                .asText();
    }

    /** A check-in as the due sweep records it when it emits one; returns its id. */
    private static String emitted(String memberId, Instant dueAt) {
        String checkInId = Ids.checkInId(memberId, dueAt);
        app.service().database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO checkin (checkin_id, member_id, due_at, respond_by, outcome, recorded_at)
                    VALUES (?, ?, ?, ?, 'EMITTED', ?)""")) {
                ps.setString(1, checkInId);
                ps.setString(2, memberId);
                ps.setTimestamp(3, Timestamp.from(dueAt));
                ps.setTimestamp(4, Timestamp.from(dueAt.plus(Duration.ofDays(1))));
                ps.setTimestamp(5, Timestamp.from(dueAt));
                return ps.executeUpdate();
            }
        });
        return checkInId;
    }

    /** The member answers through the check-in page, as from the prompt's link. */
    private static void answer(String memberId, String checkInId, int craving, int mood) throws Exception {
        String link = SchedulerFixture.link(
                LinkKind.CHECK_IN.path(), LinkKind.CHECK_IN.purpose(), memberId, checkInId, LinkKind.CHECK_IN.action());
        HttpResponse<String> r = app.postForm(link, "status=ok&craving=" + craving + "&mood=" + mood);
        assertThat(r.statusCode()).as("answering " + checkInId).isEqualTo(200);
    }

    private static String progressLink(String memberId) {
        return SchedulerFixture.link(
                LinkKind.PROGRESS.path(),
                LinkKind.PROGRESS.purpose(),
                memberId,
                Links.SUBJECT_MEMBER,
                LinkKind.PROGRESS.action());
    }

    @Test
    void theMemberSeesTheirDaysBadgesStreakCalendarAndTrendDrawnFromASignedLink() throws Exception {
        LocalDate today = LocalDate.now(NEW_YORK);
        String memberId = enroll(today.minusDays(40));
        for (int back = 14; back >= 1; back--) {
            String checkInId = emitted(
                    memberId,
                    today.minusDays(back)
                            .atTime(LocalTime.of(9, 0))
                            .atZone(NEW_YORK)
                            .toInstant());
            if (back != 5) {
                answer(memberId, checkInId, back % 11, 1 + back % 5);
            }
        }

        try (HeadlessChromium chromium = HeadlessChromium.open(new Dimension(390, 844))) {
            WebDriver browser = chromium.driver();
            browser.get(app.publicUrl() + progressLink(memberId));

            assertThat(browser.getTitle()).isEqualTo("Your check-ins so far");
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Your check-ins so far");
            assertThat(browser.findElement(By.id("days-since")).getText()).startsWith("40 days since");
            assertThat(browser.findElements(By.cssSelector(".badges .badge")).stream()
                            .map(b -> b.findElement(By.className("badge-name")).getText()))
                    .containsExactly("1 day", "1 week", "2 weeks", "30 days");
            assertThat(browser.findElement(By.id("streak")).getText()).startsWith("13 days in a row");

            WebElement calendar = browser.findElement(By.id("calendar"));
            assertThat(calendar.findElements(By.cssSelector("tbody tr"))).hasSize(8);
            assertThat(calendar.findElements(By.cssSelector("tbody th[scope=row]")))
                    .hasSize(8);
            assertThat(calendar.findElements(By.cssSelector("td[data-state=answered]")))
                    .hasSize(13);
            assertThat(calendar.findElements(By.cssSelector("td[data-state=missed]")))
                    .hasSize(1);
            assertThat(calendar.findElement(By.cssSelector("td[data-state=missed] .visually-hidden"))
                            .getAttribute("textContent"))
                    .isEqualTo(java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM", java.util.Locale.ENGLISH)
                                    .format(today.minusDays(5))
                            + ": no answer");

            WebElement craving = browser.findElement(By.id("craving-chart"));
            assertThat(craving.getAttribute("role")).isEqualTo("img");
            assertThat(craving.findElements(By.cssSelector("circle.point"))).hasSize(13);
            assertThat(craving.findElement(By.cssSelector("path.line")).getAttribute("d"))
                    .startsWith("M");
            assertThat(craving.getSize().getHeight()).as("the chart is drawn").isGreaterThan(50);
            assertThat(browser.findElement(By.id("mood-chart")).findElements(By.cssSelector("circle.point")))
                    .hasSize(13);
            // Day 14 back: craving 14 % 11 = 3, mood 1 + 14 % 5 = 5.
            WebElement firstRow = browser.findElement(By.cssSelector("#trend-table tbody tr"));
            assertThat(firstRow.findElements(By.tagName("td")).stream().map(WebElement::getText))
                    .containsExactly("3", "5");
            assertThat(browser.findElements(By.cssSelector("#trend-table tbody tr")))
                    .hasSize(13);

            String page = browser.getPageSource();
            assertThat(page).contains("Every day counts", "988", "I need help now");
            assertThat(page.toLowerCase()).doesNotContain("relapse", "failed", "broke your");
            Number overflow = (Number) ((JavascriptExecutor) browser)
                    .executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow.intValue())
                    .as("horizontal scrolling on a phone")
                    .isLessThanOrEqualTo(0);
            assertThat(browser.findElements(By.tagName("form")))
                    .as("the page acts on nothing")
                    .isEmpty();
        }
    }

    @Test
    void withoutARecoveryDateThePageCountsNoDaysAndAnotherKindOfLinkIsRefused() throws Exception {
        String body = """
                {"externalId":"EXT-%s","firstName":"Sam","email":"sam@example.org","timeZone":"America/New_York",
                 "plan":{"times":["09:00"]}}
                """.formatted(UUID.randomUUID());
        String memberId = org.aftercare.events.Json.reader()
                .readTree(app.admin("POST", "/api/members", body).body())
                .get("memberId")
                .asText();

        HttpResponse<String> page = app.get(progressLink(memberId));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .doesNotContain("id=\"days-since\"")
                .doesNotContain("class=\"badge\"")
                .contains("0</strong> days in a row")
                .contains("once you have answered a few check-ins");

        String away = SchedulerFixture.link(
                LinkKind.PROGRESS.path(),
                LinkKind.AWAY.purpose(),
                memberId,
                Links.SUBJECT_MEMBER,
                LinkKind.AWAY.action());
        assertThat(app.get(away).statusCode()).isEqualTo(400);
        assertThat(app.postForm(progressLink(memberId), "x=1").statusCode()).isBetween(404, 405);
    }
}
