package org.dynmm.rec.operators.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ItemCatalogFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, ItemContent, ItemUpdate> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemContent, ItemUpdate>
            newHarness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, ItemContent, ItemUpdate> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ItemCatalogFunction()),
                        content -> content.item,
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static ItemContent content(String item, String title, long ts) {
        return new ItemContent(item, title, null, Map.of("genres", List.of("Drama")), ts);
    }

    private List<DeadLetter> deadLetters() {
        var side = harness.getSideOutput(DeadLetterTags.DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void newerContentReplacesOlderAndStaleContentIsDeadLettered() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processElement(content("i1", "First", 100), 100);
        harness.processElement(content("i1", "Second", 200), 200);
        harness.processElement(content("i1", "Stale", 150), 150);
        harness.processElement(content("i2", "Other", 50), 50);

        assertThat(harness.extractOutputValues())
                .extracting(u -> u.content.title)
                .containsExactly("First", "Second", "Other");
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason).isEqualTo(DeadLetterReason.STALE_CONTENT.name());
                            assertThat(d.source).isEqualTo("items");
                            assertThat(d.raw).contains("Stale");
                            assertThat(d.message).contains("150").contains("200");
                        });
    }

    @Test
    void contentVersionSurvivesSnapshotAndRestore() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processElement(content("i1", "First", 100), 100);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 10L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(content("i1", "Older", 90), 90);
        harness.processElement(content("i1", "Same time", 100), 100);

        assertThat(harness.extractOutputValues())
                .extracting(u -> u.content.title)
                .containsExactly("Same time");
        assertThat(deadLetters())
                .extracting(d -> d.reason)
                .containsExactly(DeadLetterReason.STALE_CONTENT.name());
    }
}
