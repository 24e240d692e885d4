package org.dynmm.rec.operators.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Explicit serializer for the item ids of the list last shown to a user (the adapted ranker's
 * {@code user-adapter-shown} state): a format version, the count, the ids. Like the other keyed
 * state serializers it keeps a simple snapshot, so state written with TTL also reads without it
 * ({@code inspect-state}).
 */
public final class ShownListSerializer extends BinaryStateSerializer<List<String>> {
    private static final long serialVersionUID = 1L;
    private static final int FORMAT_VERSION = 1;

    /** Most ids a stored list may declare (a corrupt count is refused, not allocated). */
    private static final int MAX_IDS = 1 << 16;

    public static final ShownListSerializer INSTANCE = new ShownListSerializer();

    @Override
    public List<String> createInstance() {
        return new ArrayList<>();
    }

    @Override
    public List<String> copy(List<String> from) {
        return new ArrayList<>(from);
    }

    @Override
    protected void write(List<String> value, DataOutputView out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeInt(value.size());
        for (String id : value) {
            out.writeUTF(id);
        }
    }

    @Override
    protected List<String> read(DataInputView in) throws IOException {
        int format = in.readByte();
        if (format != FORMAT_VERSION) {
            throw new IOException("unknown shown list format " + format);
        }
        int n = in.readInt();
        if (n < 0 || n > MAX_IDS) {
            throw new IOException("shown list of " + n + " ids");
        }
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(in.readUTF());
        }
        return ids;
    }

    @Override
    public TypeSerializerSnapshot<List<String>> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility; the binary format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<List<String>> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
