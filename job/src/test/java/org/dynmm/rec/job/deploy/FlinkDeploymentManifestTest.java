package org.dynmm.rec.job.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.dynmm.rec.job.RecommenderJob;
import org.dynmm.rec.job.RecommenderPipeline;
import org.dynmm.rec.job.config.RecOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests (deploy/k8s) against the job and the cluster configuration: the
 * FlinkDeployment's job-level settings equal flink-conf/config.yaml, its job arguments are known
 * keys, its topics are the KafkaTopic resources (and the ones deploy/rec-cluster creates), and the
 * job it describes has every stable operator uid.
 */
class FlinkDeploymentManifestTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** config.yaml keys that differ by site on purpose: addresses, ports, storage, sizes. */
    private static final Set<String> SITE_KEYS =
            Set.of(
                    "jobmanager.rpc.address",
                    "jobmanager.rpc.port",
                    "jobmanager.bind-host",
                    "taskmanager.bind-host",
                    "taskmanager.host",
                    "rest.address",
                    "rest.bind-address",
                    "rest.port",
                    "execution.checkpointing.dir",
                    "execution.checkpointing.savepoint-dir",
                    // Checked against the pod resources and the job parallelism below.
                    "jobmanager.memory.process.size",
                    "taskmanager.memory.process.size",
                    "parallelism.default");

    private static Path root;
    private static Map<String, String> clusterConfig;
    private static JsonNode deployment;
    private static List<JsonNode> topics;

    @BeforeAll
    static void load() throws IOException {
        root = Path.of(System.getProperty("user.dir")).getParent();
        clusterConfig = flat(YAML.readTree(root.resolve("flink-conf/config.yaml").toFile()));
        deployment = YAML.readTree(root.resolve("deploy/k8s/flink-deployment.yaml").toFile());
        topics = new ArrayList<>();
        try (MappingIterator<JsonNode> docs =
                YAML.readerFor(JsonNode.class)
                        .readValues(root.resolve("deploy/k8s/kafka-topics.yaml").toFile())) {
            docs.forEachRemaining(topics::add);
        }
    }

    private static Map<String, String> flat(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    /** The job arguments ({@code -Dkey=value}) of the FlinkDeployment. */
    private static Map<String, String> jobArgs() {
        Map<String, String> args = new LinkedHashMap<>();
        for (JsonNode arg : deployment.at("/spec/job/args")) {
            String text = arg.asText();
            assertThat(text).startsWith("-D").contains("=");
            args.put(text.substring(2, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
        }
        return args;
    }

    private static Configuration jobConfiguration() {
        Configuration conf = new Configuration();
        jobArgs().forEach(conf::setString);
        return conf;
    }

    @Test
    void jobLevelSettingsEqualTheClusterConfiguration() {
        Map<String, String> k8s = flat(deployment.at("/spec/flinkConfiguration"));
        for (Map.Entry<String, String> e : clusterConfig.entrySet()) {
            if (!SITE_KEYS.contains(e.getKey())) {
                assertThat(k8s.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(k8s)
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true")
                .containsEntry(
                        "execution.checkpointing.externalized-checkpoint-retention",
                        "RETAIN_ON_CANCELLATION")
                .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE");
        assertThat(k8s.get("execution.checkpointing.dir")).isNotBlank();
        assertThat(k8s.get("execution.checkpointing.savepoint-dir")).isNotBlank();
        assertThat(deployment.at("/spec/jobManager/resource/memory").asText())
                .isEqualTo(clusterConfig.get("jobmanager.memory.process.size"));
        assertThat(deployment.at("/spec/taskManager/resource/memory").asText())
                .isEqualTo(clusterConfig.get("taskmanager.memory.process.size"));
        assertThat(deployment.at("/spec/job/parallelism").asText())
                .isEqualTo(clusterConfig.get("parallelism.default"));
        assertThat(deployment.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
    }

    @Test
    void jobArgumentsAreKnownKeysAndTopicsMatchTheKafkaTopics() throws IOException {
        Set<String> known = new HashSet<>();
        for (ConfigOption<?> option : RecOptions.all()) {
            known.add(option.key());
        }
        jobArgs().keySet().forEach(key -> assertThat(known).as("job argument").contains(key));

        Configuration conf = jobConfiguration();
        List<ConfigOption<String>> topicOptions =
                List.of(
                        RecOptions.TOPIC_INTERACTIONS,
                        RecOptions.TOPIC_ITEMS,
                        RecOptions.TOPIC_RECOMMENDATIONS,
                        RecOptions.TOPIC_DEAD_LETTERS,
                        RecOptions.TOPIC_CONTROL);
        Set<String> jobTopics = new HashSet<>();
        for (ConfigOption<String> option : topicOptions) {
            String topic = conf.get(option);
            assertThat(topic).as(option.key()).isNotBlank();
            if (option.hasDefaultValue()) {
                // The manifest names the defaults, so a plain `flink run` finds the same topics.
                assertThat(topic).as(option.key()).isEqualTo(option.defaultValue());
            }
            jobTopics.add(topic);
        }

        String cluster =
                conf.get(RecOptions.KAFKA_BOOTSTRAP_SERVERS).replaceAll("-kafka-bootstrap:.*", "");
        Set<String> declared = new HashSet<>();
        int parallelism = deployment.at("/spec/job/parallelism").asInt();
        for (JsonNode topic : topics) {
            assertThat(topic.get("kind").asText()).isEqualTo("KafkaTopic");
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText())
                    .isEqualTo(cluster);
            String name = topic.at("/metadata/name").asText();
            declared.add(name);
            if (!name.equals(conf.get(RecOptions.TOPIC_CONTROL))) {
                // Every source subtask gets a partition.
                assertThat(topic.at("/spec/partitions").asInt())
                        .as(name)
                        .isGreaterThanOrEqualTo(parallelism);
            }
            // Exactly-once output needs replicated transaction state to survive a broker loss.
            assertThat(topic.at("/spec/replicas").asInt()).as(name).isGreaterThan(1);
        }
        assertThat(declared).isEqualTo(jobTopics);

        // deploy/rec-cluster creates the same topics on the local broker.
        Matcher m =
                Pattern.compile("(?m)^topics=\\(([^)]*)\\)")
                        .matcher(Files.readString(root.resolve("deploy/rec-cluster")));
        assertThat(m.find()).isTrue();
        assertThat(Set.of(m.group(1).trim().split("\\s+"))).isEqualTo(jobTopics);
    }

    @Test
    void theDescribedJobHasEveryStableOperatorUid() {
        StreamGraph graph = RecommenderJob.kafkaJob(jobConfiguration()).getStreamGraph();
        Set<String> uids = new HashSet<>();
        for (StreamNode node : graph.getStreamNodes()) {
            if (node.getTransformationUID() != null) {
                uids.add(node.getTransformationUID());
            }
        }
        assertThat(uids)
                .contains(
                        RecommenderJob.INTERACTIONS_SOURCE_UID,
                        RecommenderJob.ITEMS_SOURCE_UID,
                        RecommenderJob.CONTROL_SOURCE_UID,
                        RecommenderPipeline.Uids.EXTRACT_INTERACTIONS,
                        RecommenderPipeline.Uids.EXTRACT_ITEMS,
                        RecommenderPipeline.Uids.EXTRACT_CONTROL,
                        RecommenderPipeline.Uids.USER_STATE,
                        RecommenderPipeline.Uids.ITEM_CATALOG,
                        RecommenderPipeline.Uids.RANKER);
        assertThat(uids)
                .anyMatch(uid -> uid.startsWith(RecommenderJob.RECOMMENDATIONS_SINK_UID))
                .anyMatch(uid -> uid.startsWith(RecommenderJob.DEAD_LETTERS_SINK_UID));
    }
}
