package org.aftercare.console;

import java.util.Optional;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.dlq.DeadLetterTool;
import org.aftercare.kit.lifecycle.ServiceMain;

/** Runs the console as its own process, configured from the environment ({@code OUTREACH_CONSOLE_*}). */
public final class ConsoleMain {

    private ConsoleMain() {}

    public static void main(String[] args) {
        if (DeadLetterTool.isDlqCommand(args)) {
            System.exit(DeadLetterTool.runFromEnvironment(args, Optional.empty()));
        }
        ServiceMain.run(
                "console", () -> ConsoleService.start(ConsoleConfig.from(Settings.fromEnvironment(), System.getenv())));
    }
}
