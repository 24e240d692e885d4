package org.dynmm.rec.operators.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base for explicit state serializers of model classes that write themselves in a versioned binary
 * format (see {@code writeTo}/{@code readFrom} on those classes). Stateless, so every instance is
 * equal and {@link #duplicate()} returns {@code this}.
 */
abstract class BinaryStateSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    /** Writes {@code value} in the model class's own versioned format. */
    protected abstract void write(T value, DataOutputView out) throws IOException;

    /** Reads a value written by {@link #write}. */
    protected abstract T read(DataInputView in) throws IOException;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        write(read(source), target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
