package org.aftercare.console;

import org.aftercare.kit.config.Settings;
import org.aftercare.kit.lifecycle.ServiceMain;

/** Runs the console as its own process, configured from the environment ({@code OUTREACH_CONSOLE_*}). */
public final class ConsoleMain {

    private ConsoleMain() {}

    public static void main(String[] args) {
        ServiceMain.run(
                "console", () -> ConsoleService.start(ConsoleConfig.from(Settings.fromEnvironment(), System.getenv())));
    }
}
