package org.aftercare.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the deploy files are, and how they are read (YAML with several documents, JSON). */
final class DeployFiles {

    static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());
    static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {}

    /** The repository's root (the reactor directory). */
    static Path repo() {
        String dir = System.getProperty("outreach.repo.dir");
        Path path = dir != null ? Path.of(dir) : Path.of("..");
        return path.toAbsolutePath().normalize();
    }

    static Path deploy() {
        return repo().resolve("deploy");
    }

    static Path compose() {
        return deploy().resolve("compose");
    }

    static Path k8s() {
        return deploy().resolve("k8s");
    }

    static Path monitoring() {
        return deploy().resolve("monitoring");
    }

    /** Every file under deploy/ with one of the given extensions, build output excluded. */
    static List<Path> files(String... extensions) {
        try (Stream<Path> all = Files.walk(deploy())) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> !deploy().relativize(p).startsWith("target"))
                    .filter(p -> !deploy().relativize(p).startsWith("src"))
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        for (String ext : extensions) {
                            if (name.endsWith("." + ext)) {
                                return true;
                            }
                        }
                        return false;
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file (a file may hold several, separated by ---); empty ones dropped. */
    static List<JsonNode> yamlDocuments(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(file.toFile());
                MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return docs;
    }

    /** Every YAML document of a text (an inline patch of a kustomization, say). */
    static List<JsonNode> yamlDocuments(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(text);
                MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read inline YAML", e);
        }
        return docs;
    }

    static JsonNode yaml(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path in a JSON tree by field names, or a missing node. */
    static JsonNode at(JsonNode node, String... fields) {
        JsonNode n = node;
        for (String f : fields) {
            n = n == null ? MissingNode.getInstance() : n.path(f);
        }
        return n;
    }
}
