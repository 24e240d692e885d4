package org.dynmm.rec.operators.parse;

import java.io.Serializable;
import java.util.Objects;

/**
 * Limits the source parsers enforce on incoming records. Immutable; build with {@link #builder()}
 * or derive a variant with {@link #toBuilder()}.
 */
public final class InputValidationConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default largest accepted payload: 1 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    public static final int DEFAULT_MAX_ID_LENGTH = 256;
    public static final int DEFAULT_MAX_TYPE_LENGTH = 64;

    /** Vector dimension meaning "any non-empty length". */
    public static final int ANY_DIM = -1;

    /** 3000-01-01T00:00:00Z in epoch milliseconds: later timestamps are taken as corrupt. */
    public static final long DEFAULT_MAX_TS = 32_503_680_000_000L;

    private final int maxRecordBytes;
    private final int maxIdLength;
    private final int maxTypeLength;
    private final int visualDim;
    private final int audioDim;
    private final long minTs;
    private final long maxTs;

    private InputValidationConfig(Builder b) {
        this.maxRecordBytes = b.maxRecordBytes;
        this.maxIdLength = b.maxIdLength;
        this.maxTypeLength = b.maxTypeLength;
        this.visualDim = b.visualDim;
        this.audioDim = b.audioDim;
        this.minTs = b.minTs;
        this.maxTs = b.maxTs;
    }

    /** The defaults: 1 MiB records, ids up to 256 characters, any vector size, years 1970-3000. */
    public static InputValidationConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration's values. */
    public Builder toBuilder() {
        return new Builder()
                .maxRecordBytes(maxRecordBytes)
                .maxIdLength(maxIdLength)
                .maxTypeLength(maxTypeLength)
                .visualDim(visualDim)
                .audioDim(audioDim)
                .minTs(minTs)
                .maxTs(maxTs);
    }

    /** Largest accepted payload in bytes; larger records are rejected before parsing. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Longest accepted user or item id, in characters. */
    public int maxIdLength() {
        return maxIdLength;
    }

    /** Longest accepted interaction type, in characters. */
    public int maxTypeLength() {
        return maxTypeLength;
    }

    /** Required visual vector length, or {@link #ANY_DIM}. */
    public int visualDim() {
        return visualDim;
    }

    /** Required audio vector length, or {@link #ANY_DIM}. */
    public int audioDim() {
        return audioDim;
    }

    /** Smallest accepted timestamp, epoch milliseconds (inclusive). */
    public long minTs() {
        return minTs;
    }

    /** Largest accepted timestamp, epoch milliseconds (inclusive). */
    public long maxTs() {
        return maxTs;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof InputValidationConfig)) {
            return false;
        }
        InputValidationConfig that = (InputValidationConfig) o;
        return maxRecordBytes == that.maxRecordBytes
                && maxIdLength == that.maxIdLength
                && maxTypeLength == that.maxTypeLength
                && visualDim == that.visualDim
                && audioDim == that.audioDim
                && minTs == that.minTs
                && maxTs == that.maxTs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                maxRecordBytes, maxIdLength, maxTypeLength, visualDim, audioDim, minTs, maxTs);
    }

    @Override
    public String toString() {
        return "InputValidationConfig{maxRecordBytes="
                + maxRecordBytes
                + ", maxIdLength="
                + maxIdLength
                + ", maxTypeLength="
                + maxTypeLength
                + ", visualDim="
                + visualDim
                + ", audioDim="
                + audioDim
                + ", minTs="
                + minTs
                + ", maxTs="
                + maxTs
                + '}';
    }

    /** Builder for {@link InputValidationConfig}; {@link #build()} checks the values. */
    public static final class Builder {
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private int maxIdLength = DEFAULT_MAX_ID_LENGTH;
        private int maxTypeLength = DEFAULT_MAX_TYPE_LENGTH;
        private int visualDim = ANY_DIM;
        private int audioDim = ANY_DIM;
        private long minTs = 0L;
        private long maxTs = DEFAULT_MAX_TS;

        private Builder() {}

        public Builder maxRecordBytes(int maxRecordBytes) {
            this.maxRecordBytes = maxRecordBytes;
            return this;
        }

        public Builder maxIdLength(int maxIdLength) {
            this.maxIdLength = maxIdLength;
            return this;
        }

        public Builder maxTypeLength(int maxTypeLength) {
            this.maxTypeLength = maxTypeLength;
            return this;
        }

        /** Required visual vector length, or {@link #ANY_DIM} for any non-empty length. */
        public Builder visualDim(int visualDim) {
            this.visualDim = visualDim;
            return this;
        }

        /** Required audio vector length, or {@link #ANY_DIM} for any non-empty length. */
        public Builder audioDim(int audioDim) {
            this.audioDim = audioDim;
            return this;
        }

        public Builder minTs(long minTs) {
            this.minTs = minTs;
            return this;
        }

        public Builder maxTs(long maxTs) {
            this.maxTs = maxTs;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a limit is not positive, a dimension is neither
         *     {@link #ANY_DIM} nor positive, or {@code minTs > maxTs}
         */
        public InputValidationConfig build() {
            requirePositive("maxRecordBytes", maxRecordBytes);
            requirePositive("maxIdLength", maxIdLength);
            requirePositive("maxTypeLength", maxTypeLength);
            requireDim("visualDim", visualDim);
            requireDim("audioDim", audioDim);
            if (minTs > maxTs) {
                throw new IllegalArgumentException(
                        "minTs (" + minTs + ") must not be after maxTs (" + maxTs + ")");
            }
            return new InputValidationConfig(this);
        }

        private static void requirePositive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
        }

        private static void requireDim(String name, int value) {
            if (value != ANY_DIM && value <= 0) {
                throw new IllegalArgumentException(
                        name + " must be positive or " + ANY_DIM + " (any), got " + value);
            }
        }
    }
}
