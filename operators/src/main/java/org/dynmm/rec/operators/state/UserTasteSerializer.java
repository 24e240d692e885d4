package org.dynmm.rec.operators.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.dynmm.rec.models.adapter.UserTaste;

/**
 * Explicit serializer for {@link UserTaste} keyed state (the user's recent-taste summary (attribute
 * half of s_u^new)); the format is versioned by the model.
 */
public final class UserTasteSerializer extends BinaryStateSerializer<UserTaste> {
    private static final long serialVersionUID = 1L;

    public static final UserTasteSerializer INSTANCE = new UserTasteSerializer();

    @Override
    public UserTaste createInstance() {
        return new UserTaste();
    }

    @Override
    public UserTaste copy(UserTaste from) {
        return from.copy();
    }

    @Override
    protected void write(UserTaste value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected UserTaste read(DataInputView in) throws IOException {
        return UserTaste.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<UserTaste> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility; the binary format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserTaste> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
