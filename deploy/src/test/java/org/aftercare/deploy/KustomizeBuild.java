package org.aftercare.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code kustomize build DIR} does with the features deploy/k8s uses, so a missing file, a
 * patch that no longer applies or an unknown field fails a test instead of an operator's apply:
 * {@code resources} (files and directories, recursively), {@code namespace}, {@code patches}
 * (strategic-merge patches from a file or inline, JSON 6902 patches with a {@code target}),
 * {@code configMapGenerator} and {@code secretGenerator} ({@code files}, {@code envs},
 * {@code literals}), and {@code images}. It is stricter than Kustomize where Kustomize would
 * silently do nothing: a field of the kustomization it does not know, a patch or an image entry
 * that matches no resource, and a generator without {@code disableNameSuffixHash} (the hashed
 * names would have to be rewritten in every reference) are build errors. Strategic merge follows
 * the Kubernetes merge keys of the lists deploy/k8s patches (containers, env, volumes, ports, ...);
 * any other list is replaced, as Kustomize does for custom resources.
 */
final class KustomizeBuild {

    /** A build error: the message names the kustomization and what is wrong. */
    static final class KustomizeException extends RuntimeException {
        KustomizeException(String message) {
            super(message);
        }
    }

    private static final Set<String> FIELDS = Set.of(
            "apiVersion",
            "kind",
            "namespace",
            "resources",
            "patches",
            "configMapGenerator",
            "secretGenerator",
            "images",
            "replacements");

    /** Kinds that are not namespaced (the namespace transformer leaves them alone). */
    private static final Set<String> CLUSTER_SCOPED =
            Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume");

