package org.dynmm.rec.operators.llm;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.dynmm.rec.models.llm.ChatClientSettings;
import org.dynmm.rec.models.llm.SoftTokenSettings;

/**
 * Settings of {@link LlmExplainFunction}.
 *
 * @param client the chat endpoint, key location, timeouts, retries and concurrency cap
 * @param batchSize lists of different users sent in one chat request
 * @param batchTimeout the longest a list waits for its batch to fill
 * @param softTokens whether and how soft tokens are sent
 * @param bundlePath the model bundle holding the soft-token projectors; null when soft tokens are
 *     off
 */
public record LlmConfig(
        ChatClientSettings client,
        int batchSize,
        Duration batchTimeout,
        SoftTokenSettings softTokens,
        String bundlePath)
        implements Serializable {

    public LlmConfig {
        if (batchSize <= 0 || batchTimeout.isNegative()) {
            throw new IllegalArgumentException("batch size must be positive, timeout not negative");
        }
        Objects.requireNonNull(softTokens, "softTokens");
        if (softTokens.enabled() && bundlePath == null) {
            throw new IllegalArgumentException(
                    "soft tokens need the model bundle with the projectors (rec.model.bundle-path)");
        }
    }

    /** Without soft tokens. */
    public LlmConfig(ChatClientSettings client, int batchSize, Duration batchTimeout) {
        this(client, batchSize, batchTimeout, SoftTokenSettings.disabled(), null);
    }
}
