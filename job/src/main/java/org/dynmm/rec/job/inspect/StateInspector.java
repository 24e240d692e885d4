package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.dynmm.rec.job.RecommenderPipeline;

/**
 * Reads the user operator's keyed state from a savepoint or a retained (incremental) checkpoint
 * with Flink's State Processor API, in a local Flink environment.
 */
public final class StateInspector {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String METADATA = "_metadata";

    private StateInspector() {}

    /** One JSON object per user with state; {@code users} empty = all users. */
    public static List<ObjectNode> read(String location, Set<String> users, int parallelism)
            throws StateInspectionException {
        Path snapshot = resolve(location);
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        List<ObjectNode> lines = new ArrayList<>();
        try {
            SavepointReader savepoint =
                    SavepointReader.read(
                            env, snapshot.toUri().toString(), new EmbeddedRocksDBStateBackend());
            var json =
                    savepoint.readKeyedState(
                            OperatorIdentifier.forUid(RecommenderPipeline.Uids.USER_STATE),
                            new UserStateReader(UserStateSections.all(), users),
                            Types.STRING,
                            Types.STRING);
            String run = UUID.randomUUID().toString();
            json.sinkTo(LocalLinesSink.open(run)).name("lines");
            try {
                env.execute("inspect-state");
            } finally {
                for (String line : LocalLinesSink.drain(run)) {
                    lines.add((ObjectNode) MAPPER.readTree(line));
                }
            }
        } catch (Exception e) {
            throw new StateInspectionException(
                    "cannot read user state from " + snapshot + ": " + rootMessage(e));
        }
        lines.sort(Comparator.comparing(node -> node.get("user").asText()));
        return lines;
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
