package org.dynmm.rec.operators.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dynmm.rec.operators.parse.ParseTestSupport.INTERACTIONS_POS;
import static org.dynmm.rec.operators.parse.ParseTestSupport.KAFKA_TS;
import static org.dynmm.rec.operators.parse.ParseTestSupport.assertRejected;
import static org.dynmm.rec.operators.parse.ParseTestSupport.json;
import static org.dynmm.rec.operators.parse.ParseTestSupport.utf8;
import static org.dynmm.rec.operators.records.DeadLetterReason.INVALID_FIELD;
import static org.dynmm.rec.operators.records.DeadLetterReason.INVALID_TIMESTAMP;
import static org.dynmm.rec.operators.records.DeadLetterReason.MALFORMED_JSON;
import static org.dynmm.rec.operators.records.DeadLetterReason.MISSING_FIELD;
import static org.dynmm.rec.operators.records.DeadLetterReason.NON_FINITE_NUMBER;
import static org.dynmm.rec.operators.records.DeadLetterReason.OVERSIZE_PAYLOAD;

import java.util.Base64;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.SourceRecord;
import org.junit.jupiter.api.Test;

class InteractionParserTest {

    private final InteractionParser parser =
            new InteractionParser(InputValidationConfig.defaults());

    private SourceRecord parse(String singleQuotedJson) {
        return parser.parse(json(singleQuotedJson), INTERACTIONS_POS);
    }

    @Test
    void parsesAFullRecord() {
        SourceRecord r =
                parse(
                        "{'user':'u1','item':'i9','type':'rating','value':4.0,"
                                + "'ts':1700000000000}");

        assertThat(r.deadLetter).isNull();
        assertThat(r.interaction)
                .isEqualTo(new InteractionEvent("u1", "i9", "rating", 4.0f, 1_700_000_000_000L));
    }

    @Test
    void appliesDefaultsTrimsIdsAndIgnoresUnknownFields() {
        SourceRecord r = parse("{'user':' u1 ','item':'i9','ts':5,'session':'abc','extra':[1]}");

        assertThat(r.interaction)
                .isEqualTo(
                        new InteractionEvent(
                                "u1",
                                "i9",
                                InteractionEvent.DEFAULT_TYPE,
                                InteractionEvent.DEFAULT_VALUE,
                                5L));
    }

    @Test
    void acceptsIntegralIdsAsDecimalText() {
        SourceRecord r = parse("{'user':42,'item':12345678901234567890,'value':3,'ts':0}");

        assertThat(r.interaction.user).isEqualTo("42");
        assertThat(r.interaction.item).isEqualTo("12345678901234567890");
        assertThat(r.interaction.value).isEqualTo(3.0f);
    }

    @Test
    void acceptsNullOptionalsAsDefaultsAndAUtf8ByteOrderMark() {
        byte[] body = json("{'user':'u','item':'i','type':null,'value':null,'ts':1}");
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        SourceRecord r = parser.parse(withBom, INTERACTIONS_POS);

        assertThat(r.interaction.type).isEqualTo(InteractionEvent.DEFAULT_TYPE);
        assertThat(r.interaction.value).isEqualTo(InteractionEvent.DEFAULT_VALUE);
    }

    @Test
    void rejectsMalformedJson() {
        DeadLetter dl = assertRejected(parse("{'user':'u1',"), MALFORMED_JSON, "not valid JSON");

        assertThat(dl.message).contains("line 1");
        assertThat(dl.ts).isEqualTo(KAFKA_TS);
    }

    @Test
    void rejectsTrailingGarbageAndDuplicateFields() {
        assertRejected(parse("{'user':'u','item':'i','ts':1} x"), MALFORMED_JSON, "not valid JSON");
        assertRejected(
                parse("{'user':'u','user':'v','item':'i','ts':1}"),
                MALFORMED_JSON,
                "Duplicate field 'user'");
    }

    @Test
    void rejectsNonObjectJson() {
        assertRejected(parse("[1,2]"), MALFORMED_JSON, "must be a JSON object, got array");
        assertRejected(parse("42"), MALFORMED_JSON, "must be a JSON object, got integer");
        assertRejected(parse("null"), MALFORMED_JSON, "must be a JSON object, got null");
    }

