package org.aftercare.notifier;

import org.aftercare.kit.config.Settings;
import org.aftercare.kit.lifecycle.ServiceMain;

/** {@code java -jar notifier.jar}: configuration from the environment, see {@link NotifierConfig}. */
public final class NotifierMain {

    private NotifierMain() {}

    public static void main(String[] args) {
        ServiceMain.run(
                "notifier",
                () -> NotifierService.start(NotifierConfig.from(Settings.fromEnvironment(), System.getenv())));
    }
}
