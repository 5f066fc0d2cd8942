package org.aftercare.kit.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics as the {@code events} module declares them (partitions,
 * replication, compaction, retention) if they do not exist yet. Existing topics are left as they
 * are; a partition count that differs from the expected one is reported, because it breaks
 * co-partitioning by memberId.
 */
public final class TopicSetup {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {}

    public static void ensureAll(KafkaSettings kafka) {
        ensure(kafka, Topics.ALL);
    }

    public static void ensure(KafkaSettings kafka, List<Topic<?>> topics) {
        try (Admin admin = Admin.create(kafka.clientConfig("outreach-topic-setup"))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?> topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(newTopic(topic, kafka.partitions(), kafka.replicationFactor()));
                }
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    log.info("created topic {}", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            var described = admin.describeTopics(
                            topics.stream().map(Topic::name).toList())
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            described.forEach((name, d) -> {
                if (d.partitions().size() != kafka.partitions()) {
                    log.warn(
                            "topic {} has {} partitions, expected {}: members are no longer co-partitioned",
                            name,
                            d.partitions().size(),
                            kafka.partitions());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the topics on " + kafka.bootstrapServers() + ": " + e, e);
        }
    }

    public static NewTopic newTopic(Topic<?> topic, int partitions, short replication) {
        Map<String, String> config = new HashMap<>(topic.configs());
        if (replication > 1) {
            config.put("min.insync.replicas", Integer.toString(Math.min(2, replication)));
        }
        return new NewTopic(topic.name(), partitions, replication).configs(config);
    }
}
