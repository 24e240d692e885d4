package org.dynmm.rec.models.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * An API key read from an environment variable or a file, never from configuration text. Its {@link
 * #toString} never shows the key, so it cannot leak into logs or exceptions by accident; only
 * {@link #bearerHeader} reveals it, for the HTTP header.
 */
public final class ApiKey {
    private static final ApiKey NONE = new ApiKey(null);

    private final String secret;

    private ApiKey(String secret) {
        this.secret = secret;
    }

    /** No key: requests go without an {@code Authorization} header (local servers). */
    public static ApiKey none() {
        return NONE;
    }

    /**
     * The key from environment variable {@code envName} when set, else from {@code file} when set
     * (trimmed), else none. A named variable that is unset, or an unreadable file, is an error
     * naming the variable or path, never the key.
     */
    public static ApiKey resolve(String envName, String file, Function<String, String> env) {
        if (envName != null && !envName.isBlank()) {
            String value = env.apply(envName);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(
                        "environment variable " + envName + " (rec.llm.api-key-env) is not set");
            }
            return new ApiKey(value.trim());
        }
        if (file != null && !file.isBlank()) {
            try {
                String value = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
                if (value.isEmpty()) {
                    throw new IllegalStateException("API key file " + file + " is empty");
                }
                return new ApiKey(value);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read the API key file " + file + " (rec.llm.api-key-file)", e);
            }
        }
        return NONE;
    }

    public boolean isPresent() {
        return secret != null;
    }

    /** {@code Bearer <key>}; only for the request header. */
    String bearerHeader() {
        return "Bearer " + secret;
    }

    @Override
    public String toString() {
        return secret == null ? "ApiKey[none]" : "ApiKey[redacted]";
    }
}
