package org.aftercare.scheduler;

import org.aftercare.kit.config.Settings;
import org.aftercare.kit.lifecycle.ServiceMain;

/** Runs the scheduler as its own process, configured from the environment. */
public final class SchedulerMain {

    private SchedulerMain() {}

    public static void main(String[] args) {
        ServiceMain.run("scheduler", () -> SchedulerService.start(SchedulerConfig.from(Settings.fromEnvironment(), System.getenv())));
    }
}
