package org.aftercare.console.pages;

import static org.aftercare.console.testing.BrowserSteps.assertHeading;
import static org.aftercare.console.testing.BrowserSteps.signInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aftercare.console.audit.AuditEntry;
import org.aftercare.console.audit.AuditQuery;
import org.aftercare.console.testing.CaseloadData;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.events.Topics;
import org.aftercare.events.staff.FlagAcknowledged;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.infra.browser.HeadlessChromium;
import org.aftercare.infra.kafka.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Issue 12's first "done when", in a real headless Chromium through the real OIDC sign-in (the
 * provider's login form): with a member profile, a care team naming clinician A, risk, a critical
 * flag, check-in statuses and answers published on the real broker, clinician A sees only their
 * caseload, opens the member, sees the timeline (the member's note included) and the charts drawn
 * as SVG with data points, acknowledges the flag, and a {@code FlagAcknowledged} lands on {@code
 * staff.actions}; clinician B gets the 403 page for that member; every view and the action are in
 * the access audit.
 */
class ConsoleBrowserIT {

    private static ConsoleFixture app;
    private static CaseloadData data;
    private WebDriver browser;
    private HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.requireInstalled();
        app = ConsoleFixture.start(true, Map.of());
        data = new CaseloadData().publish(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        chromium = HeadlessChromium.open(new Dimension(1280, 900));
        browser = chromium.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** Keeps a screenshot under target/ for a person to look at (not asserted). */
    private void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aClinicianSeesTheirCaseloadOpensTheMemberAndAcknowledgesTheFlag() throws Exception {
        try (TopicProbe<StaffActionEvent> probe = new TopicProbe<>(app.bootstrapServers(), Topics.STAFF_ACTIONS)) {
            signInAs(browser, app, "/", data.clinicianA, "Dana Whitfield", "clinician");

            // Only their caseload
            assertHeading(browser, "Caseload");
            List<WebElement> rows = browser.findElements(By.cssSelector("#caseload-table tr.member"));
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst().getAttribute("data-member")).isEqualTo(data.member);
            assertThat(rows.getFirst().getText()).contains(data.memberName, data.externalId, "very-high", "1 critical");
            assertThat(browser.getPageSource()).doesNotContain(data.otherMember).doesNotContain(data.otherExternalId);
            screenshot("caseload");

            // The member page: header, flag, timeline, charts
            rows.getFirst().findElement(By.linkText(data.memberName)).click();
            assertHeading(browser, data.memberName);
            assertThat(browser.findElement(By.id("member-tier")).getText()).contains("very-high");
            assertThat(browser.findElements(By.cssSelector("#open-flags tr.flag")))
                    .hasSize(1);
            List<WebElement> events = browser.findElements(By.cssSelector("#timeline-table tr.event"));
            assertThat(events).hasSizeGreaterThanOrEqualTo(6);
            assertThat(browser.findElement(By.id("timeline-table")).getText())
                    .contains("Answered: struggling, craving 7, mood 2")
                    .contains("Check-in missed")
                    .contains(data.note);
            for (String chart : List.of("craving-30", "mood-30", "craving-90", "mood-90")) {
                WebElement svg = browser.findElement(By.id(chart));
                assertThat(svg.getAttribute("role")).isEqualTo("img");
                assertThat(svg.getAttribute("aria-label")).isNotBlank();
                assertThat(svg.getSize().getWidth()).isGreaterThan(100);
            }
            // two answers in the last 30 days, three in the last 90, each a drawn point
            assertThat(browser.findElements(By.cssSelector("#craving-30 circle.point")))
                    .hasSize(2);
            assertThat(browser.findElements(By.cssSelector("#craving-90 circle.point")))
                    .hasSize(3);
            assertThat(browser.findElements(By.cssSelector("#mood-90 circle.point")))
                    .extracting(e -> e.getAttribute("data-value"))
                    .containsExactly("5", "4", "2");
            assertThat(browser.findElements(By.cssSelector("#weeks-30 rect.point.missed")))
                    .anyMatch(e -> "1".equals(e.getAttribute("data-value")));
            assertThat(browser.findElement(By.id("answers-30")).getText())
                    .contains("Craving")
                    .contains("7");
            screenshot("member");
            ((org.openqa.selenium.JavascriptExecutor) browser)
                    .executeScript("document.getElementById('charts').scrollIntoView()");
            screenshot("charts");

            // Acknowledge the flag
            browser.findElement(By.cssSelector("#open-flags button.acknowledge"))
                    .click();
            await().atMost(Duration.ofSeconds(15))
                    .ignoreExceptionsInstanceOf(NoSuchElementException.class)
                    .untilAsserted(() -> assertThat(
                                    browser.findElement(By.id("sent-notice")).getText())
                            .startsWith("Acknowledgement sent."));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(probe.poll())
                            .filteredOn(r -> data.member.equals(r.key()))
                            .singleElement()
                            .satisfies(r -> {
                                assertThat(r.value()).isInstanceOf(FlagAcknowledged.class);
                                assertThat(r.value().staffId()).isEqualTo(data.clinicianA);
                                assertThat(r.value().flagId()).isEqualTo(data.flagId);
                            }));
        }

        List<AuditEntry> audit = app.console
                .audit()
                .list(AuditQuery.byMember(data.member, 0, 100))
                .entries();
        assertThat(audit)
                .filteredOn(e -> e.staffId().equals(data.clinicianA))
                .extracting(AuditEntry::what)
                // newest first: the page after the action, the action, the first view
                .containsExactly("member.view", "flag.acknowledge", "member.view");
        assertThat(audit)
                .filteredOn(e -> e.what().equals("flag.acknowledge"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.detail()).isEqualTo(data.flagId);
                    assertThat(e.from()).isEqualTo("127.0.0.1");
                });
    }

    @Test
    void anotherClinicianCannotOpenThatMember() throws Exception {
        signInAs(browser, app, "/members/" + data.member, data.clinicianB, "Lee Park", "clinician");

        assertHeading(browser, "Not allowed");
        assertThat(browser.findElement(By.id("reason")).getText()).contains("not in your care team");
        assertThat(browser.getPageSource()).doesNotContain(data.externalId).doesNotContain(data.note);
        screenshot("forbidden");
        assertThat(app.console
                        .audit()
                        .list(AuditQuery.byStaff(data.clinicianB, 0, 100))
                        .entries())
                .extracting(AuditEntry::what, AuditEntry::memberId)
                .contains(org.assertj.core.groups.Tuple.tuple("member.view.denied", data.member));
    }
}
