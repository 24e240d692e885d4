package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.dynmm.rec.models.adapter.UserTaste;
import org.dynmm.rec.operators.adapter.AdaptedRankerFunction;
import org.dynmm.rec.operators.state.UserTasteSerializer;

/**
 * The attribute half of the user's {@code s_u^new} ({@link AdaptedRankerFunction#TASTE_STATE}, kept
 * by the adapted ranker while explanations are on): how many events and attribute values it holds.
 */
final class TasteSection implements UserStateSection {
    private static final long serialVersionUID = 1L;

    private transient ValueState<UserTaste> taste;
    private transient DataOutputSerializer buffer;

    @Override
    public void open(RuntimeContext context) {
        taste = context.getState(AdaptedRankerFunction.tasteDescriptor(Duration.ZERO));
        buffer = new DataOutputSerializer(256);
    }

    @Override
    public boolean write(ObjectNode user) throws Exception {
        UserTaste t = taste.value();
        if (t == null) {
            return false;
        }
        buffer.clear();
        UserTasteSerializer.INSTANCE.serialize(t, buffer);
        user.put("tasteEvents", t.events());
        user.put("tasteValues", t.values());
        user.put("tasteBytes", buffer.length());
        return true;
    }
}
