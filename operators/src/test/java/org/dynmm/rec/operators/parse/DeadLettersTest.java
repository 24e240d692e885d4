package org.dynmm.rec.operators.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dynmm.rec.operators.parse.ParseTestSupport.INTERACTIONS_POS;
import static org.dynmm.rec.operators.parse.ParseTestSupport.utf8;

import java.util.Arrays;
import java.util.Base64;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.SourceRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void truncatedTextNeverSplitsASurrogatePair() {
        // One ASCII char shifts every emoji so a pair straddles the cut.
        String text = "a" + "\uD83D\uDE00".repeat(DeadLetter.MAX_RAW_CHARS);

        DeadLetter dl =
                DeadLetters.of(INTERACTIONS_POS, DeadLetterReason.INVALID_FIELD, "m", utf8(text));

        assertThat(dl.rawTruncated).isTrue();
        assertThat(dl.raw).hasSize(DeadLetter.MAX_RAW_CHARS - 1);
        assertThat(Character.isHighSurrogate(dl.raw.charAt(dl.raw.length() - 1))).isFalse();
        assertThat(dl.rawBytes).isEqualTo(utf8(text).length);
    }

    @Test
    void truncatedBase64IsADecodablePrefix() {
        byte[] payload = new byte[200_000];
        Arrays.fill(payload, (byte) 0xFF);

        DeadLetter dl =
                DeadLetters.of(INTERACTIONS_POS, DeadLetterReason.MALFORMED_JSON, "m", payload);

        assertThat(dl.rawEncoding).isEqualTo(DeadLetters.BASE64);
        assertThat(dl.rawTruncated).isTrue();
        assertThat(dl.raw).hasSize(DeadLetter.MAX_RAW_CHARS);
        byte[] prefix = Base64.getDecoder().decode(dl.raw);
        assertThat(prefix).isEqualTo(Arrays.copyOf(payload, prefix.length));
        assertThat(dl.rawBytes).isEqualTo(200_000);
    }

    @Test
    void deadLetterRecordPassesThroughUnchanged() {
        DeadLetter original =
                DeadLetters.of(INTERACTIONS_POS, DeadLetterReason.MALFORMED_JSON, "m", null);

        assertThat(DeadLetters.toDeadLetter(SourceRecord.of(original), SourceKind.ITEMS))
                .isSameAs(original);
    }

    @Test
    void misplacedRecordBecomesDeadLetterKeepingItAsJson() throws Exception {
        ItemContent item = new ItemContent("i9", "Heat", null, null, 77L);

        DeadLetter dl = DeadLetters.toDeadLetter(SourceRecord.of(item), SourceKind.INTERACTIONS);

        assertThat(dl.reason).isEqualTo(DeadLetterReason.INVALID_FIELD.name());
        assertThat(dl.message).isEqualTo("an item arrived on the interactions path");
        assertThat(dl.source).isEqualTo("interactions");
        assertThat(dl.ts).isEqualTo(77L);
        assertThat(JsonCodec.fromJson(utf8(dl.raw), ItemContent.class)).isEqualTo(item);

        DeadLetter fromInteraction =
                DeadLetters.toDeadLetter(
                        SourceRecord.of(new InteractionEvent("u", "i", "view", 1f, 5L)),
                        SourceKind.ITEMS);
        assertThat(fromInteraction.message).isEqualTo("an interaction arrived on the items path");

        DeadLetter empty = DeadLetters.toDeadLetter(new SourceRecord(), SourceKind.ITEMS);
        assertThat(empty.message).startsWith("an empty source record");
        assertThat(empty.raw).isNull();
    }
}
