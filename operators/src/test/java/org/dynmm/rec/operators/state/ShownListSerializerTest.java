package org.dynmm.rec.operators.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ShownListSerializerTest {
    private static final ShownListSerializer SERIALIZER = ShownListSerializer.INSTANCE;

    private static byte[] bytes(List<String> ids) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(ids, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void roundTripsTheIdsInOrder() throws IOException {
        List<String> ids = List.of("318", "2571", "ünïcode", "");
        assertThat(SERIALIZER.deserialize(new DataInputDeserializer(bytes(ids))))
                .containsExactlyElementsOf(ids);
        assertThat(SERIALIZER.deserialize(new DataInputDeserializer(bytes(List.of())))).isEmpty();
        assertThat(SERIALIZER.copy(ids)).isEqualTo(ids).isNotSameAs(ids);
    }

    @Test
    void refusesAnUnknownFormatAndACorruptCount() throws IOException {
        byte[] good = bytes(List.of("1"));
        byte[] unknownFormat = good.clone();
        unknownFormat[0] = 9;
        assertThatThrownBy(() -> SERIALIZER.deserialize(new DataInputDeserializer(unknownFormat)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format 9");
        DataOutputSerializer corrupt = new DataOutputSerializer(16);
        corrupt.writeByte(1);
        corrupt.writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(
                        () ->
                                SERIALIZER.deserialize(
                                        new DataInputDeserializer(corrupt.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ids");
    }
}
