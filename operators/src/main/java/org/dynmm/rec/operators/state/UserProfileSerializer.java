package org.dynmm.rec.operators.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.dynmm.rec.models.ranking.UserProfile;

/**
 * Explicit serializer for {@link UserProfile} keyed state; the format is versioned by the model.
 */
public final class UserProfileSerializer extends BinaryStateSerializer<UserProfile> {
    private static final long serialVersionUID = 1L;

    public static final UserProfileSerializer INSTANCE = new UserProfileSerializer();

    @Override
    public UserProfile createInstance() {
        return new UserProfile();
    }

    @Override
    public UserProfile copy(UserProfile from) {
        return from.copy();
    }

    @Override
    protected void write(UserProfile value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected UserProfile read(DataInputView in) throws IOException {
        return UserProfile.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<UserProfile> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility; the binary format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserProfile> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
