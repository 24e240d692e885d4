package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Totals over the user lines an inspection printed: users, events, mean history length and seen
 * count, state bytes (every {@code ...Bytes} field of every section, so new sections count) and the
 * mean adapter gate {@code beta_u} over users that have one.
 */
public final class StateSummary {
    private long users;
    private long profiles;
    private long historyEntries;
    private long seenItems;
    private long events;
    private long stateBytes;
    private long gates;
    private double betaSum;

    /** Adds one user line as written by the sections. */
    public void add(JsonNode user) {
        users++;
        if (user.has("historyLength")) {
            profiles++;
            historyEntries += user.get("historyLength").asLong();
            seenItems += user.path("seenCount").asLong();
            events += user.path("eventCount").asLong();
        }
        if (user.has("betaU")) {
            gates++;
            betaSum += user.get("betaU").asDouble();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().endsWith("Bytes") && field.getValue().isNumber()) {
                stateBytes += field.getValue().asLong();
            }
        }
    }

    public long users() {
        return users;
    }

    public long events() {
        return events;
    }

    public long stateBytes() {
        return stateBytes;
    }

    public double meanHistoryLength() {
        return profiles == 0 ? 0 : (double) historyEntries / profiles;
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("users", users);
        node.put("events", events);
        node.put("meanHistoryLength", meanHistoryLength());
        node.put("meanSeenCount", profiles == 0 ? 0 : (double) seenItems / profiles);
        node.put("stateBytes", stateBytes);
        if (gates > 0) {
            node.put("usersWithGate", gates);
            node.put("meanBetaU", betaSum / gates);
        }
        return node;
    }
}
