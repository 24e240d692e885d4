package org.dynmm.rec.operators.llm;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecordTypes;

/** Runs lists through the LLM stage as the job wires it: async I/O, ordered, in a test harness. */
final class LlmStageHarness {
    private LlmStageHarness() {}

    /** What the stage emits for {@code input}, after every in-flight list has finished. */
    static List<Recommendation> run(LlmConfig config, List<Recommendation> input) throws Exception {
        try (OneInputStreamOperatorTestHarness<Recommendation, Recommendation> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new AsyncWaitOperatorFactory<>(
                                new LlmExplainFunction(config),
                                60_000,
                                10,
                                AsyncDataStream.OutputMode.ORDERED),
                        RecordTypes.RECOMMENDATION.createSerializer(new SerializerConfigImpl()))) {
            harness.setup(RecordTypes.RECOMMENDATION.createSerializer(new SerializerConfigImpl()));
            harness.open();
            for (Recommendation rec : input) {
                synchronized (harness.getCheckpointLock()) {
                    harness.processElement(rec, rec.ts);
                }
            }
            harness.endInput(); // waits for every in-flight list
            return new ArrayList<>(harness.extractOutputValues());
        }
    }
}
