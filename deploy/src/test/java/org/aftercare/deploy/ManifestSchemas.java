package org.aftercare.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates one Kubernetes resource as the API server would accept it, offline. Core kinds: with
 * the Kubernetes Java client's generated model of the kind ({@code V1Deployment.validateJsonElement}
 * rejects a field the API does not define, a missing required field and a wrong shape, at every
 * level). Custom resources: with the CRD's JSON schema from {@code /k8s-schemas/<group>/<kind>_<version>.json}
 * on the test classpath (Strimzi, KEDA, prometheus-operator), their metadata with the core
 * {@code V1ObjectMeta}. An API version or kind that neither knows is a problem: that is how a
 * resource left on a retired API version (Strimzi's v1beta2) is caught.
 */
final class ManifestSchemas {

    /** The core API versions and kinds deploy/k8s may use, each checked with the client model {@code V1<Kind>}. */
    static final Map<String, Set<String>> CORE = Map.of(
            "v1", Set.of("Namespace", "Service", "ConfigMap", "Secret", "ServiceAccount", "PersistentVolumeClaim"),
            "apps/v1", Set.of("Deployment", "StatefulSet", "DaemonSet"),
            "policy/v1", Set.of("PodDisruptionBudget"),
            "networking.k8s.io/v1", Set.of("NetworkPolicy", "Ingress"),
            "batch/v1", Set.of("Job", "CronJob"));

    /** Top-level fields of a custom resource. */
    private static final Set<String> CUSTOM_RESOURCE_FIELDS =
            Set.of("apiVersion", "kind", "metadata", "spec", "status");

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private ManifestSchemas() {}

    /** What is wrong with a resource, one line each naming it; empty when it validates. */
    static List<String> problems(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText("");
        String kind = resource.path("kind").asText("");
        String what = apiVersion + " " + kind + " "
                + resource.path("metadata").path("name").asText("?");
        List<String> problems = new ArrayList<>();
        if (CORE.getOrDefault(apiVersion, Set.of()).contains(kind)) {
            model(what, "V1" + kind, resource, problems);
            return problems;
        }
        int slash = apiVersion.indexOf('/');
        String resourcePath = slash < 0
                ? null
                : "/k8s-schemas/" + apiVersion.substring(0, slash) + "/" + kind.toLowerCase() + "_"
                        + apiVersion.substring(slash + 1) + ".json";
        Schema schema = resourcePath == null ? null : schema(resourcePath);
        if (schema == null) {
            problems.add(what + ": unknown API version or kind (no core model, no schema "
                    + (resourcePath == null ? "" : resourcePath) + ")");
            return problems;
        }
        for (Iterator<String> it = resource.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!CUSTOM_RESOURCE_FIELDS.contains(field)) {
                problems.add(what + ": unknown top-level field '" + field + "'");
            }
        }
        model(what + " metadata", "V1ObjectMeta", resource.path("metadata"), problems);
        schema.validate(resource).forEach(e -> problems.add(what + ": " + e));
        return problems;
    }

    private static void model(String what, String model, JsonNode node, List<String> problems) {
        try {
            Class<?> type = Class.forName("io.kubernetes.client.openapi.models." + model);
            Method validate = type.getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, JsonParser.parseString(DeployFiles.JSON.writeValueAsString(node)));
        } catch (InvocationTargetException e) {
            problems.add(what + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("cannot validate with " + model, e);
        }
    }

    private static Schema schema(String resourcePath) {
        return SCHEMAS.computeIfAbsent(resourcePath, p -> {
            try (InputStream in = ManifestSchemas.class.getResourceAsStream(p)) {
                if (in == null) {
                    return null;
                }
                return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                        .getSchema(DeployFiles.JSON.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
