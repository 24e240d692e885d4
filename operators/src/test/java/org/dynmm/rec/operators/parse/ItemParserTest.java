package org.dynmm.rec.operators.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dynmm.rec.operators.parse.ParseTestSupport.ITEMS_POS;
import static org.dynmm.rec.operators.parse.ParseTestSupport.KAFKA_TS;
import static org.dynmm.rec.operators.parse.ParseTestSupport.assertRejected;
import static org.dynmm.rec.operators.parse.ParseTestSupport.json;
import static org.dynmm.rec.operators.records.DeadLetterReason.INVALID_FIELD;
import static org.dynmm.rec.operators.records.DeadLetterReason.INVALID_TIMESTAMP;
import static org.dynmm.rec.operators.records.DeadLetterReason.INVALID_VECTOR;
import static org.dynmm.rec.operators.records.DeadLetterReason.MALFORMED_JSON;
import static org.dynmm.rec.operators.records.DeadLetterReason.MISSING_FIELD;

import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.SourceRecord;
import org.junit.jupiter.api.Test;

class ItemParserTest {

    private final ItemParser parser =
            new ItemParser(InputValidationConfig.builder().visualDim(4).audioDim(3).build());

    private SourceRecord parse(String singleQuotedJson) {
        return parser.parse(json(singleQuotedJson), ITEMS_POS);
    }

    @Test
    void parsesAFullRecord() {
        SourceRecord r =
                parse(
                        "{'item':'i9','title':' Heat ','text':'A heist.',"
                                + "'attributes':{'genres':['Crime','Drama'],'year':'1995'},"
                                + "'visual':[0.1,0.2,0.3,0.4],'audio':[1,2,3],'ts':1700000000000}");

        assertThat(r.deadLetter).isNull();
        ItemContent c = r.item;
        assertThat(c.item).isEqualTo("i9");
        assertThat(c.title).isEqualTo("Heat");
        assertThat(c.text).isEqualTo("A heist.");
        assertThat(c.attributes)
                .containsExactly(
                        Map.entry("genres", List.of("Crime", "Drama")),
                        Map.entry("year", List.of("1995")));
        assertThat(c.visual).containsExactly(0.1f, 0.2f, 0.3f, 0.4f);
        assertThat(c.audio).containsExactly(1f, 2f, 3f);
        assertThat(c.ts).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void missingModalitiesAndOptionalsFallBackToDefaults() {
        SourceRecord r = parse("{'item':7,'title':'T','visual':null,'unknown':{'a':1}}");

        assertThat(r.item.item).isEqualTo("7");
        assertThat(r.item.text).isNull();
        assertThat(r.item.attributes).isEmpty();
        assertThat(r.item.visual).isNull();
        assertThat(r.item.audio).isNull();
        assertThat(r.item.ts).isZero();
    }

    @Test
    void anyNonEmptyLengthIsAcceptedWhenNoDimensionIsConfigured() {
        ItemParser lenient = new ItemParser(InputValidationConfig.defaults());

        SourceRecord r =
                lenient.parse(json("{'item':'i','title':'T','visual':[1,2,3,4,5]}"), ITEMS_POS);

        assertThat(r.item.visual).hasSize(5);
        assertRejected(
                lenient.parse(json("{'item':'i','title':'T','audio':[]}"), ITEMS_POS),
                INVALID_VECTOR,
                "field 'audio' must not be an empty array");
    }

    @Test
    void rejectsMissingItemAndTitle() {
        assertRejected(parse("{'title':'T'}"), MISSING_FIELD, "field 'item' is missing");
        assertRejected(parse("{'item':'i9'}"), MISSING_FIELD, "field 'title' is missing");
        assertRejected(
                parse("{'item':'i9','title':''}"),
                INVALID_FIELD,
                "field 'title' must not be empty");
        assertRejected(
                parse("{'item':'i9','title':5}"),
                INVALID_FIELD,
                "field 'title' must be a string, got integer");
        assertRejected(
                parse("{'item':'i9','title':'T','text':[]}"),
                INVALID_FIELD,
                "field 'text' must be a string, got array");
    }

    @Test
    void rejectsFloatItemId() {
        assertRejected(
                parse("{'item':9.5,'title':'T'}"),
                INVALID_FIELD,
                "field 'item' must be a string or an integer, got float");
    }

    @Test
    void rejectsWrongSizeVisualVector() {
        assertRejected(
                parse("{'item':'i9','title':'T','visual':[1,2,3]}"),
                INVALID_VECTOR,
                "field 'visual' must have 4 elements, got 3");
    }

    @Test
    void rejectsNanInAudioVector() {
        DeadLetter dl =
                assertRejected(
                        parse("{'item':'i9','title':'T','audio':[0.5,NaN,1],'ts':1000}"),
                        INVALID_VECTOR,
                        "field 'audio' element 1 must be a finite float, got NaN");

        assertThat(dl.ts).isEqualTo(1000L);
    }

    @Test
    void rejectsNonNumericVectorElementsAndNonArrayVectors() {
        assertRejected(
                parse("{'item':'i9','title':'T','visual':[1,2,'3',4]}"),
                INVALID_VECTOR,
                "field 'visual' element 2 must be a number, got string");
        assertRejected(
                parse("{'item':'i9','title':'T','audio':[1,2,Infinity]}"),
                INVALID_VECTOR,
                "field 'audio' element 2 must be a finite float, got Infinity");
        assertRejected(
                parse("{'item':'i9','title':'T','visual':'0.1 0.2'}"),
                INVALID_VECTOR,
                "field 'visual' must be an array of numbers or null, got string");
    }

    @Test
    void rejectsBadAttributeShapes() {
        assertRejected(
                parse("{'item':'i9','title':'T','attributes':['Drama']}"),
                INVALID_FIELD,
                "field 'attributes' must be an object of string arrays, got array");
        assertRejected(
                parse("{'item':'i9','title':'T','attributes':{'year':1995}}"),
                INVALID_FIELD,
                "field 'attributes.year' must be an array of strings or a string, got integer");
        assertRejected(
                parse("{'item':'i9','title':'T','attributes':{'genres':['Drama',3]}}"),
                INVALID_FIELD,
                "field 'attributes.genres' element 1 must be a string, got integer");
        assertRejected(
                parse("{'item':'i9','title':'T','attributes':{'genres':null}}"),
                INVALID_FIELD,
                "got null");
    }

    @Test
    void rejectsInvalidTsWhenPresent() {
        DeadLetter dl =
                assertRejected(
                        parse("{'item':'i9','title':'T','ts':'yesterday'}"),
                        INVALID_TIMESTAMP,
                        "field 'ts' must be an integer epoch-millisecond timestamp, got string");

        assertThat(dl.ts).isEqualTo(KAFKA_TS);
        assertThat(dl.source).isEqualTo("items");
        assertThat(dl.topic).isEqualTo("rec-items");
    }

    @Test
    void rejectsNonObjectJson() {
        assertRejected(parse("'i9'"), MALFORMED_JSON, "must be a JSON object, got string");
    }
}
