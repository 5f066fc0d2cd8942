package org.aftercare.streams;

import org.aftercare.kit.config.Settings;
import org.aftercare.kit.lifecycle.ServiceMain;

/** {@code java -jar streams.jar}: the streams service configured from the environment. */
public final class StreamsMain {

    private StreamsMain() {}

    public static void main(String[] args) {
        ServiceMain.run(
                "streams",
                () -> StreamsService.start(DecisionConfig.from(Settings.fromEnvironment(), System.getenv())));
    }
}
