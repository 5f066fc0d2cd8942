package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every YAML and JSON file under deploy/ parses (Compose and Kubernetes files are checked further elsewhere). */
class DeployFilesParseTest {

    @Test
    void everyYamlFileParses() {
        List<Path> files = DeployFiles.files("yaml", "yml");
        assertThat(files).as("YAML files under deploy/").hasSizeGreaterThan(10);
        for (Path file : files) {
            assertThatCode(() -> assertThat(DeployFiles.yamlDocuments(file))
                            .as(file + " has content")
                            .isNotEmpty())
                    .as(file.toString())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void everyJsonFileParses() {
        List<Path> files = DeployFiles.files("json");
        assertThat(files).as("JSON files under deploy/").isNotEmpty();
        for (Path file : files) {
            assertThatCode(() -> DeployFiles.json(file)).as(file.toString()).doesNotThrowAnyException();
        }
    }
}
