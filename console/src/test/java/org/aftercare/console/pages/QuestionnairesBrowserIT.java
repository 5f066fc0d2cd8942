package org.aftercare.console.pages;

import static org.aftercare.console.testing.BrowserSteps.assertHeading;
import static org.aftercare.console.testing.BrowserSteps.signInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aftercare.console.readmodel.Fixtures;
import org.aftercare.console.readmodel.MeasureResults;
import org.aftercare.console.testing.CaseloadData;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.TopicData;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.MeasureCompleted;
import org.aftercare.infra.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Issue 13's results on the member page in a real headless Chromium on a tablet-sized viewport,
 * through the real OIDC sign-in: three finished PHQ-9s published on the real broker are drawn (the
 * bands as shaded ranges with a size on screen, a point per result) under "Questionnaires"; the
 * timeline's row for a finished questionnaire links there; the page does not scroll sideways.
 */
class QuestionnairesBrowserIT {

    private static ConsoleFixture app;
    private static CaseloadData data;
    private WebDriver browser;
    private HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.requireInstalled();
        app = ConsoleFixture.start(true, Map.of());
        data = new CaseloadData().publish(app);
        Instant now = app.clock.instant();
        for (MeasureCompleted m : List.of(
                Fixtures.phq9(data.member, "b-1-" + data.suffix, 4, 12, 0, now.minus(Duration.ofDays(60))),
                Fixtures.phq9(data.member, "b-2-" + data.suffix, 5, 16, 0, now.minus(Duration.ofDays(30))),
                Fixtures.phq9(data.member, "b-3-" + data.suffix, 3, 8, 0, now.minus(Duration.ofDays(3))))) {
            TopicData.send(app.bootstrapServers(), Topics.CHECKIN_RESPONSES, data.member, m);
        }
        MeasureResults results = new MeasureResults(app.console.database());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> results.of(data.member).size() == 3);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        // a tablet held upright
        chromium = HeadlessChromium.open(new Dimension(820, 1180));
        browser = chromium.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void theMemberPageDrawsEachScoreWithItsBandsAndTheTimelineLinksToIt() throws Exception {
        signInAs(browser, app, "/members/" + data.member, data.clinicianA, "Dana Whitfield", "clinician");
        assertHeading(browser, data.memberName);

        // the timeline's row for a finished questionnaire leads to the section
        WebElement link = browser.findElement(By.cssSelector("#timeline-table tr.kind-measure\\.completed a"));
        assertThat(link.getText()).isEqualTo("see the results");
        link.click();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.getCurrentUrl().endsWith("#questionnaire-phq-9"));
        WebElement section = browser.findElement(By.id("questionnaire-phq-9"));
        assertThat(section.findElement(By.tagName("h3")).getText()).contains("phq-9", "version 1");

        WebElement total = browser.findElement(By.id("chart-q0-s1-all"));
        assertThat(total.getAttribute("role")).isEqualTo("img");
        assertThat(total.getAttribute("aria-label")).isEqualTo("total (0 to 27), all results");
        assertThat(total.getSize().getWidth()).isGreaterThan(300);
        List<WebElement> bands = total.findElements(By.cssSelector("g.band rect.band-range"));
        assertThat(bands)
                .hasSize(5)
                .allSatisfy(b -> assertThat(b.getSize().getHeight()).isPositive());
        assertThat(total.findElements(By.cssSelector("g.band text.band-label")))
                .extracting(WebElement::getText)
                .contains("minimal", "mild", "moderate", "moderately severe", "severe");
        assertThat(total.findElements(By.cssSelector("circle.point")))
                .extracting(e -> e.getAttribute("data-value"))
                .containsExactly("12", "16", "8");
        // a higher score is drawn higher: the 16 above the 12
        List<WebElement> points = total.findElements(By.cssSelector("circle.point"));
        assertThat(points.get(1).getLocation().getY())
                .isLessThan(points.get(0).getLocation().getY());
        assertThat(browser.findElement(By.id("q0-s1-all-table")).getText())
                .contains("moderately severe")
                .contains("16");
        assertThat(browser.findElements(By.cssSelector("#chart-q0-s0-90 circle.point")))
                .hasSize(3);
        Object sideways = ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth > document.documentElement.clientWidth");
        assertThat(sideways).as("the page fits a tablet's width").isEqualTo(false);
        screenshot("questionnaires-tablet");
    }
}
