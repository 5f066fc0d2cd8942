package org.aftercare.console.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;

/** The steps the console's browser tests share: waiting for a page's heading, and signing in at the test provider. */
public final class BrowserSteps {

    private BrowserSteps() {}

    /** Waits (up to 15 s) until the page's {@code h1} starts with {@code expected}. */
    public static void assertHeading(WebDriver browser, String expected) {
        assertHeading(browser, expected, Duration.ofSeconds(15));
    }

    public static void assertHeading(WebDriver browser, String expected, Duration within) {
        await().atMost(within)
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .ignoreExceptionsInstanceOf(NoSuchElementException.class)
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.tagName("h1")).getText())
                                .startsWith(expected));
    }

    /**
     * Opens {@code path} on the console, lands on the test OpenID provider's form and signs in there
     * as {@code staffId} with a name and one role, as the provider's ID token then says.
     */
    public static void signInAs(
            WebDriver browser, ConsoleFixture app, String path, String staffId, String name, String role) {
        browser.get(app.baseUrl() + path);
        assertHeading(browser, "Test identity provider", Duration.ofSeconds(60));
        browser.findElement(By.id("username")).sendKeys(staffId);
        browser.findElement(By.id("claims")).sendKeys("{\"name\": \"" + name + "\", \"roles\": [\"" + role + "\"]}");
        browser.findElement(By.id("sign-in")).click();
    }
}
