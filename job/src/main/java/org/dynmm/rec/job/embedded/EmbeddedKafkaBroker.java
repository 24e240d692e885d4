package org.dynmm.rec.job.embedded;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node KRaft Kafka broker inside this JVM, for the embedded demo and the tests. Its data
 * directory is deleted on close.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts a combined broker+controller node and waits until it serves. */
    public static EmbeddedKafkaBroker start() throws Exception {
        KafkaClusterTestKit cluster =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafkaBroker(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Creates topics with the given partition count (replication factor 1) and no time-based
     * retention, so replays of historical data are never deleted under the reader.
     */
    public void createTopics(int partitions, String... topics)
            throws ExecutionException, InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> newTopics =
                    java.util.Arrays.stream(topics)
                            .map(
                                    t ->
                                            new NewTopic(t, partitions, (short) 1)
                                                    .configs(Map.of("retention.ms", "-1")))
                            .toList();
            admin.createTopics(newTopics).all().get();
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
