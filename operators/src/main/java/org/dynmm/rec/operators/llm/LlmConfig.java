package org.dynmm.rec.operators.llm;

import java.io.Serializable;
import java.time.Duration;
import org.dynmm.rec.models.llm.ChatClientSettings;

/**
 * Settings of {@link LlmExplainFunction}.
 *
 * @param client the chat endpoint, key location, timeouts, retries and concurrency cap
 * @param batchSize lists of different users sent in one chat request
 * @param batchTimeout the longest a list waits for its batch to fill
 */
public record LlmConfig(ChatClientSettings client, int batchSize, Duration batchTimeout)
        implements Serializable {

    public LlmConfig {
        if (batchSize <= 0 || batchTimeout.isNegative()) {
            throw new IllegalArgumentException("batch size must be positive, timeout not negative");
        }
    }
}
