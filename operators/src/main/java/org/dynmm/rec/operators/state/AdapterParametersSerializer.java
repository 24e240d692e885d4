package org.dynmm.rec.operators.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.dynmm.rec.models.adapter.AdapterLayout;
import org.dynmm.rec.models.adapter.AdapterParameters;

/**
 * Explicit serializer for {@link AdapterParameters} broadcast state (the published adapter
 * version); the format is versioned by the model.
 */
public final class AdapterParametersSerializer extends BinaryStateSerializer<AdapterParameters> {
    private static final long serialVersionUID = 1L;

    public static final AdapterParametersSerializer INSTANCE = new AdapterParametersSerializer();

    @Override
    public AdapterParameters createInstance() {
        return AdapterParameters.initial(new AdapterLayout(1, 1, 1), 0L, 0f);
    }

    @Override
    public AdapterParameters copy(AdapterParameters from) {
        return from; // immutable
    }

    @Override
    protected void write(AdapterParameters value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected AdapterParameters read(DataInputView in) throws IOException {
        return AdapterParameters.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<AdapterParameters> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility; the binary format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AdapterParameters> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
