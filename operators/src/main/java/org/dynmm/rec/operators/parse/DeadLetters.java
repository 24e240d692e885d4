package org.dynmm.rec.operators.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.SourceRecord;

/** Builds {@link DeadLetter}s, the one place that decides how raw payloads are kept. */
public final class DeadLetters {

    /** {@link DeadLetter#rawEncoding} for payloads kept as text. */
    public static final String UTF8 = "utf8";

    /** {@link DeadLetter#rawEncoding} for payloads that are not valid UTF-8. */
    public static final String BASE64 = "base64";

    // Base64 turns 3 bytes into 4 characters: this many bytes fill MAX_RAW_CHARS exactly.
    private static final int MAX_BASE64_INPUT_BYTES = DeadLetter.MAX_RAW_CHARS / 4 * 3;

    private DeadLetters() {}

    /** A dead letter whose event time is unknown: its time is the Kafka record timestamp. */
    public static DeadLetter of(
            SourcePosition pos, DeadLetterReason reason, String message, byte[] payload) {
        return of(pos, reason, message, payload, pos.kafkaTimestamp());
    }

    /**
     * A dead letter for {@code payload} read at {@code pos}.
     *
     * @param payload the raw record; null for a Kafka tombstone
     * @param ts the record's event time if readable, else the Kafka record timestamp
     */
    public static DeadLetter of(
            SourcePosition pos, DeadLetterReason reason, String message, byte[] payload, long ts) {
        DeadLetter dl = new DeadLetter();
        dl.source = pos.source();
        dl.topic = pos.topic();
        dl.partition = pos.partition();
        dl.offset = pos.offset();
        dl.reason = reason.name();
        dl.message = message;
        dl.ts = ts;
        setRaw(dl, payload);
        return dl;
    }

    /**
     * What a source record that cannot go down the {@code expected} path becomes: its own dead
     * letter, or a new one when it holds the other kind of record (or nothing). The misplaced
     * record is kept as JSON in {@code raw}, so nothing is silently dropped.
     */
    public static DeadLetter toDeadLetter(SourceRecord record, SourceKind expected) {
        if (record.deadLetter != null) {
            return record.deadLetter;
        }
        Object payload;
        String what;
        long ts;
        if (record.interaction != null) {
            payload = record.interaction;
            what = "an interaction";
            ts = record.interaction.ts;
        } else if (record.item != null) {
            payload = record.item;
            what = "an item";
            ts = record.item.ts;
        } else {
            payload = null;
            what = "an empty source record";
            ts = -1L;
        }
        SourcePosition pos = SourcePosition.unknown(expected.sourceName(), ts);
        return of(
                pos,
                DeadLetterReason.INVALID_FIELD,
                what + " arrived on the " + expected.sourceName() + " path",
                payload == null ? null : JsonCodec.toJson(payload),
                ts);
    }

    /** Decodes strict UTF-8; returns null when the bytes are not valid UTF-8. */
    static String decodeUtf8OrNull(byte[] bytes) {
        try {
            // The String constructor would silently replace bad bytes; we want to know.
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void setRaw(DeadLetter dl, byte[] payload) {
        if (payload == null) {
            // A tombstone has no value at all; keep that distinct from an empty string.
            dl.raw = null;
            dl.rawBytes = 0;
            dl.rawEncoding = UTF8;
            return;
        }
        dl.rawBytes = payload.length;
        String text = decodeUtf8OrNull(payload);
        if (text != null) {
            dl.rawEncoding = UTF8;
            dl.rawTruncated = text.length() > DeadLetter.MAX_RAW_CHARS;
            dl.raw = dl.rawTruncated ? truncate(text) : text;
        } else {
            dl.rawEncoding = BASE64;
            dl.rawTruncated = payload.length > MAX_BASE64_INPUT_BYTES;
            byte[] kept =
                    dl.rawTruncated ? Arrays.copyOf(payload, MAX_BASE64_INPUT_BYTES) : payload;
            dl.raw = Base64.getEncoder().encodeToString(kept);
        }
    }

    private static String truncate(String text) {
        int end = DeadLetter.MAX_RAW_CHARS;
        // Do not split a surrogate pair: the kept prefix stays valid text.
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
