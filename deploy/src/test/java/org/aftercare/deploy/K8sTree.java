package org.aftercare.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of deploy/k8s as a clean clone has it (the git-ignored {@code *.env} files of a
 * developer's dev overlay left out), in a directory of the test's, so a test may plant an error in
 * it, and the way docs/operations.md builds it: {@code make-dev-secrets.sh} for the dev overlay,
 * then the base and every overlay built.
 */
final class K8sTree {

    static final List<String> KUSTOMIZATIONS = List.of("base", "overlays/dev", "overlays/prod");

    final Path root;

    private K8sTree(Path root) {
        this.root = root;
    }

    /** deploy/k8s copied into {@code dir}/k8s without the local secret files. */
    static K8sTree cleanCopy(Path dir) {
        Path root = dir.resolve("k8s");
        try (Stream<Path> all = Files.walk(DeployFiles.k8s())) {
            for (Path from : all.toList()) {
                Path to = root.resolve(DeployFiles.k8s().relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else if (!from.getFileName().toString().endsWith(".env")) {
                    Files.copy(from, to);
                    to.toFile().setExecutable(from.toFile().canExecute());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new K8sTree(root);
    }

    Path file(String relative) {
        return root.resolve(relative);
    }

    /** Replaces the first occurrence of a text in a file of the copy (it must be there). */
    K8sTree plant(String relative, String text, String replacement) {
        try {
            String content = Files.readString(file(relative));
            if (!content.contains(text)) {
                throw new IllegalArgumentException(relative + " does not contain " + text);
            }
            Files.writeString(file(relative), content.replaceFirst(java.util.regex.Pattern.quote(text), replacement));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the dev overlay's make-dev-secrets.sh, as docs/operations.md says. */
    K8sTree makeDevSecrets() {
        Path script = file("overlays/dev/make-dev-secrets.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("make-dev-secrets.sh failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    List<ObjectNode> build(String kustomization) {
        return KustomizeBuild.build(file(kustomization));
    }

    /** Every kustomization built, by its path. */
    Map<String, List<ObjectNode>> buildAll() {
        Map<String, List<ObjectNode>> built = new LinkedHashMap<>();
        KUSTOMIZATIONS.forEach(k -> built.put(k, build(k)));
        return built;
    }

    /**
     * Every problem of every kustomization, one line each: its build error, or each schema problem
     * of each resource it builds.
     */
    List<String> schemaProblems() {
        List<String> problems = new ArrayList<>();
        for (String k : KUSTOMIZATIONS) {
            try {
                build(k).forEach(r -> ManifestSchemas.problems(r).forEach(p -> problems.add(k + ": " + p)));
            } catch (KustomizeBuild.KustomizeException e) {
                problems.add(k + ": build failed: " + e.getMessage());
            }
        }
        return problems;
    }
}
