package org.dynmm.rec.models.data;

import java.util.HashMap;
import java.util.Map;

/**
 * Returns one shared instance per distinct string, so a large dataset holds each user and item id
 * once instead of once per interaction.
 */
final class StringPool {
    private final Map<String, String> pool = new HashMap<>();

    String intern(String s) {
        String existing = pool.putIfAbsent(s, s);
        return existing == null ? s : existing;
    }
}
