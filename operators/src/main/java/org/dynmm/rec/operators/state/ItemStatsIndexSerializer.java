package org.dynmm.rec.operators.state;

import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.dynmm.rec.models.ranking.ItemStatsIndex;

/**
 * Explicit serializer for the broadcast {@link ItemStatsIndex}; the format is versioned by the
 * model.
 */
public final class ItemStatsIndexSerializer extends BinaryStateSerializer<ItemStatsIndex> {
    private static final long serialVersionUID = 1L;

    public static final ItemStatsIndexSerializer INSTANCE = new ItemStatsIndexSerializer();

    @Override
    public ItemStatsIndex createInstance() {
        return new ItemStatsIndex(Duration.ZERO);
    }

    @Override
    public ItemStatsIndex copy(ItemStatsIndex from) {
        return from.copy();
    }

    @Override
    protected void write(ItemStatsIndex value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected ItemStatsIndex read(DataInputView in) throws IOException {
        return ItemStatsIndex.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<ItemStatsIndex> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility; the binary format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ItemStatsIndex> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
