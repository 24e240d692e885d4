package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.runtime.SavepointLoader;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.dynmm.rec.job.RecommenderPipeline;
import org.dynmm.rec.models.adapter.AdapterFunction;
import org.dynmm.rec.operators.adapter.AdapterTrainerFunction;

/**
 * Reads the per-user keyed state (user operator and ranker) and the adapter trainer's state from a
 * savepoint or a retained (incremental) checkpoint with Flink's State Processor API, in a local
 * Flink environment.
 */
public final class StateInspector {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String METADATA = "_metadata";

    private StateInspector() {}

    /**
     * Reads every user's state ({@code users} empty = all users) and the adapter's, when the
     * snapshot holds them.
     */
    public static StateInspection read(String location, Set<String> users, int parallelism)
            throws StateInspectionException {
        Path snapshot = resolve(location);
        Set<OperatorID> operators = operatorsWithState(snapshot);
        if (!operators.contains(operatorId(RecommenderPipeline.Uids.USER_STATE))) {
            throw new StateInspectionException(
                    snapshot
                            + " holds no state of operator uid '"
                            + RecommenderPipeline.Uids.USER_STATE
                            + "': not a snapshot of the recommender job");
        }
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        List<String> lines;
        try {
            SavepointReader savepoint =
                    SavepointReader.read(
                            env, snapshot.toUri().toString(), new EmbeddedRocksDBStateBackend());
            DataStream<String> json =
                    readUsers(
                            savepoint,
                            RecommenderPipeline.Uids.USER_STATE,
                            UserStateSections.userOperator(),
                            0,
                            users);
            if (operators.contains(operatorId(RecommenderPipeline.Uids.RANKER))) {
                json =
                        json.union(
                                readUsers(
                                        savepoint,
                                        RecommenderPipeline.Uids.RANKER,
                                        UserStateSections.rankerOperator(),
                                        1,
                                        users));
            }
            if (operators.contains(operatorId(RecommenderPipeline.Uids.ADAPTER_TRAINER))) {
                json =
                        json.union(
                                savepoint
                                        .readListState(
                                                OperatorIdentifier.forUid(
                                                        RecommenderPipeline.Uids.ADAPTER_TRAINER),
                                                AdapterTrainerFunction.TRAINER_STATE,
                                                PrimitiveArrayTypeInfo
                                                        .BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
                                                BytePrimitiveArraySerializer.INSTANCE)
                                        .map(new AdapterStateLine())
                                        .name("adapter-state"));
            }
            String run = UUID.randomUUID().toString();
            json.sinkTo(LocalLinesSink.open(run)).name("lines");
            try {
                env.execute("inspect-state");
            } finally {
                lines = LocalLinesSink.drain(run);
            }
        } catch (Exception e) {
            throw new StateInspectionException(
                    "cannot read user state from " + snapshot + ": " + rootMessage(e));
        }
        return merge(lines);
    }

    private static DataStream<String> readUsers(
            SavepointReader savepoint,
            String uid,
            List<UserStateSection> sections,
            int rank,
            Set<String> users)
            throws IOException {
        return savepoint.readKeyedState(
                OperatorIdentifier.forUid(uid),
                new UserStateReader(sections, rank, users),
                Types.STRING,
                Types.STRING);
    }

    /**
     * Joins each user's lines from the different operators into one object, and adds {@code betaU}
     * where the user has a gate and the snapshot has the shared gate bias.
     */
    @VisibleForTesting
    static StateInspection merge(List<String> lines) throws StateInspectionException {
        // Per user, the parts by operator rank, so the fields print in operator order.
        Map<String, TreeMap<Integer, ObjectNode>> parts = new TreeMap<>();
        ObjectNode adapter = null;
        try {
            for (String line : lines) {
                ObjectNode node = (ObjectNode) MAPPER.readTree(line);
                if (node.has(AdapterStateLine.FIELD)) {
                    adapter = (ObjectNode) node.get(AdapterStateLine.FIELD);
                    continue;
                }
                int rank = node.remove(UserStateReader.RANK_FIELD).asInt();
                parts.computeIfAbsent(node.get("user").asText(), u -> new TreeMap<>())
                        .put(rank, node);
            }
        } catch (IOException | RuntimeException e) {
            throw new StateInspectionException("unreadable state line: " + e.getMessage());
        }
        Map<String, ObjectNode> users = new TreeMap<>();
        parts.forEach(
                (user, byRank) -> {
                    ObjectNode merged = MAPPER.createObjectNode();
                    byRank.values().forEach(merged::setAll);
                    users.put(user, merged);
                });
        if (adapter != null) {
            float bias = adapter.get("userGateBias").floatValue();
            for (ObjectNode user : users.values()) {
                if (user.has("gateOffset")) {
                    float offset = user.get("gateOffset").floatValue();
                    user.put("betaU", AdapterFunction.sigmoid(bias + offset));
                }
            }
        }
        return new StateInspection(List.copyOf(users.values()), Optional.ofNullable(adapter));
    }

    private static OperatorID operatorId(String uid) {
        return OperatorIdentifier.forUid(uid).getOperatorId();
    }

    private static Set<OperatorID> operatorsWithState(Path snapshot)
            throws StateInspectionException {
        try {
            CheckpointMetadata metadata =
                    SavepointLoader.loadSavepointMetadata(snapshot.toUri().toString());
            Set<OperatorID> ids = new HashSet<>();
            for (OperatorState state : metadata.getOperatorStates()) {
                if (state.getStateSize() > 0) {
                    ids.add(state.getOperatorID());
                }
            }
            return ids;
        } catch (IOException | RuntimeException e) {
            throw new StateInspectionException(
                    snapshot + " is not a readable savepoint or checkpoint: " + rootMessage(e));
        }
    }

    /**
     * The snapshot directory for {@code location}: a savepoint or {@code chk-N} directory (or its
     * {@code _metadata} file), or a job's checkpoint directory, whose newest retained {@code chk-N}
     * is taken. Accepts plain paths and {@code file:} URIs.
     */
    public static Path resolve(String location) throws StateInspectionException {
        Path path = toPath(location);
        if (!Files.exists(path)) {
            throw new StateInspectionException("no such file or directory: " + location);
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().equals(METADATA)) {
            return path.getParent();
        }
        if (Files.isRegularFile(path.resolve(METADATA))) {
            return path;
        }
        Optional<Path> newest = newestCheckpoint(path);
        if (newest.isPresent()) {
            return newest.get();
        }
        throw new StateInspectionException(
                location
                        + " is not a savepoint or retained checkpoint: no _metadata file in it or in"
                        + " a chk-N directory below it");
    }

    private static Path toPath(String location) throws StateInspectionException {
        try {
            return location.startsWith("file:")
                    ? Path.of(URI.create(location.replace("file:///", "file:/")).getPath())
                    : Path.of(location);
        } catch (IllegalArgumentException e) {
            throw new StateInspectionException("not a local path or file: URI: " + location);
        }
    }

    private static Optional<Path> newestCheckpoint(Path dir) throws StateInspectionException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> p.getFileName().toString().matches("chk-\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve(METADATA)))
                    .max(
                            Comparator.comparingLong(
                                    p -> Long.parseLong(p.getFileName().toString().substring(4))));
        } catch (IOException e) {
            throw new StateInspectionException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = ExceptionUtils.stripExecutionException(e);
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String text =
                root.getClass().getSimpleName()
                        + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
        return text;
    }
}
