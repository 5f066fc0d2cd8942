package org.aftercare.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.StaffClient;
import org.junit.jupiter.api.Test;

/** Readiness follows the read model: ready once the feed has caught up, not ready once it stops. */
class ConsoleServiceIT {

    @Test
    void readyWhileTheFeedIsAliveAndCaughtUp() throws Exception {
        try (ConsoleFixture app = ConsoleFixture.start()) {
            StaffClient ops = new StaffClient(app.console.managementUrl());
            assertThat(app.console.feed().caughtUp()).isTrue();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertThat(ops.get("/health/ready").statusCode()).isEqualTo(200));

            app.console.feed().close(Duration.ofSeconds(10));

            // the thread says it stopped just before it ends
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(app.console.feed().isAlive()).isFalse());
            assertThat(ops.get("/health/ready").statusCode()).isEqualTo(503);
            assertThat(app.console.isReady()).isFalse();
        }
    }
}
