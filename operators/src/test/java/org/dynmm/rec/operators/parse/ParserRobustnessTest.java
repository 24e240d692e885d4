package org.dynmm.rec.operators.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dynmm.rec.operators.parse.ParseTestSupport.INTERACTIONS_POS;
import static org.dynmm.rec.operators.parse.ParseTestSupport.ITEMS_POS;
import static org.dynmm.rec.operators.parse.ParseTestSupport.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.SourceRecord;
import org.junit.jupiter.api.Test;

/** Random and mutated input: the parsers must answer every payload with one valid result. */
class ParserRobustnessTest {

    private static final byte[] VALID_INTERACTION =
            json("{'user':'u1','item':'i9','type':'rating','value':4.0,'ts':1700000000000}");

    private static final byte[] VALID_ITEM =
            json(
                    "{'item':'i9','title':'Heat','text':'A heist.','attributes':"
                            + "{'genres':['Crime','Drama']},'visual':[0.1,-2e-3,3],"
                            + "'audio':null,'ts':1700000000000}");

    // Tokens that JSON mutations tend to hit: structure, literals, odd numbers, bad bytes.
    private static final String[] TOKENS = {
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "null",
        "true",
        "NaN",
        "-Infinity",
        "1e999",
        "-0",
        "1.5",
        "12345678901234567890123",
        "\\u0000",
        "\\",
        "\uD83D\uDE00",
        " ",
        "\u00e9"
    };

    private final InteractionParser interactions =
            new InteractionParser(InputValidationConfig.defaults());
    private final ItemParser items =
            new ItemParser(InputValidationConfig.builder().maxRecordBytes(4096).build());

    @Test
    void randomBytesAlwaysYieldADeadLetter() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] payload = new byte[random.nextInt(64)];
            random.nextBytes(payload);
            // Random bytes practically never form a valid record: each must come back as one
            // well-formed dead letter.
            SourceRecord r = interactions.parse(payload, INTERACTIONS_POS);
            assertWellFormed(r, payload, "interactions");
            assertThat(r.deadLetter).as("payload %s", Arrays.toString(payload)).isNotNull();
            assertWellFormed(items.parse(payload, ITEMS_POS), payload, "items");
        }
    }

    @Test
    void mutatedInteractionsNeverThrow() {
        Set<DeadLetterReason> seen = mutate(interactions, VALID_INTERACTION, "interactions", 7);

        assertThat(seen).contains(DeadLetterReason.MALFORMED_JSON);
        assertThat(seen.size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void mutatedItemsNeverThrow() {
        Set<DeadLetterReason> seen = mutate(items, VALID_ITEM, "items", 11);

        assertThat(seen).contains(DeadLetterReason.MALFORMED_JSON);
        assertThat(seen.size()).isGreaterThanOrEqualTo(3);
    }

    /** Parses 3000 mutants; returns the reasons seen and checks that some still parse. */
    private Set<DeadLetterReason> mutate(
            RecordParser parser, byte[] valid, String source, long seed) {
        Random random = new Random(seed);
        Set<DeadLetterReason> reasons = EnumSet.noneOf(DeadLetterReason.class);
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] payload = valid;
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                payload = mutateOnce(payload, random);
            }
            SourceRecord r =
                    parser.parse(payload, source.equals("items") ? ITEMS_POS : INTERACTIONS_POS);
            assertWellFormed(r, payload, source);
            if (r.deadLetter != null) {
                reasons.add(DeadLetterReason.valueOf(r.deadLetter.reason));
            } else {
                accepted++;
            }
        }
        // Some mutants (e.g. whitespace or digit changes) stay valid: both paths are exercised.
        assertThat(accepted).isPositive();
        return reasons;
    }

    private static byte[] mutateOnce(byte[] in, Random random) {
        if (in.length == 0) {
            return TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
        }
        int pos = random.nextInt(in.length);
        switch (random.nextInt(5)) {
            case 0: // flip one byte
                byte[] flipped = in.clone();
                flipped[pos] = (byte) random.nextInt(256);
                return flipped;
            case 1: // delete a span
                int len = Math.min(in.length - pos, 1 + random.nextInt(8));
                byte[] shorter = new byte[in.length - len];
                System.arraycopy(in, 0, shorter, 0, pos);
                System.arraycopy(in, pos + len, shorter, pos, in.length - pos - len);
                return shorter;
            case 2: // truncate
                return Arrays.copyOf(in, pos);
            case 3: // duplicate a span
                int span = Math.min(in.length - pos, 1 + random.nextInt(16));
                return insert(in, pos, Arrays.copyOfRange(in, pos, pos + span));
            default: // insert a token
                return insert(
                        in,
                        pos,
                        TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] insert(byte[] in, int pos, byte[] extra) {
        byte[] out = new byte[in.length + extra.length];
        System.arraycopy(in, 0, out, 0, pos);
        System.arraycopy(extra, 0, out, pos, extra.length);
        System.arraycopy(in, pos, out, pos + extra.length, in.length - pos);
        return out;
    }

    private static void assertWellFormed(SourceRecord r, byte[] payload, String source) {
        assertThat(r).isNotNull();
        int present =
                (r.interaction != null ? 1 : 0)
                        + (r.item != null ? 1 : 0)
                        + (r.deadLetter != null ? 1 : 0);
        assertThat(present).isEqualTo(1);
        if (r.deadLetter != null) {
            DeadLetter dl = r.deadLetter;
            assertThat(DeadLetterReason.valueOf(dl.reason)).isNotNull();
            assertThat(dl.message).isNotBlank();
            // The parser's safety net is for bugs: every input must be handled explicitly.
            assertThat(dl.message).doesNotStartWith("payload could not be parsed");
            assertThat(dl.source).isEqualTo(source);
            assertThat(dl.rawBytes).isEqualTo(payload.length);
            assertThat(dl.raw).isNotNull();
        } else if (r.interaction != null) {
            assertThat(r.interaction.user).isNotBlank();
            assertThat(r.interaction.item).isNotBlank();
            assertThat(r.interaction.type).isNotBlank();
            assertThat(Float.isFinite(r.interaction.value)).isTrue();
            assertThat(r.interaction.ts).isBetween(0L, InputValidationConfig.DEFAULT_MAX_TS);
        } else {
            assertThat(r.item.item).isNotBlank();
            assertThat(r.item.title).isNotBlank();
            assertThat(r.item.attributes).isNotNull();
            for (float[] v : new float[][] {r.item.visual, r.item.audio}) {
                if (v != null) {
                    assertThat(v).isNotEmpty();
                    for (float f : v) {
                        assertThat(Float.isFinite(f)).isTrue();
                    }
                }
            }
        }
    }
}