    @Test
    void rejectsEmptyPayloadsAndTombstones() {
        DeadLetter tombstone =
                assertRejected(
                        parser.parse(null, INTERACTIONS_POS), MALFORMED_JSON, "empty payload");
        assertThat(tombstone.raw).isNull();
        assertThat(tombstone.rawBytes).isZero();

        DeadLetter empty =
                assertRejected(
                        parser.parse(new byte[0], INTERACTIONS_POS),
                        MALFORMED_JSON,
                        "empty payload");
        assertThat(empty.raw).isEmpty();
        assertRejected(parser.parse(utf8("  \n"), INTERACTIONS_POS), MALFORMED_JSON, "empty");
    }

    @Test
    void rejectsMissingOrNullUser() {
        assertRejected(parse("{'item':'i9','ts':1}"), MISSING_FIELD, "field 'user' is missing");
        assertRejected(
                parse("{'user':null,'item':'i9','ts':1}"), MISSING_FIELD, "field 'user' is null");
    }

    @Test
    void rejectsEmptyUser() {
        assertRejected(
                parse("{'user':'   ','item':'i9','ts':1}"),
                INVALID_FIELD,
                "field 'user' must not be empty");
    }

    @Test
    void rejectsTooLongId() {
        String longId = "x".repeat(257);

        assertRejected(
                parse("{'user':'u1','item':'" + longId + "','ts':1}"),
                INVALID_FIELD,
                "field 'item' is 257 characters long, above the limit of 256");
        assertThat(parse("{'user':'u1','item':'" + "x".repeat(256) + "','ts':1}").interaction)
                .isNotNull();
    }

    @Test
    void rejectsFloatBooleanAndObjectIds() {
        assertRejected(
                parse("{'user':1.5,'item':'i9','ts':1}"),
                INVALID_FIELD,
                "field 'user' must be a string or an integer, got float");
        assertRejected(
                parse("{'user':'u','item':true,'ts':1}"),
                INVALID_FIELD,
                "field 'item' must be a string or an integer, got boolean");
        assertRejected(parse("{'user':{'id':1},'item':'i','ts':1}"), INVALID_FIELD, "got object");
    }

    @Test
    void rejectsMissingTs() {
        assertRejected(
                parse("{'user':'u1','item':'i9'}"), INVALID_TIMESTAMP, "field 'ts' is missing");
    }

    @Test
    void rejectsStringAndFloatTs() {
        assertRejected(
                parse("{'user':'u1','item':'i9','ts':'1700000000000'}"),
                INVALID_TIMESTAMP,
                "field 'ts' must be an integer epoch-millisecond timestamp, got string");
        assertRejected(
                parse("{'user':'u1','item':'i9','ts':1.7e12}"), INVALID_TIMESTAMP, "got float");
    }

    @Test
    void rejectsNegativeTs() {
        assertRejected(
                parse("{'user':'u1','item':'i9','ts':-1}"),
                INVALID_TIMESTAMP,
                "field 'ts' must be within [0, 32503680000000] epoch milliseconds, got -1");
    }

    @Test
    void rejectsTsBeyondMaxTs() {
        assertRejected(
                parse("{'user':'u1','item':'i9','ts':32503680000001}"),
                INVALID_TIMESTAMP,
                "got 32503680000001");
        assertRejected(
                parse("{'user':'u1','item':'i9','ts':123456789012345678901234567890}"),
                INVALID_TIMESTAMP,
                "got 123456789012345678901234567890");
    }

    @Test
    void honoursAConfiguredTimeRange() {
        InteractionParser strict =
                new InteractionParser(
                        InputValidationConfig.builder().minTs(1000).maxTs(2000).build());

        assertThat(strict.parse(json("{'user':'u','item':'i','ts':1500}"), INTERACTIONS_POS))
                .extracting(r -> r.interaction.ts)
                .isEqualTo(1500L);
        assertRejected(
                strict.parse(json("{'user':'u','item':'i','ts':999}"), INTERACTIONS_POS),
                INVALID_TIMESTAMP,
                "within [1000, 2000]");
    }

    @Test
    void rejectsNanValue() {
        assertRejected(
                parse("{'user':'u1','item':'i9','value':NaN,'ts':1}"),
                NON_FINITE_NUMBER,
                "field 'value' must be a finite number, got NaN");
    }

