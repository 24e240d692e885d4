package org.dynmm.rec.operators.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.dynmm.rec.models.adapter.ItemActivity;

/**
 * Explicit serializer for {@link ItemActivity} broadcast and trainer state (item sliding-window
 * summaries); the format is versioned by the model.
 */
public final class ItemActivitySerializer extends BinaryStateSerializer<ItemActivity> {
    private static final long serialVersionUID = 1L;

    public static final ItemActivitySerializer INSTANCE = new ItemActivitySerializer();

    @Override
    public ItemActivity createInstance() {
        return ItemActivity.withDefaultHalfLives();
    }

    @Override
    public ItemActivity copy(ItemActivity from) {
        return from.copy();
    }

    @Override
    protected void write(ItemActivity value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected ItemActivity read(DataInputView in) throws IOException {
        return ItemActivity.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<ItemActivity> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility; the binary format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ItemActivity> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
