package org.dynmm.rec.operators.ranking;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.dynmm.rec.models.train.DeviceChoice;

/**
 * Settings of {@link BatchedRankerFunction}.
 *
 * @param bundlePath directory of the frozen base model bundle, read in {@code open()}
 * @param topN items per recommendation
 * @param batchSize requests per micro-batch: a full buffer is scored at once
 * @param batchTimeout the longest a request waits for its batch to fill (processing time); zero
 *     scores every request at once, i.e. batches of one
 * @param device {@code cpu}, {@code gpu} or {@code auto} (GPU when PyTorch sees one)
 * @param popularityHalfLife half-life of the popularity kept in the item view; the base model does
 *     not use popularity, but the view is the same broadcast state as {@link
 *     BaselineRankerFunction}'s, so set it as for the baseline when the two may share state
 */
public record BatchedRankerConfig(
        String bundlePath,
        int topN,
        int batchSize,
        Duration batchTimeout,
        String device,
        Duration popularityHalfLife)
        implements Serializable {

    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final Duration DEFAULT_BATCH_TIMEOUT = Duration.ofMillis(20);

    public BatchedRankerConfig {
        if (bundlePath == null || bundlePath.isBlank()) {
            throw new IllegalArgumentException("the batched ranker needs a model bundle path");
        }
        if (topN <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException(
                    "top-n and batch size must be positive, are " + topN + " and " + batchSize);
        }
        Objects.requireNonNull(batchTimeout, "batchTimeout");
        if (batchTimeout.isNegative()) {
            throw new IllegalArgumentException("batch timeout must not be negative");
        }
        DeviceChoice.parse(Objects.requireNonNull(device, "device")); // fail at build time
        Objects.requireNonNull(popularityHalfLife, "popularityHalfLife");
        if (popularityHalfLife.isNegative()) {
            throw new IllegalArgumentException("popularity half-life must not be negative");
        }
    }

    /** Plain-count popularity (half-life zero). */
    public BatchedRankerConfig(
            String bundlePath, int topN, int batchSize, Duration batchTimeout, String device) {
        this(bundlePath, topN, batchSize, batchTimeout, device, Duration.ZERO);
    }
}
