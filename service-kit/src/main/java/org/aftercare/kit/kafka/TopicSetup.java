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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
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
            var described = describe(admin, topics);
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

    /**
     * The topics as the cluster describes them. Just after they were created a broker may not know
     * them yet ({@code UnknownTopicOrPartitionException}): asked again for up to 30 s.
     */
    private static Map<String, TopicDescription> describe(Admin admin, List<Topic<?>> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = topics.stream().map(Topic::name).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long pause = 50;
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.debug("topics not known to the broker yet; asking again in {} ms", pause);
                Thread.sleep(pause);
                pause = Math.min(1_000, pause * 2);
            }
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
