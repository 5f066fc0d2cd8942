package org.aftercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.aftercare.kit.config.Settings;
import org.aftercare.notifier.NotifierConfig;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.streams.DecisionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment the pipeline benchmark starts each service with is one the service's own
 * configuration accepts, so a renamed or retired variable fails here and not after the benchmark's
 * minutes of enrolment (issue 15 replaced two pass-through Kafka properties the benchmark still set).
 */
class PipelineEnvironmentTest {

    @TempDir
    Path dir;

    private final Map<String, String> common = PipelineBenchmark.common("127.0.0.1:9092");
    private final String db = "jdbc:postgresql://127.0.0.1:5432/bench";

    @Test
    void theSchedulerAcceptsItsEnvironment() throws Exception {
        Map<String, String> env = PipelineBenchmark.env("scheduler", common, db, dir, 2525);
        assertThat(SchedulerConfig.from(Settings.of(env), env)).isNotNull();
    }

    @Test
    void streamsAcceptsItsEnvironmentWithStaticMembershipAsDeployed() throws Exception {
        Map<String, String> env = PipelineBenchmark.env("streams", common, db, dir, 2525);
        assertThat(DecisionConfig.from(Settings.of(env), env)).isNotNull();
        assertThat(env).containsEntry("OUTREACH_KAFKA_GROUP_INSTANCE_ID", "streams-0");
    }

    @Test
    void theNotifierAcceptsItsEnvironment() throws Exception {
        Map<String, String> env = PipelineBenchmark.env("notifier", common, db, dir, 2525);
        assertThat(NotifierConfig.from(Settings.of(env), env)).isNotNull();
        assertThat(env).containsEntry("OUTREACH_SMTP_PORT", "2525");
    }
}
