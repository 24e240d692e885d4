package org.dynmm.rec.operators.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.dynmm.rec.models.adapter.AdapterParameters;
import org.dynmm.rec.models.adapter.ItemActivity;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.operators.adapter.AdaptedItemView;
import org.dynmm.rec.operators.adapter.PendingItemUpdates;

/** Explicit serializer for the adapted ranker's {@link AdaptedItemView} broadcast state. */
public final class AdaptedItemViewSerializer extends BinaryStateSerializer<AdaptedItemView> {
    private static final long serialVersionUID = 1L;
    private static final int FORMAT_VERSION = 1;

    public static final AdaptedItemViewSerializer INSTANCE = new AdaptedItemViewSerializer();

    @Override
    public AdaptedItemView createInstance() {
        return null;
    }

    @Override
    public AdaptedItemView copy(AdaptedItemView from) {
        return new AdaptedItemView(
                from.index().copy(),
                from.activity().copy(),
                from.parameters(),
                PendingItemUpdatesSerializer.INSTANCE.copy(from.pending()));
    }

    @Override
    protected void write(AdaptedItemView value, DataOutputView out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        ItemStatsIndexSerializer.INSTANCE.serialize(value.index(), out);
        ItemActivitySerializer.INSTANCE.serialize(value.activity(), out);
        out.writeBoolean(value.parameters() != null);
        if (value.parameters() != null) {
            AdapterParametersSerializer.INSTANCE.serialize(value.parameters(), out);
        }
        PendingItemUpdatesSerializer.INSTANCE.serialize(value.pending(), out);
    }

    @Override
    protected AdaptedItemView read(DataInputView in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT_VERSION) {
            throw new IOException("unknown adapted item view format " + format);
        }
        ItemStatsIndex index = ItemStatsIndexSerializer.INSTANCE.deserialize(in);
        ItemActivity activity = ItemActivitySerializer.INSTANCE.deserialize(in);
        AdapterParameters parameters =
                in.readBoolean() ? AdapterParametersSerializer.INSTANCE.deserialize(in) : null;
        PendingItemUpdates pending = PendingItemUpdatesSerializer.INSTANCE.deserialize(in);
        return new AdaptedItemView(index, activity, parameters, pending);
    }

    @Override
    public TypeSerializerSnapshot<AdaptedItemView> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility; the binary format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AdaptedItemView> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
