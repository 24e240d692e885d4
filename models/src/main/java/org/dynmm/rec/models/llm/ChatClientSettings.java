package org.dynmm.rec.models.llm;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach an OpenAI-compatible chat-completions endpoint. Holds where the API key is (an
 * environment variable name or a file path), never the key itself, so it can be logged and shipped.
 *
 * @param endpoint full URL of {@code /v1/chat/completions}
 * @param model model name sent with each request
 * @param apiKeyEnv environment variable with the key, or null
 * @param apiKeyFile file with the key, or null
 * @param requestTimeout timeout of one HTTP attempt
 * @param maxRetries retries after a retryable failure (timeout, I/O error, HTTP 429 or 5xx)
 * @param retryBackoff wait before the first retry, doubled before each further one
 * @param maxConcurrent requests in flight at once; more wait in a queue
 */
public record ChatClientSettings(
        String endpoint,
        String model,
        String apiKeyEnv,
        String apiKeyFile,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff,
        int maxConcurrent)
        implements Serializable {

    public ChatClientSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        if (maxRetries < 0 || maxConcurrent <= 0) {
            throw new IllegalArgumentException(
                    "retries must not be negative and concurrency must be positive");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, backoff not negative");
        }
    }
}
