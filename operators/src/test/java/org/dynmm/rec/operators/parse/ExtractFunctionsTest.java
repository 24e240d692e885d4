package org.dynmm.rec.operators.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dynmm.rec.operators.parse.ParseTestSupport.INTERACTIONS_POS;
import static org.dynmm.rec.operators.parse.ParseTestSupport.ITEMS_POS;
import static org.dynmm.rec.operators.parse.ParseTestSupport.json;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.SourceRecord;
import org.junit.jupiter.api.Test;

class ExtractFunctionsTest {

    private final InteractionParser interactionParser =
            new InteractionParser(InputValidationConfig.defaults());
    private final ItemParser itemParser = new ItemParser(InputValidationConfig.defaults());

    private SourceRecord interaction(String singleQuotedJson) {
        return interactionParser.parse(json(singleQuotedJson), INTERACTIONS_POS);
    }

    private SourceRecord item(String singleQuotedJson) {
        return itemParser.parse(json(singleQuotedJson), ITEMS_POS);
    }

    private static List<String> messages(OneInputStreamOperatorTestHarness<?, ?> harness) {
        return harness.getSideOutput(DeadLetterTags.DEAD_LETTERS).stream()
                .map(StreamRecord::getValue)
                .map(dl -> dl.message)
                .collect(Collectors.toList());
    }

    @Test
    void goodInteractionsPassAroundBadOnesInOrder() throws Exception {
        try (OneInputStreamOperatorTestHarness<SourceRecord, InteractionEvent> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ExtractInteractions())) {
            harness.processElement(interaction("{'user':'a','item':'1','ts':10}"), 10L);
            harness.processElement(interaction("{'user':'a','item':'2'}"), 11L);
            harness.processElement(interaction("{'user':'b','item':'3','ts':12}"), 12L);
            harness.processElement(interaction("not json"), 13L);
            harness.processElement(item("{'item':'i9','title':'Heat','ts':14}"), 14L);
            harness.processElement(interaction("{'user':'c','item':'4','ts':15}"), 15L);

            assertThat(harness.extractOutputValues())
                    .extracting(e -> e.user + "/" + e.item)
                    .containsExactly("a/1", "b/3", "c/4");
            assertThat(messages(harness))
                    .hasSize(3)
                    .satisfiesExactly(
                            m -> assertThat(m).isEqualTo("field 'ts' is missing"),
                            m -> assertThat(m).startsWith("payload is not valid JSON"),
                            m ->
                                    assertThat(m)
                                            .isEqualTo("an item arrived on the interactions path"));
        }
    }

    @Test
    void goodItemsPassAroundBadOnesInOrder() throws Exception {
        try (OneInputStreamOperatorTestHarness<SourceRecord, ItemContent> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ExtractItems())) {
            harness.processElement(item("{'item':'i1','title':'One'}"), 1L);
            harness.processElement(item("{'item':'i2','title':'Two','visual':[NaN]}"), 2L);
            harness.processElement(interaction("{'user':'u','item':'i3','ts':3}"), 3L);
            harness.processElement(item("{'item':'i4','title':'Four'}"), 4L);
            harness.processElement(new SourceRecord(), 5L);

            assertThat(harness.extractOutputValues())
                    .extracting(c -> c.item)
                    .containsExactly("i1", "i4");
            List<DeadLetter> dead =
                    harness.getSideOutput(DeadLetterTags.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .collect(Collectors.toList());
            assertThat(dead)
                    .extracting(dl -> dl.reason)
                    .containsExactly("INVALID_VECTOR", "INVALID_FIELD", "INVALID_FIELD");
            assertThat(dead.get(1).message).isEqualTo("an interaction arrived on the items path");
            assertThat(dead.get(1).source).isEqualTo("items");
            assertThat(dead.get(2).message)
                    .isEqualTo("an empty source record arrived on the items path");
        }
    }
}
