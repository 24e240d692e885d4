package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.dynmm.rec.operators.adapter.AdaptedRankerFunction;

/**
 * The first items of the list the adapted ranker last emitted for the user ({@link
 * AdaptedRankerFunction#SHOWN_STATE}): the items the user's next interaction is pushed above
 * ({@code rec.adapter.user.shown-negatives}).
 */
final class ShownSection implements UserStateSection {
    private static final long serialVersionUID = 1L;

    private transient ValueStateDescriptor<List<String>> descriptor;
    private transient ValueState<List<String>> shown;
    private transient DataOutputSerializer buffer;

    @Override
    public void open(RuntimeContext context) {
        // Without TTL, as the other sections: every stored value, expired or not.
        descriptor = AdaptedRankerFunction.shownDescriptor(Duration.ZERO);
        shown = context.getState(descriptor);
        buffer = new DataOutputSerializer(128);
    }

    @Override
    public boolean write(ObjectNode user) throws Exception {
        List<String> items = shown.value();
        if (items == null) {
            return false;
        }
        buffer.clear();
        descriptor.getSerializer().serialize(items, buffer);
        ArrayNode array = user.putArray("shownItems");
        items.forEach(array::add);
        user.put("shownBytes", buffer.length());
        return true;
    }
}
