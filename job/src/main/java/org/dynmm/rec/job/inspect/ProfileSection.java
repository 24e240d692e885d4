package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.ranking.UserProfile;
import org.dynmm.rec.operators.state.UserProfileSerializer;
import org.dynmm.rec.operators.user.UserStateFunction;

/**
 * The user's profile ({@link UserStateFunction#STATE_NAME}): bounded history, seen items, event
 * count, latest event time, and the serialized size of the state value.
 */
final class ProfileSection implements UserStateSection {
    private static final long serialVersionUID = 1L;

    private transient ValueState<UserProfile> profile;
    private transient DataOutputSerializer buffer;

    @Override
    public void open(RuntimeContext context) {
        profile =
                context.getState(
                        new ValueStateDescriptor<>(
                                UserStateFunction.STATE_NAME, UserProfileSerializer.INSTANCE));
        buffer = new DataOutputSerializer(1024);
    }

    @Override
    public boolean write(ObjectNode user) throws Exception {
        UserProfile p = profile.value();
        if (p == null) {
            return false;
        }
        buffer.clear();
        UserProfileSerializer.INSTANCE.serialize(p, buffer);
        int bytes = buffer.length();

        user.put("eventCount", p.eventCount());
        if (p.lastEventTs() != Long.MIN_VALUE) {
            user.put("lastEventTs", p.lastEventTs());
        }
        user.put("historyLength", p.historySize());
        user.put("historyCapacity", p.historyCapacity());
        ArrayNode history = user.putArray("history");
        String key = user.get("user").asText();
        for (int i = 0; i < p.historySize(); i++) {
            InteractionEvent e = p.historyAt(i, key);
            history.addObject()
                    .put("item", e.item)
                    .put("type", e.type)
                    .put("value", e.value)
                    .put("ts", e.ts);
        }
        user.put("seenCount", p.seenItems().size());
        user.put("profileBytes", bytes);
        return true;
    }
}
