package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import org.apache.flink.api.common.functions.MapFunction;
import org.dynmm.rec.models.adapter.AdapterLayout;
import org.dynmm.rec.models.adapter.OnlineAdapterTrainer;

/**
 * Turns the adapter trainer's operator state (uid {@code adapter-trainer}) into one JSON line
 * {@code {"adapter":{...}}}: the published parameter version, steps, layout and the shared user
 * gate bias {@code b0}.
 */
final class AdapterStateLine implements MapFunction<byte[], String> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The field that marks the adapter's line among the user lines. */
    static final String FIELD = "adapter";

    @Override
    public String map(byte[] state) throws IOException {
        return MAPPER.writeValueAsString(describe(state));
    }

    static ObjectNode describe(byte[] state) throws IOException {
        OnlineAdapterTrainer.Summary summary =
                OnlineAdapterTrainer.readSummary(
                        new DataInputStream(new ByteArrayInputStream(state)));
        AdapterLayout layout = summary.published().layout();
        ObjectNode line = MAPPER.createObjectNode();
        line.putObject(FIELD)
                .put("version", summary.published().version())
                .put("steps", summary.steps())
                .put("rejectedSteps", summary.rejectedSteps())
                .put("dim", layout.dim())
                .put("summaryDim", layout.summaryDim())
                .put("hidden", layout.hidden())
                .put("parameters", layout.size())
                .put("userGateBias", summary.published().theta()[layout.userGateBias()])
                .put("stateBytes", state.length);
        return line;
    }
}
