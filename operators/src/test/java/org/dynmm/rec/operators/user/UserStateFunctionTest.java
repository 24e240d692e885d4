package org.dynmm.rec.operators.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.dynmm.rec.operators.records.TrainingExample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserStateFunctionTest {
    private static final UserStateConfig CONFIG =
            new UserStateConfig(3, 100, 2, Duration.ofMillis(1000), Duration.ZERO);

    private KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, ScoreRequest> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, ScoreRequest>
            newHarness() throws Exception {
        return newHarness(CONFIG);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, ScoreRequest>
            newHarness(UserStateConfig config) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, ScoreRequest> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new UserStateFunction(config)),
                        event -> event.user,
                        Types.STRING);
        // RocksDB, as in production, so the explicit state serializer is exercised.
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static InteractionEvent event(String user, String item, long ts) {
        return new InteractionEvent(user, item, "view", 1.0f, ts);
    }

    private List<ScoreRequest> requests() {
        return harness.extractOutputValues();
    }

    private List<DeadLetter> deadLetters() {
        return sideOutput(DeadLetterTags.DEAD_LETTERS);
    }

    /** The values emitted to {@code tag} so far (none: empty). */
    private <T> List<T> sideOutput(OutputTag<T> tag) {
        return harness.getSideOutput(tag) == null
                ? List.of()
                : harness.getSideOutput(tag).stream()
                        .map(StreamRecord::getValue)
                        .collect(Collectors.toList());
    }

    @Test
    void eachEventAsksForRankingWithHistoryAndSeenItemsAfterIt() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processElement(event("u1", "a", 10), 10);
        harness.processElement(event("u1", "b", 20), 20);
        harness.processElement(event("u2", "x", 25), 25);
        harness.processElement(event("u1", "c", 30), 30);

        List<ScoreRequest> out = requests();
        assertThat(out).hasSize(4);
        ScoreRequest last = out.get(3);
        assertThat(last.user).isEqualTo("u1");
        assertThat(last.triggerItem).isEqualTo("c");
        // history size is 3: the three most recent distinct items, most recent last.
        assertThat(last.recentItems).containsExactly("a", "b", "c");
        assertThat(last.seenItems).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(out.get(2).seenItems).containsExactly("x");
    }

    @Test
    void trainingExamplesCarryTheWholeBoundedHistoryBeforeTheEvent() throws Exception {
        // History size 3, co-interaction window 2: the adapter trains on the user latent of the
        // same history the score requests carry, not on the co-interaction window.
        harness = newHarness(CONFIG.withTrainingExamples(true));
        harness.open();
        harness.processElement(event("u1", "a", 10), 10);
        harness.processElement(event("u1", "b", 20), 20);
        harness.processElement(event("u1", "c", 30), 30);
        harness.processElement(event("u1", "d", 40), 40);
        harness.processElement(event("u1", "e", 50), 50);

        List<TrainingExample> examples = sideOutput(UserStateFunction.TRAINING_EXAMPLES);
        assertThat(examples).extracting(x -> x.item).containsExactly("a", "b", "c", "d", "e");
        assertThat(examples.get(0).recentItems).isEmpty();
        assertThat(examples.get(3).recentItems).containsExactly("a", "b", "c");
        assertThat(examples.get(4).recentItems)
                .containsExactly("b", "c", "d")
                .isEqualTo(requests().get(3).recentItems);
    }

    @Test
    void itemUpdatesCarryTheUsersPreviousItemsAsCoInteractions() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processElement(event("u1", "a", 10), 10);
        harness.processElement(event("u1", "b", 20), 20);
        harness.processElement(event("u1", "c", 30), 30);

        List<ItemUpdate> updates = sideOutput(UserStateFunction.ITEM_UPDATES);
        assertThat(updates).extracting(u -> u.item).containsExactly("a", "b", "c");
        assertThat(updates.get(0).coItems).isEmpty();
        assertThat(updates.get(1).coItems).containsExactly("a");
        assertThat(updates.get(2).coItems).containsExactly("a", "b");
    }

    @Test
    void duplicateEventIsDeadLetteredAndLeavesStateUnchanged() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processElement(event("u1", "a", 10), 10);
        harness.processElement(event("u1", "a", 10), 10);
        harness.processElement(event("u1", "b", 20), 20);

        assertThat(requests()).hasSize(2);
        assertThat(requests().get(1).recentItems).containsExactly("a", "b");
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason).isEqualTo(DeadLetterReason.DUPLICATE_EVENT.name());
                            assertThat(d.raw).contains("\"item\":\"a\"");
                            assertThat(d.source).isEqualTo("interactions");
                        });
    }

    @Test
    void eventBehindWatermarkByMoreThanAllowedLatenessIsDeadLettered() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processElement(event("u1", "a", 5000), 5000);
        harness.processWatermark(5000);
        // 5000 - 1000 allowed lateness = 4000: ts 3999 is late, ts 4000 is not.
        harness.processElement(event("u1", "late", 3999), 3999);
        harness.processElement(event("u1", "onTime", 4000), 4000);

        assertThat(requests()).extracting(r -> r.triggerItem).containsExactly("a", "onTime");
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason).isEqualTo(DeadLetterReason.LATE_EVENT.name());
                            assertThat(d.message).contains("3999").contains("1000 ms");
                        });
    }

    @Test
    void keyedStateSurvivesSnapshotAndRestore() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processElement(event("u1", "a", 10), 10);
        harness.processElement(event("u1", "b", 20), 20);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 100L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(event("u1", "c", 30), 30);
        // A duplicate of an event from before the snapshot is still recognised.
        harness.processElement(event("u1", "b", 20), 20);

        assertThat(requests())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.recentItems).containsExactly("a", "b", "c");
                            assertThat(r.seenItems).containsExactlyInAnyOrder("a", "b", "c");
                        });
        assertThat(deadLetters())
                .extracting(d -> d.reason)
                .containsExactly(DeadLetterReason.DUPLICATE_EVENT.name());
    }
}
