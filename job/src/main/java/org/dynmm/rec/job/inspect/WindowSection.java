package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.dynmm.rec.models.adapter.AdapterFeatures;
import org.dynmm.rec.models.adapter.DynamicAdapter;
import org.dynmm.rec.models.adapter.UserWindow;
import org.dynmm.rec.operators.state.UserWindowSerializer;
import org.dynmm.rec.operators.user.UserStateFunction;

/**
 * The user's sliding-window summary {@code s_u^new} ({@link UserStateFunction#WINDOW_STATE_NAME}):
 * its events and the adapter's user features as of the latest event.
 */
final class WindowSection implements UserStateSection {
    private static final long serialVersionUID = 1L;

    private transient ValueState<UserWindow> window;
    private transient DataOutputSerializer buffer;

    @Override
    public void open(RuntimeContext context) {
        window =
                context.getState(
                        new ValueStateDescriptor<>(
                                UserStateFunction.WINDOW_STATE_NAME,
                                UserWindowSerializer.INSTANCE));
        buffer = new DataOutputSerializer(64);
    }

    @Override
    public boolean write(ObjectNode user) throws Exception {
        UserWindow w = window.value();
        if (w == null) {
            return false;
        }
        buffer.clear();
        UserWindowSerializer.INSTANCE.serialize(w, buffer);
        long at = user.has("lastEventTs") ? user.get("lastEventTs").asLong() : 0L;
        float[] s = DynamicAdapter.userSummary(w, at);
        ArrayNode summary = user.putArray("userSummary");
        for (int k = AdapterFeatures.ITEM_SLOTS; k < s.length; k++) {
            summary.add(s[k]);
        }
        user.put("windowEvents", w.events());
        user.put("windowBytes", buffer.length());
        return true;
    }
}
