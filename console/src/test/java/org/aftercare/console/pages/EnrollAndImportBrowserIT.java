package org.aftercare.console.pages;

import static org.aftercare.console.testing.BrowserSteps.assertHeading;
import static org.aftercare.console.testing.BrowserSteps.signInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aftercare.console.audit.AuditEntry;
import org.aftercare.console.audit.AuditQuery;
import org.aftercare.console.scheduler.SchedulerSettings;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.events.Json;
import org.aftercare.infra.browser.HeadlessChromium;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Enroll and import (issue 12, item 7) in a real headless Chromium through the real OIDC sign-in,
 * against a real scheduler started in process (its admin API on H2, publishing on the same real
 * broker the console reads): a supervisor enrolls a member from the form (first seeing the
 * scheduler's reason beside a bad email) and lands on the member's page once the record has
 * arrived; uploads a CSV with two bad rows, follows the progress page to the report and downloads
 * it as CSV; a clinician gets the 403 page on both.
 */
class EnrollAndImportBrowserIT {

    private static SchedulerFixture scheduler;
    /** Pages here wait on the scheduler (an import job runs), so a heading may take a while. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ConsoleFixture app;
    private WebDriver browser;
    private HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.requireInstalled();
        scheduler = SchedulerFixture.start(SchedulerFixture.env(ConsoleFixture.KAFKA.bootstrapServers()));
        app = ConsoleFixture.start(
                true,
                Map.of(SchedulerSettings.URL, scheduler.adminUrl(), SchedulerSettings.TOKEN, SchedulerFixture.TOKEN));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        chromium = HeadlessChromium.open(new Dimension(1024, 900));
        browser = chromium.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static List<AuditEntry> auditedFor(String staffId) {
        return app.console.audit().list(AuditQuery.byStaff(staffId, 0, 500)).entries();
    }

    @Test
    void aSupervisorEnrollsAMemberAfterFixingTheEmailTheSchedulerRefused() throws Exception {
        String staffId = "sup-enroll-" + UUID.randomUUID().toString().substring(0, 8);
        String externalId = "ENR-" + UUID.randomUUID().toString().substring(0, 8);
        signInAs(browser, app, "/members/new", staffId, "Robin Hale", "supervisor");
        assertHeading(browser, "Enroll a member", WAIT);
        assertThat(browser.findElement(By.cssSelector("nav")).getText()).contains("Enroll a member", "Import a roster");

        type("externalId", externalId);
        type("firstName", "Jordan");
        type("email", "jordan-at-example");
        type("timeZone", "America/Chicago");
        type("times", "09:00, 18:30");
        browser.findElement(By.cssSelector("input[name=days][value=mon]")).click();
        browser.findElement(By.cssSelector("input[name=days][value=thu]")).click();
        type("contactName", "Alex");
        type("contactEmail", "alex@example.org");
        browser.findElement(By.cssSelector("input[name=contactConsent][value=missed-check-ins]"))
                .click();
        browser.findElement(By.cssSelector("form.enroll button[type=submit]")).click();

        assertHeading(browser, "Enroll a member", WAIT);
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptionsInstanceOf(NoSuchElementException.class)
                .untilAsserted(() -> assertThat(
                                browser.findElement(By.id("email-error")).getText())
                        .isEqualTo("is not a valid email address"));
        WebElement email = browser.findElement(By.id("email"));
        assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(email.getAttribute("aria-describedby")).isEqualTo("email-error");
        assertThat(browser.findElement(By.id("externalId")).getAttribute("value"))
                .as("the other values are kept")
                .isEqualTo(externalId);
        assertThat(browser.findElement(By.cssSelector("input[name=days][value=thu]"))
                        .isSelected())
                .isTrue();
        assertThat(browser.findElement(By.cssSelector(".error-summary")).getText())
                .contains("Email: is not a valid email address");
        assertThat(browser.findElements(By.id("firstName-error"))).isEmpty();
        assertThat(scheduler
                        .admin("GET", "/api/members?externalId=" + externalId, null)
                        .body())
                .as("nothing enrolled yet")
                .contains("\"members\":[]");
        screenshot("enroll-refused");

        type("email", "jordan@example.org");
        browser.findElement(By.cssSelector("form.enroll button[type=submit]")).click();

        // The member's page, once the profile has come back over member.profile (the page reloads itself).
        assertHeading(browser, "Jordan", WAIT);
        JsonNode found = Json.reader()
                .readTree(scheduler
                        .admin("GET", "/api/members?externalId=" + externalId, null)
                        .body());
        assertThat(found.get("members")).hasSize(1);
        String memberId = found.get("members").get(0).get("memberId").asText();
        assertThat(browser.getCurrentUrl()).contains("/members/" + memberId);
        JsonNode member = Json.reader()
                .readTree(
                        scheduler.admin("GET", "/api/members/" + memberId, null).body());
        assertThat(member.get("timeZone").asText()).isEqualTo("America/Chicago");
        assertThat(member.get("plan").get("days")).hasSize(2);
        assertThat(member.get("contacts")).hasSize(1);
        screenshot("enrolled");

        assertThat(auditedFor(staffId))
                .anySatisfy(e -> {
                    assertThat(e.what()).isEqualTo("member.enroll");
                    assertThat(e.memberId()).isEqualTo(memberId);
                    assertThat(e.detail()).isEqualTo("done");
                })
                .anySatisfy(e -> {
                    assertThat(e.what()).isEqualTo("member.enroll");
                    assertThat(e.detail()).isEqualTo("refused-400");
                });
    }

    @Test
    void aSupervisorUploadsARosterFollowsTheProgressAndReadsEveryRejectedRow() throws Exception {
        String staffId = "sup-import-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "IMP-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Path csv = Files.createTempFile("roster-", ".csv");
        Files.writeString(
                csv,
                "externalId,firstName,email,timeZone,times,days\n"
                        + prefix + "1,Kim,kim@example.org,America/Chicago,09:00,mon;thu\n"
                        + prefix + "2,Ro,not-an-email,America/Chicago,09:00,\n"
                        + prefix + "3,Jo,jo@example.org,Europe/Paris,08:30,\n"
                        + prefix + "4,Al,al@example.org,Europe/Paris,25:99,\n"
                        + prefix + "5,Sam,sam@example.org,UTC,07:00,\n",
                StandardCharsets.UTF_8);
        try {
            signInAs(browser, app, "/imports", staffId, "Robin Hale", "supervisor");
            assertHeading(browser, "Import a roster", WAIT);
            browser.findElement(By.id("roster")).sendKeys(csv.toAbsolutePath().toString());
            browser.findElement(By.cssSelector("form[action='/imports'] button[type=submit]"))
                    .click();

            assertHeading(browser, "Roster import", WAIT);
            assertThat(browser.getCurrentUrl()).matches(".*/imports/[0-9a-f-]{36}$");
            String jobId =
                    browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
            assertThat(browser.findElements(By.cssSelector("progress#import-progress")))
                    .hasSize(1);

            // The page reloads itself until the job is done, then shows the report.
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                    .ignoreExceptionsInstanceOf(NoSuchElementException.class)
                    .untilAsserted(() -> assertThat(
                                    browser.findElement(By.id("import-state")).getText())
                            .contains("done"));
            assertThat(browser.findElement(By.id("rows-read")).getText()).isEqualTo("5");
            assertThat(browser.findElement(By.id("enrolled")).getText()).isEqualTo("3");
            assertThat(browser.findElement(By.id("rejected")).getText()).isEqualTo("2");
            WebElement progress = browser.findElement(By.id("import-progress"));
            assertThat(progress.getAttribute("value")).isEqualTo(progress.getAttribute("max"));
            List<WebElement> rows = browser.findElements(By.cssSelector("#rejections tbody tr"));
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).getText()).contains("3", "email", "is not a valid email address", prefix + "2");
            assertThat(rows.get(1).getText()).contains("5", "times", prefix + "4");
            assertThat(browser.getPageSource()).doesNotContain("not-an-email").doesNotContain("25:99");
            screenshot("import-report");

            String report = (String) ((JavascriptExecutor) browser)
                    .executeAsyncScript("const done = arguments[arguments.length - 1];"
                            + " fetch(document.getElementById('rejections-csv').href).then(r => r.text()).then(done);");
            assertThat(report.lines().toList())
                    .containsExactly(
                            "line,column,reason,externalId",
                            "3,email,is not a valid email address," + prefix + "2",
                            "5,times,must hold times written HH:MM," + prefix + "4");

            assertThat(auditedFor(staffId))
                    .anySatisfy(e -> {
                        assertThat(e.what()).isEqualTo("import.start");
                        assertThat(e.detail()).isEqualTo(jobId);
                    })
                    .anySatisfy(e -> assertThat(e.what()).isEqualTo("import.report.csv"));

            // The import page lists it among the staff member's own imports.
            browser.get(app.baseUrl() + "/imports");
            assertThat(browser.findElement(By.id("recent-heading"))
                            .findElement(By.xpath(".."))
                            .findElements(By.cssSelector("a[href='/imports/" + jobId + "']")))
                    .hasSize(1);
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    @Test
    void aClinicianGetsTheForbiddenPageOnBoth() throws Exception {
        String staffId = "clin-" + UUID.randomUUID().toString().substring(0, 8);
        signInAs(browser, app, "/members/new", staffId, "Dana Whitfield", "clinician");
        assertHeading(browser, "Not allowed", WAIT);
        assertThat(browser.findElement(By.id("reason")).getText()).contains("Clinicians do not enroll");
        assertThat(browser.findElement(By.cssSelector("nav")).getText())
                .doesNotContain("Enroll a member")
                .doesNotContain("Import a roster");

        browser.get(app.baseUrl() + "/imports");
        assertHeading(browser, "Not allowed", WAIT);
        assertThat(browser.findElement(By.id("reason")).getText()).contains("Clinicians do not enroll or import");
        assertThat(auditedFor(staffId)).noneSatisfy(e -> assertThat(e.what()).startsWith("import."));
    }
}
