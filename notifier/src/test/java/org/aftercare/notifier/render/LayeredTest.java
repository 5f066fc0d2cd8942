package org.aftercare.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The renderer's view of two maps answers as a copy of the lower one with the upper put over it would. */
class LayeredTest {

    @Test
    void answersAsACopyWithTheTopPutOverItWould() {
        Map<String, Object> top = new HashMap<>();
        top.put("showCrisisLines", true);
        top.put("firstName", null);
        Map<String, Object> under = Map.of("showCrisisLines", false, "firstName", "Sam", "helpUrl", "https://h");
        Map<String, Object> copy = new HashMap<>(under);
        copy.putAll(top);

        Map<String, Object> view = new Layered<>(top, under);

        for (String key : new String[] {"showCrisisLines", "firstName", "helpUrl", "missing"}) {
            assertThat(view.containsKey(key)).as(key).isEqualTo(copy.containsKey(key));
            assertThat(view.get(key)).as(key).isEqualTo(copy.get(key));
        }
        assertThat(view).isEqualTo(copy);
        assertThat(view.get("showCrisisLines")).isEqualTo(true);
        assertThat(view.get("firstName"))
                .as("a null on top hides the value below")
                .isNull();
    }
}
