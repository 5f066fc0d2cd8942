package org.aftercare.infra.kafka;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.apache.kafka.common.test.TestKitNodes;

/**
 * Makes the embedded broker format its metadata log at the latest production metadata version
 * instead of the test kit's default (the latest unstable, testing-only version).
 *
 * <p>Why reflection: {@code MetadataVersion} lives in {@code kafka-server-common}, which reaches
 * this module only at runtime scope through the test kit, and its version is not managed by the
 * parent POM (child POMs carry no versions). Once the parent manages {@code kafka-server-common},
 * this becomes {@code nodes.setBootstrapMetadataVersion(MetadataVersion.latestProduction())}.
 */
final class MetadataVersions {

    private static final String METADATA_VERSION = "org.apache.kafka.server.common.MetadataVersion";

    private MetadataVersions() {
    }

    static void useLatestProduction(TestKitNodes.Builder nodes) {
        try {
            Class<?> metadataVersion = Class.forName(METADATA_VERSION);
            Object latestProduction = metadataVersion.getMethod("latestProduction").invoke(null);
            Method setter = TestKitNodes.Builder.class.getMethod("setBootstrapMetadataVersion", metadataVersion);
            setter.invoke(nodes, latestProduction);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Kafka rejected the production metadata version", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Kafka's test kit on the classpath does not match Kafka "
                    + "4.3 (no " + METADATA_VERSION + ".latestProduction())", e);
        }
    }
}
