package org.aftercare.notifier;

import java.util.Optional;
import org.aftercare.events.Topics;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.dlq.DeadLetterTool;
import org.aftercare.kit.lifecycle.ServiceMain;

/** {@code java -jar notifier.jar}: configuration from the environment, see {@link NotifierConfig}. */
public final class NotifierMain {

    private NotifierMain() {}

    public static void main(String[] args) {
        if (DeadLetterTool.isDlqCommand(args)) {
            System.exit(DeadLetterTool.runFromEnvironment(args, Optional.of(Topics.OUTREACH_DLQ)));
        }
        ServiceMain.run(
                "notifier",
                () -> NotifierService.start(NotifierConfig.from(Settings.fromEnvironment(), System.getenv())));
    }
}
