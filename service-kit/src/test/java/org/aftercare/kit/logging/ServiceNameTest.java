package org.aftercare.kit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceNameTest {

    @Test
    void theMainClassNamesTheServiceAndTheVariableOverridesIt() {
        assertThat(ServiceName.of(null, "org.aftercare.scheduler.SchedulerMain serve"))
                .isEqualTo("outreach-scheduler");
        assertThat(ServiceName.of(null, "org.aftercare.notifier.NotifierMain")).isEqualTo("outreach-notifier");
        assertThat(ServiceName.of("", "org.aftercare.streams.StreamsMain")).isEqualTo("outreach-streams");
        assertThat(ServiceName.of("aftercare-console-eu", "org.aftercare.console.ConsoleMain"))
                .isEqualTo("aftercare-console-eu");
        assertThat(ServiceName.of("not a name!", "org.aftercare.console.ConsoleMain"))
                .as("a malformed name is not used")
                .isEqualTo("outreach-console");
        assertThat(ServiceName.of(null, "/tmp/surefirebooter.jar")).isEqualTo("outreach");
        assertThat(ServiceName.of(null, null)).isEqualTo("outreach");
    }
}