    /** Merge keys of the lists in the Kubernetes types that strategic merge patches merge rather than replace. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "env", "name",
            "volumes", "name",
            "volumeMounts", "mountPath",
            "imagePullSecrets", "name",
            "volumeClaimTemplates", "metadata.name");

    private static final Pattern ENV_LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*)=(.*)");

    private KustomizeBuild() {}

    /** The resources {@code kustomize build dir} would print, in order. */
    static List<ObjectNode> build(Path dir) {
        Path file = kustomizationFile(dir);
        JsonNode k = DeployFiles.yaml(file);
        String where =
                DeployFiles.repo().relativize(file.toAbsolutePath().normalize()).toString();
        if (!k.path("kind").asText("Kustomization").equals("Kustomization")) {
            throw new KustomizeException(where + ": kind must be Kustomization");
        }
        for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new KustomizeException(where + ": unknown or unsupported field '" + field + "'");
            }
        }
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path path = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(build(path));
            } else if (Files.isRegularFile(path)) {
                for (JsonNode doc : DeployFiles.yamlDocuments(path)) {
                    if (!doc.isObject()) {
                        throw new KustomizeException(path + ": a resource must be a mapping");
                    }
                    resources.add((ObjectNode) doc.deepCopy());
                }
            } else {
                throw new KustomizeException(where + ": resource " + r.asText() + " does not exist");
            }
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            resources.add(generate(dir, where, g, "ConfigMap"));
        }
        for (JsonNode g : k.path("secretGenerator")) {
            resources.add(generate(dir, where, g, "Secret"));
        }
        String namespace = k.path("namespace").asText(null);
        if (namespace != null) {
            for (ObjectNode r : resources) {
                if (!CLUSTER_SCOPED.contains(r.path("kind").asText())) {
                    metadata(r).put("namespace", namespace);
                }
            }
        }
        for (JsonNode p : k.path("patches")) {
            patch(dir, where, p, resources);
        }
        for (JsonNode image : k.path("images")) {
            images(where, image, resources);
        }
        for (JsonNode r : k.path("replacements")) {
            replace(where, r, resources);
        }
        checkUniqueIds(where, resources);
        return resources;
    }

    private static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new KustomizeException(dir + ": no kustomization.yaml");
    }

    private static ObjectNode metadata(ObjectNode resource) {
        JsonNode m = resource.path("metadata");
        return m.isObject() ? (ObjectNode) m : resource.putObject("metadata");
    }

    private static String id(JsonNode r) {
        return r.path("apiVersion").asText() + " " + r.path("kind").asText() + " "
                + r.path("metadata").path("namespace").asText("") + "/"
                + r.path("metadata").path("name").asText();
    }

    private static void checkUniqueIds(String where, List<ObjectNode> resources) {
        Set<String> seen = new java.util.HashSet<>();
        for (ObjectNode r : resources) {
            String id = r.path("kind").asText() + " "
                    + r.path("metadata").path("namespace").asText("") + "/"
                    + r.path("metadata").path("name").asText();
            if (!seen.add(id)) {
                throw new KustomizeException(where + ": " + id + " is declared twice");
            }
        }
    }

    private static ObjectNode generate(Path dir, String where, JsonNode g, String kind) {
        String name = g.path("name").asText("");
        String what = where + ": " + kind + " generator " + name;
        if (name.isBlank()) {
            throw new KustomizeException(where + ": a " + kind + " generator without a name");
        }
        for (Iterator<String> it = g.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("name", "files", "envs", "literals", "options", "type").contains(field)) {
                throw new KustomizeException(what + ": unknown or unsupported field '" + field + "'");
            }
        }
        if (!g.path("options").path("disableNameSuffixHash").asBoolean(false)) {
            throw new KustomizeException(
                    what + ": set options.disableNameSuffixHash (this check does not rewrite hashed names)");
        }
        Map<String, String> data = new LinkedHashMap<>();
        for (JsonNode f : g.path("files")) {
            String spec = f.asText();
            int eq = spec.indexOf('=');
            String key =
                    eq > 0 ? spec.substring(0, eq) : Path.of(spec).getFileName().toString();
            Path path = dir.resolve(eq > 0 ? spec.substring(eq + 1) : spec);
            put(what, data, key, read(what, path));
        }
        for (JsonNode e : g.path("envs")) {
            Path path = dir.resolve(e.asText());
            int n = 0;
            for (String line : read(what, path).split("\n", -1)) {
                n++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                var m = ENV_LINE.matcher(l);
                if (!m.matches()) {
                    // never print the line: it may hold a secret
                    throw new KustomizeException(what + ": " + e.asText() + " line " + n + " is not KEY=value");
                }
                put(what, data, m.group(1), m.group(2));
            }
        }
        for (JsonNode lit : g.path("literals")) {
            String spec = lit.asText();
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new KustomizeException(what + ": a literal is not KEY=value");
            }
            put(what, data, spec.substring(0, eq), spec.substring(eq + 1));
        }
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("apiVersion", "v1");
        r.put("kind", kind);
        ObjectNode meta = r.putObject("metadata");
        meta.put("name", name);
        JsonNode labels = g.path("options").path("labels");
        if (labels.isObject()) {
            meta.set("labels", labels.deepCopy());
        }
        if (kind.equals("Secret")) {
            r.put("type", g.path("type").asText("Opaque"));
        }
        ObjectNode out = r.putObject("data");
        data.forEach((key, value) -> out.put(
                key,
                kind.equals("Secret")
                        ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
                        : value));
        return r;
    }

    private static void put(String what, Map<String, String> data, String key, String value) {
        if (data.put(key, value) != null) {
            throw new KustomizeException(what + ": key " + key + " given twice");
        }
    }

    private static String read(String what, Path path) {
        if (!Files.isRegularFile(path)) {
            throw new KustomizeException(what + ": " + path.getFileName() + " does not exist (" + path + ")");
        }
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- patches

    private static void patch(Path dir, String where, JsonNode p, List<ObjectNode> resources) {
        for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("path", "patch", "target").contains(field)) {
                throw new KustomizeException(where + ": a patch has an unknown field '" + field + "'");
            }
        }
        List<JsonNode> docs;
        String name;
        if (p.has("path")) {
            Path path = dir.resolve(p.path("path").asText());
            if (!Files.isRegularFile(path)) {
                throw new KustomizeException(where + ": patch " + p.path("path").asText() + " does not exist");
            }
            docs = DeployFiles.yamlDocuments(path);
            name = p.path("path").asText();
        } else if (p.has("patch")) {
            docs = DeployFiles.yamlDocuments(p.path("patch").asText());
            name = "an inline patch";
        } else {
            throw new KustomizeException(where + ": a patch needs path or patch");
        }
        JsonNode target = p.path("target");
        for (JsonNode doc : docs) {
            if (doc.isArray()) {
                if (target.isMissingNode()) {
                    throw new KustomizeException(where + ": " + name + " is a JSON 6902 patch without a target");
                }
                List<ObjectNode> matched = select(resources, target);
                if (matched.isEmpty()) {
                    throw new KustomizeException(where + ": the target of " + name + " matches no resource");
                }
                for (ObjectNode r : matched) {
                    try {
                        JsonNode patched = JsonPatch.apply(doc, r);
                        r.removeAll();
                        r.setAll((ObjectNode) patched);
                    } catch (JsonPatchApplicationException e) {
                        throw new KustomizeException(
                                where + ": " + name + " does not apply to " + id(r) + ": " + e.getMessage());
                    }
                }
            } else {
                List<ObjectNode> matched = target.isMissingNode() ? List.of() : select(resources, target);
                if (target.isMissingNode()) {
                    matched = resources.stream()
                            .filter(r -> r.path("kind")
                                    .asText()
                                    .equals(doc.path("kind").asText()))
                            .filter(r -> group(r).equals(group(doc)))
                            .filter(r -> r.path("metadata")
                                    .path("name")
                                    .asText()
                                    .equals(doc.path("metadata").path("name").asText()))
                            .toList();
                }
                if (matched.isEmpty()) {
                    throw new KustomizeException(where + ": " + name + " patches "
                            + doc.path("kind").asText() + " "
                            + doc.path("metadata").path("name").asText() + ", which is not among the resources");
                }
                for (ObjectNode r : matched) {
                    ObjectNode patch = (ObjectNode) doc.deepCopy();
                    if (!target.isMissingNode()) {
                        // a targeted strategic merge patch does not rename its target
                        patch.remove("metadata");
                        if (doc.path("metadata").has("labels")
                                || doc.path("metadata").has("annotations")) {
                            ObjectNode meta = patch.putObject("metadata");
                            meta.setAll(((ObjectNode) doc.path("metadata")).deepCopy());
                            meta.remove("name");
                        }
                    }
                    merge(
                            r,
                            patch,
                            "",
                            ManifestSchemas.CORE
                                    .getOrDefault(r.path("apiVersion").asText(), Set.of())
                                    .contains(r.path("kind").asText()));
                }
            }
        }
    }

    private static String group(JsonNode r) {
        String apiVersion = r.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static String version(JsonNode r) {
        String apiVersion = r.path("apiVersion").asText();
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    /**
     * A replacement: the value ({@code sourceValue}, or {@code source}'s kind, name and dotted
     * {@code fieldPath}) put at each target's field paths (dotted, {@code *} for every item or
     * entry), whole or, with {@code options.delimiter}, as part {@code index} of the string.
     * Every field path must exist in every selected resource, as Kustomize requires without
     * {@code create}.
     */
    private static void replace(String where, JsonNode r, List<ObjectNode> resources) {
        String value;
        if (r.has("sourceValue")) {
            value = r.path("sourceValue").asText();
        } else {
            JsonNode source = r.path("source");
            List<ObjectNode> from = select(
                    resources,
                    DeployFiles.JSON
                            .createObjectNode()
                            .put("kind", source.path("kind").asText())
                            .put("name", source.path("name").asText()));
            if (from.size() != 1) {
                throw new KustomizeException(where + ": a replacement's source must match one resource");
            }
            List<JsonNode> found = new ArrayList<>();
            collect(from.getFirst(), List.of(source.path("fieldPath").asText().split("\\.")), found);
            if (found.size() != 1 || !found.getFirst().isValueNode()) {
                throw new KustomizeException(where + ": a replacement's source field must be one value");
            }
            value = found.getFirst().asText();
        }
        for (JsonNode t : r.path("targets")) {
            List<ObjectNode> matched = select(resources, t.path("select"));
            if (matched.isEmpty()) {
                throw new KustomizeException(where + ": a replacement's target matches no resource");
            }
            for (ObjectNode resource : matched) {
                for (JsonNode fieldPath : t.path("fieldPaths")) {
                    List<String> path = List.of(fieldPath.asText().split("\\."));
                    int replaced = put(resource, path, value, t.path("options"));
                    if (replaced == 0) {
                        throw new KustomizeException(
                                where + ": " + fieldPath.asText() + " does not exist in " + id(resource));
                    }
                }
            }
        }
    }

    private static void collect(JsonNode node, List<String> path, List<JsonNode> found) {
        if (path.isEmpty()) {
            found.add(node);
            return;
        }
        String head = path.getFirst();
        List<String> rest = path.subList(1, path.size());
        if (head.equals("*")) {
            node.forEach(child -> collect(child, rest, found));
        } else if (node.has(head)) {
            collect(node.get(head), rest, found);
        }
    }

    /** Sets the value at every match of {@code path} under {@code node}; returns how many. */
    private static int put(JsonNode node, List<String> path, String value, JsonNode options) {
        String head = path.getFirst();
        List<String> rest = path.subList(1, path.size());
        int count = 0;
        if (head.equals("*")) {
            if (rest.isEmpty()) {
                throw new KustomizeException("a field path cannot end with *");
            }
            for (JsonNode child : node) {
                count += put(child, rest, value, options);
            }
            return count;
        }
        if (!(node instanceof ObjectNode object) || !object.has(head)) {
            return 0;
        }
        if (!rest.isEmpty()) {
            return put(object.get(head), rest, value, options);
        }
        String delimiter = options.path("delimiter").asText("");
        if (delimiter.isEmpty()) {
            object.put(head, value);
        } else {
            String[] parts = object.get(head).asText().split(Pattern.quote(delimiter), -1);
            int index = options.path("index").asInt(0);
            if (index < 0 || index >= parts.length) {
                throw new KustomizeException("index " + index + " out of range of '" + head + "'");
            }
            parts[index] = value;
            object.put(head, String.join(delimiter, parts));
        }
        return 1;
    }

    private static List<ObjectNode> select(List<ObjectNode> resources, JsonNode target) {
        for (Iterator<String> it = target.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("group", "version", "kind", "name", "namespace").contains(field)) {
                throw new KustomizeException("unsupported patch target field '" + field + "'");
            }
        }
        return resources.stream()
                .filter(r -> !target.has("group")
                        || group(r).equals(target.path("group").asText()))
                .filter(r -> !target.has("version")
                        || version(r).equals(target.path("version").asText()))
                .filter(r -> !target.has("kind")
                        || r.path("kind").asText().equals(target.path("kind").asText()))
                .filter(r -> !target.has("name")
                        || r.path("metadata")
                                .path("name")
                                .asText()
                                .matches(target.path("name").asText()))
                .filter(r -> !target.has("namespace")
                        || r.path("metadata")
                                .path("namespace")
                                .asText()
                                .equals(target.path("namespace").asText()))
                .toList();
    }

    /**
     * Strategic merge of a patch into a resource: maps merge, null deletes, and in core kinds the
     * lists with a merge key merge item by item (custom resources have no merge keys: their lists
     * are replaced, as Kustomize does without their OpenAPI schema).
     */
    private static void merge(ObjectNode into, ObjectNode patch, String path, boolean core) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith("$")) {
                throw new KustomizeException("strategic merge directive " + key + " at " + path + " is not supported");
            }
            JsonNode current = into.get(key);
            if (value.isNull()) {
                into.remove(key);
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value, path + "/" + key, core);
            } else if (core && value.isArray() && current != null && current.isArray() && MERGE_KEYS.containsKey(key)) {
                mergeList((ArrayNode) current, (ArrayNode) value, MERGE_KEYS.get(key), path + "/" + key);
            } else {
                into.set(key, value.deepCopy());
            }
        }
    }

    private static JsonNode keyOf(JsonNode item, String mergeKey) {
        JsonNode n = item;
        for (String part : mergeKey.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    private static void mergeList(ArrayNode into, ArrayNode patch, String mergeKey, String path) {
        for (JsonNode item : patch) {
            JsonNode key = keyOf(item, mergeKey);
            if (key.isMissingNode()) {
                throw new KustomizeException("an item of " + path + " has no " + mergeKey);
            }
            ObjectNode existing = null;
            for (JsonNode c : into) {
                if (keyOf(c, mergeKey).equals(key)) {
                    existing = (ObjectNode) c;
                }
            }
            if (existing == null) {
                into.add(item.deepCopy());
            } else {
                merge(existing, (ObjectNode) item, path + "[" + key.asText() + "]", true);
            }
        }
    }

    // --- images

    private static void images(String where, JsonNode image, List<ObjectNode> resources) {
        String name = image.path("name").asText();
        int replaced = 0;
        for (ObjectNode r : resources) {
            for (JsonNode containers : r.findValues("containers")) {
                for (JsonNode c : containers) {
                    String ref = c.path("image").asText();
                    String base = ref.contains("@")
                            ? ref.substring(0, ref.indexOf('@'))
                            : ref.lastIndexOf(':') > ref.lastIndexOf('/')
                                    ? ref.substring(0, ref.lastIndexOf(':'))
                                    : ref;
                    if (!base.equals(name)) {
                        continue;
                    }
                    String tag = ref.substring(base.length());
                    String newName = image.path("newName").asText(base);
                    if (image.has("digest")) {
                        tag = "@" + image.path("digest").asText();
                    } else if (image.has("newTag")) {
                        tag = ":" + image.path("newTag").asText();
                    }
                    ((ObjectNode) c).put("image", newName + tag);
                    replaced++;
                }
            }
        }
        if (replaced == 0) {
            throw new KustomizeException(where + ": images entry " + name + " matches no container");
        }
    }
}
