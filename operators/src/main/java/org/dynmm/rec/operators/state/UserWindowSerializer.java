package org.dynmm.rec.operators.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.dynmm.rec.models.adapter.UserWindow;

/**
 * Explicit serializer for {@link UserWindow} keyed state (the user's sliding-window summary); the
 * format is versioned by the model.
 */
public final class UserWindowSerializer extends BinaryStateSerializer<UserWindow> {
    private static final long serialVersionUID = 1L;

    public static final UserWindowSerializer INSTANCE = new UserWindowSerializer();

    @Override
    public UserWindow createInstance() {
        return new UserWindow();
    }

    @Override
    public UserWindow copy(UserWindow from) {
        return from.copy();
    }

    @Override
    protected void write(UserWindow value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected UserWindow read(DataInputView in) throws IOException {
        return UserWindow.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<UserWindow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility; the binary format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserWindow> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
