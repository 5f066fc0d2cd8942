package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is what the configuration classes read today. */
class ConfigurationReferenceTest {

    @Test
    void theCommittedReferenceIsUpToDate() throws IOException {
        String expected = ConfigurationReference.render();
        if (Boolean.getBoolean("outreach.deploy.update")) {
            Files.writeString(ConfigurationReference.FILE, expected);
        }
        assertThat(Files.exists(ConfigurationReference.FILE))
                .as(ConfigurationReference.FILE + " exists")
                .isTrue();
        assertThat(Files.readString(ConfigurationReference.FILE))
                .as("docs/configuration.md is out of date: regenerate it (command at its top)")
                .isEqualTo(expected);
    }

    @Test
    void theReferenceNamesEveryVariableEachServiceReads() {
        String reference = ConfigurationReference.render();
        for (ServiceConfigs.Service service : ServiceConfigs.ALL) {
            assertThat(service.readSet())
                    .as(service.name())
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(reference).contains("| `" + name + "` |"));
        }
        assertThat(reference).doesNotContain(ServiceConfigs.SAMPLES.get("OUTREACH_LINK_KEYS"));
    }
}