    @Test
    void rejectsInfiniteValues() {
        assertRejected(
                parse("{'user':'u1','item':'i9','value':Infinity,'ts':1}"),
                NON_FINITE_NUMBER,
                "got Infinity");
        assertRejected(
                parse("{'user':'u1','item':'i9','value':-Infinity,'ts':1}"),
                NON_FINITE_NUMBER,
                "got -Infinity");
        // Finite as a double but not as a float.
        assertRejected(
                parse("{'user':'u1','item':'i9','value':1e300,'ts':1}"),
                INVALID_FIELD,
                "field 'value' is out of the float range");
    }

    @Test
    void rejectsStringValue() {
        assertRejected(
                parse("{'user':'u1','item':'i9','value':'4.0','ts':1}"),
                INVALID_FIELD,
                "field 'value' must be a number, got string");
    }

    @Test
    void rejectsBadTypes() {
        assertRejected(
                parse("{'user':'u','item':'i','type':7,'ts':1}"),
                INVALID_FIELD,
                "field 'type' must be a string, got integer");
        assertRejected(
                parse("{'user':'u','item':'i','type':' ','ts':1}"),
                INVALID_FIELD,
                "field 'type' must not be empty");
        assertRejected(
                parse("{'user':'u','item':'i','type':'" + "t".repeat(65) + "','ts':1}"),
                INVALID_FIELD,
                "field 'type' is 65 characters long, above the limit of 64");
    }

    @Test
    void deadLetterCarriesPositionRawPayloadAndEventTimeWhenReadable() {
        String raw = "{\"item\":\"i9\",\"ts\":1700000000000}";

        DeadLetter dl =
                assertRejected(
                        parser.parse(utf8(raw), INTERACTIONS_POS), MISSING_FIELD, "field 'user'");

        assertThat(dl.source).isEqualTo("interactions");
        assertThat(dl.topic).isEqualTo("rec-interactions");
        assertThat(dl.partition).isEqualTo(2);
        assertThat(dl.offset).isEqualTo(17L);
        assertThat(dl.raw).isEqualTo(raw);
        assertThat(dl.rawEncoding).isEqualTo("utf8");
        assertThat(dl.rawBytes).isEqualTo(raw.length());
        assertThat(dl.rawTruncated).isFalse();
        // The event time was readable, so the dead letter sits at event time.
        assertThat(dl.ts).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void deadLetterFallsBackToKafkaTimeWhenTsIsUnreadable() {
        DeadLetter dl =
                assertRejected(
                        parse("{'user':'u1','item':'i9','ts':-5}"), INVALID_TIMESTAMP, "got -5");

        assertThat(dl.ts).isEqualTo(KAFKA_TS);
    }

    @Test
    void rejectsOversizePayloadBeforeParsingAndTruncatesRaw() {
        InteractionParser small =
                new InteractionParser(
                        InputValidationConfig.builder().maxRecordBytes(100_000).build());
        // Not even JSON: the size check must come first.
        byte[] payload = utf8("é".repeat(70_000));

        DeadLetter dl =
                assertRejected(
                        small.parse(payload, INTERACTIONS_POS),
                        OVERSIZE_PAYLOAD,
                        "payload is 140000 bytes, above the limit of 100000 bytes");

        assertThat(dl.rawBytes).isEqualTo(140_000);
        assertThat(dl.rawTruncated).isTrue();
        assertThat(dl.rawEncoding).isEqualTo("utf8");
        assertThat(dl.raw).hasSize(DeadLetter.MAX_RAW_CHARS);
        assertThat(dl.raw).isEqualTo("é".repeat(DeadLetter.MAX_RAW_CHARS));
    }

    @Test
    void rejectsInvalidUtf8WithBase64Raw() {
        byte[] payload = {'{', '"', 'u', 's', 'e', 'r', '"', ':', '"', (byte) 0xC3, '"', '}'};

        DeadLetter dl =
                assertRejected(
                        parser.parse(payload, INTERACTIONS_POS),
                        MALFORMED_JSON,
                        "payload is not valid UTF-8");

        assertThat(dl.rawEncoding).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(dl.raw)).isEqualTo(payload);
        assertThat(dl.rawBytes).isEqualTo(payload.length);
        assertThat(dl.rawTruncated).isFalse();
    }
}
