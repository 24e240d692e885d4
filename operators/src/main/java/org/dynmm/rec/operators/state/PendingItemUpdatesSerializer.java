package org.dynmm.rec.operators.state;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.dynmm.rec.operators.adapter.PendingItemUpdates;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.RecordTypes;

/** Explicit serializer for {@link PendingItemUpdates}: a count, then each update as its POJO. */
public final class PendingItemUpdatesSerializer extends BinaryStateSerializer<PendingItemUpdates> {
    private static final long serialVersionUID = 1L;
    private static final int FORMAT_VERSION = 1;

    public static final PendingItemUpdatesSerializer INSTANCE = new PendingItemUpdatesSerializer();

    private transient TypeSerializer<ItemUpdate> updates;

    private TypeSerializer<ItemUpdate> updates() {
        if (updates == null) {
            updates = RecordTypes.ITEM_UPDATE.createSerializer(new SerializerConfigImpl());
        }
        return updates;
    }

    @Override
    public PendingItemUpdates createInstance() {
        return new PendingItemUpdates();
    }

    @Override
    public PendingItemUpdates copy(PendingItemUpdates from) {
        PendingItemUpdates copy = new PendingItemUpdates();
        for (ItemUpdate u : from.all()) {
            copy.add(updates().copy(u));
        }
        return copy;
    }

    @Override
    protected void write(PendingItemUpdates value, DataOutputView out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeInt(value.size());
        for (ItemUpdate u : value.all()) {
            updates().serialize(u, out);
        }
    }

    @Override
    protected PendingItemUpdates read(DataInputView in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT_VERSION) {
            throw new IOException("unknown pending item updates format " + format);
        }
        int n = in.readInt();
        PendingItemUpdates pending = new PendingItemUpdates();
        for (int i = 0; i < n; i++) {
            pending.add(updates().deserialize(in));
        }
        return pending;
    }

    @Override
    public TypeSerializerSnapshot<PendingItemUpdates> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility; the binary format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PendingItemUpdates> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
