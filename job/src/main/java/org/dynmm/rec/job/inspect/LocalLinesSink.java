package org.dynmm.rec.job.inspect;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Hands a local job's output lines to the client thread through a static queue. inspect-state
 * always runs its reader in a Flink inside this JVM; {@code executeAndCollect} can lose the last
 * results when that per-job cluster shuts down as the bounded reader finishes, so it is not used.
 */
final class LocalLinesSink implements Sink<String> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<String>> RUNS = new ConcurrentHashMap<>();

    private final String run;

    private LocalLinesSink(String run) {
        this.run = run;
    }

    static LocalLinesSink open(String run) {
        RUNS.put(run, new ConcurrentLinkedQueue<>());
        return new LocalLinesSink(run);
    }

    /** The lines written so far, and forgets the run. */
    static List<String> drain(String run) {
        Queue<String> lines = RUNS.remove(run);
        return lines == null ? List.of() : List.copyOf(lines);
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) {
        Queue<String> lines = RUNS.get(run);
        return new SinkWriter<>() {
            @Override
            public void write(String line, Context ctx) {
                // The keyed-state input format passes on a null record when the reader emitted
                // nothing for the last key of a split (a filtered-out user): not a line.
                if (line != null) {
                    lines.add(line);
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
