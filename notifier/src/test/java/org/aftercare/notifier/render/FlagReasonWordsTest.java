package org.aftercare.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Map;
import org.aftercare.events.flag.FlagReason;
import org.junit.jupiter.api.Test;

/** Every flag reason has its own words in staff emails (not the catch-all "a signal that needs follow-up"). */
class FlagReasonWordsTest {

    @Test
    void everyFlagReasonHasItsOwnWords() throws NoSuchFieldException {
        Map<String, String> words = new Messages().all(Locale.ENGLISH);
        for (FlagReason reason : FlagReason.values()) {
            String code = FlagReason.class
                    .getField(reason.name())
                    .getAnnotation(JsonProperty.class)
                    .value();
            assertThat(words).as("flag.reason." + code).containsKey("flag.reason." + code);
        }
    }
}
