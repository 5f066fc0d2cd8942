package org.aftercare.streams;

import java.util.Optional;
import org.aftercare.events.Topics;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.dlq.DeadLetterTool;
import org.aftercare.kit.lifecycle.ServiceMain;

/** {@code java -jar streams.jar}: the streams service configured from the environment. */
public final class StreamsMain {

    private StreamsMain() {}

    public static void main(String[] args) {
        if (DeadLetterTool.isDlqCommand(args)) {
            System.exit(DeadLetterTool.runFromEnvironment(args, Optional.of(Topics.STREAMS_DLQ)));
        }
        ServiceMain.run(
                "streams",
                () -> StreamsService.start(DecisionConfig.from(Settings.fromEnvironment(), System.getenv())));
    }
}
