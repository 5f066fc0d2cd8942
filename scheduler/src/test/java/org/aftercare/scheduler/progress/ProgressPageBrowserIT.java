package org.aftercare.scheduler.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.openqa.selenium.StaleElementReferenceException;
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
                    .as("one form: the member's own choices, posted back to the same link")
                    .singleElement()
                    .satisfies(form -> {
                        assertThat(form.getAttribute("method")).isEqualTo("post");
                        assertThat(form.getAttribute("id")).isEqualTo("choices");
                    });
            assertThat(browser.findElement(By.id("track-yes")).isSelected()).isTrue();
            assertThat(browser.findElement(By.id("weekly-no")).isSelected()).isTrue();
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
        HttpResponse<String> refused = app.postForm(progressLink(memberId), "x=1");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("Please choose whether this page counts your days.")
                .contains("Please choose whether you would like the weekly email.");
        assertThat(app.postForm(progressLink(memberId), "trackRecoveryDate=maybe&weeklySummary=yes")
                        .statusCode())
                .isEqualTo(400);
        assertThat(preferences(memberId).get("weeklySummary").asBoolean())
                .as("nothing recorded from a refused form")
                .isFalse();
    }

    private static JsonNode preferences(String memberId) throws Exception {
        HttpResponse<String> r = app.admin("GET", "/api/members/" + memberId, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return org.aftercare.events.Json.reader().readTree(r.body()).get("preferences");
    }

    @Test
    void theMemberTurnsOffCountingDaysOnAPhoneAndThePageShowsNoDayCountButKeepsTheStreakAndCalendar() throws Exception {
        LocalDate today = LocalDate.now(NEW_YORK);
        String memberId = enroll(today.minusDays(40));
        for (int back = 3; back >= 1; back--) {
            String checkInId = emitted(
                    memberId,
                    today.minusDays(back)
                            .atTime(LocalTime.of(9, 0))
                            .atZone(NEW_YORK)
                            .toInstant());
            answer(memberId, checkInId, 2, 4);
        }
        // A GET never acts, whatever its query says.
        assertThat(app.get(progressLink(memberId) + "?trackRecoveryDate=no&weeklySummary=yes")
                        .statusCode())
                .isEqualTo(200);
        assertThat(preferences(memberId).get("trackRecoveryDate").asBoolean()).isTrue();

        try (HeadlessChromium chromium = HeadlessChromium.open(new Dimension(390, 844))) {
            WebDriver browser = chromium.driver();
            browser.get(app.publicUrl() + progressLink(memberId));
            assertThat(browser.findElement(By.id("days-since")).getText()).startsWith("40 days since");

            click(browser, "label[for=track-no]");
            click(browser, "label[for=weekly-yes]");
            click(browser, "#choices button[type=submit]");
            await().atMost(Duration.ofSeconds(15))
                    .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                    .until(() -> !browser.findElements(By.id("choices-saved")).isEmpty());

            assertThat(browser.findElement(By.id("choices-saved")).getText()).startsWith("Saved.");
            assertThat(browser.findElements(By.id("days-since")))
                    .as("no day count")
                    .isEmpty();
            assertThat(browser.findElements(By.cssSelector(".badges .badge")))
                    .as("no day badges")
                    .isEmpty();
            assertThat(browser.findElement(By.id("days-not-counted")).getText())
                    .contains("You chose not to count days on this page, and that is completely fine.");
            String days = browser.findElement(By.cssSelector("section[aria-labelledby=days-heading]"))
                    .getText();
            assertThat(days).doesNotContainPattern("\\d+ days?").doesNotContain("Next:");
            assertThat(browser.findElement(By.id("streak")).getText()).startsWith("3 days in a row");
            assertThat(browser.findElement(By.id("calendar")).findElements(By.cssSelector("td[data-state=answered]")))
                    .hasSize(3);
            assertThat(browser.findElement(By.id("track-no")).isSelected()).isTrue();
            assertThat(browser.findElement(By.id("weekly-yes")).isSelected()).isTrue();
            String page = browser.getPageSource().toLowerCase();
            assertThat(page).contains("988").doesNotContain("relapse", "failed", "broke your", "reset");
            Number overflow = (Number) ((JavascriptExecutor) browser)
                    .executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow.intValue())
                    .as("horizontal scrolling on a phone")
                    .isLessThanOrEqualTo(0);

            // The choice stays: the same link opened again shows no count.
            browser.get(app.publicUrl() + progressLink(memberId));
            assertThat(browser.findElements(By.id("days-since"))).isEmpty();
            assertThat(browser.findElements(By.id("choices-saved"))).isEmpty();
        }
        JsonNode prefs = preferences(memberId);
        assertThat(prefs.get("trackRecoveryDate").asBoolean()).isFalse();
        assertThat(prefs.get("weeklySummary").asBoolean()).isTrue();
    }

    /** Scrolled into view first: on a phone-sized window the form sits below the fold. */
    private static void click(WebDriver browser, String css) {
        WebElement element = browser.findElement(By.cssSelector(css));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }
}
