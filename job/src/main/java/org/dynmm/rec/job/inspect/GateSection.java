package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.dynmm.rec.models.adapter.UserGate;
import org.dynmm.rec.operators.adapter.AdaptedRankerFunction;
import org.dynmm.rec.operators.state.UserGateSerializer;

/**
 * The user's adapter gate offset {@code delta_u} ({@link AdaptedRankerFunction#GATE_STATE}, in the
 * ranker's keyed state). {@code beta_u = sigmoid(b0 + delta_u)} also needs the shared bias {@code
 * b0} from the trainer's parameters, so {@link StateInspector} adds {@code betaU} when the snapshot
 * holds both.
 */
final class GateSection implements UserStateSection {
    private static final long serialVersionUID = 1L;

    private transient ValueState<UserGate> gate;
    private transient DataOutputSerializer buffer;

    @Override
    public void open(RuntimeContext context) {
        // Read without TTL: Flink restores TTL-written state into a descriptor without TTL, and
        // an inspection should show every stored value, expired or not.
        gate = context.getState(AdaptedRankerFunction.gateDescriptor(Duration.ZERO));
        buffer = new DataOutputSerializer(32);
    }

    @Override
    public boolean write(ObjectNode user) throws Exception {
        UserGate g = gate.value();
        if (g == null) {
            return false;
        }
        buffer.clear();
        UserGateSerializer.INSTANCE.serialize(g, buffer);
        user.put("gateOffset", g.offset());
        user.put("gateSteps", g.steps());
        float[] residual = g.residual();
        if (residual != null) {
            // The user's own direction o_u: its length says how far the user moved on their own.
            double sq = 0;
            for (float x : residual) {
                sq += (double) x * x;
            }
            user.put("residualNorm", Math.sqrt(sq));
        }
        user.put("gateBytes", buffer.length());
        return true;
    }
}
