package org.dynmm.rec.operators.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.dynmm.rec.models.adapter.UserGate;

/**
 * Explicit serializer for {@link UserGate} keyed state (the user's adapter gate); the format is
 * versioned by the model.
 */
public final class UserGateSerializer extends BinaryStateSerializer<UserGate> {
    private static final long serialVersionUID = 1L;

    public static final UserGateSerializer INSTANCE = new UserGateSerializer();

    @Override
    public UserGate createInstance() {
        return new UserGate();
    }

    @Override
    public UserGate copy(UserGate from) {
        return from.copy();
    }

    @Override
    protected void write(UserGate value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected UserGate read(DataInputView in) throws IOException {
        return UserGate.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<UserGate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility; the binary format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserGate> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
