package org.dynmm.rec.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir Path tmp;

    /** Finite random floats plus the awkward ones: signed zeros, subnormals, extremes. */
    static float[] trickyFloats(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10));
        }
        float[] special = {
            -0.0f,
            0.0f,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            Float.MIN_NORMAL / 3,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            Float.MIN_NORMAL
        };
        System.arraycopy(special, 0, values, 0, Math.min(n, special.length));
        return values;
    }

    static void assertBitExact(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i]))
                    .as("value %d", i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        Tensor a = new Tensor("item.cf", new int[] {50, 8}, trickyFloats(400, 1));
        Tensor b = new Tensor("aligner.w", new int[] {3, 2, 2}, trickyFloats(12, 2));
        Tensor empty = new Tensor("empty", new int[] {0, 4}, new float[0]);
        Tensor scalar = new Tensor("scalar", new int[0], new float[] {-0.0f});
        Path file = tmp.resolve("t.safetensors");

        SafeTensors.write(file, List.of(a, b, empty, scalar), Map.of("modelVersion", "v1"));
        SafeTensors.Contents read = SafeTensors.read(file);

        assertThat(read.tensors()).containsOnlyKeys("aligner.w", "empty", "item.cf", "scalar");
        assertThat(read.metadata()).containsExactlyEntriesOf(Map.of("modelVersion", "v1"));
        for (Tensor t : List.of(a, b, empty, scalar)) {
            Tensor back = read.tensors().get(t.name());
            assertThat(back.shape()).containsExactly(t.shape());
            assertBitExact(back.data(), t.data());
        }
    }

    @Test
    void outputIsByteReproducibleAndAligned() throws IOException {
        Tensor a = new Tensor("b", new int[] {2, 3}, trickyFloats(6, 3));
        Tensor b = new Tensor("a", new int[] {4}, trickyFloats(4, 4));
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();

        SafeTensors.write(first, List.of(a, b), Map.of("k2", "v", "k1", "v"));
        SafeTensors.write(second, List.of(b, a), Map.of("k1", "v", "k2", "v"));

        assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
        byte[] bytes = first.toByteArray();
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header)
                .startsWith(
                        "{\"__metadata__\":{\"k1\":\"v\",\"k2\":\"v\"},"
                                + "\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[16,40]}}");
        assertThat(header.strip()).endsWith("}");
        assertThat(bytes).hasSize(8 + (int) headerLength + 40);
    }

    /** A file built by hand from the format specification, as Python's safetensors writes it. */
    @Test
    void readsHandBuiltSpecFile() throws IOException {
        String header =
                "{\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                        + "\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]},"
                        + "\"__metadata__\":{\"format\":\"np\"}}";
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : new float[] {1.0f, -2.5f, 0.125f, 3e-39f, 42f, -0.0f}) {
            data.putFloat(f);
        }
        Path file = write(spec(header, data.array()));

        SafeTensors.Contents read = SafeTensors.read(file);

        assertThat(read.metadata()).containsEntry("format", "np");
        assertThat(read.tensors().get("weight").shape()).containsExactly(2, 2);
        assertBitExact(
                read.tensors().get("weight").data(), new float[] {1.0f, -2.5f, 0.125f, 3e-39f});
        assertBitExact(read.tensors().get("bias").data(), new float[] {42f, -0.0f});
        // Known little-endian encoding of 1.0f, as numpy writes it.
        int dataStart = 8 + (header.length() + 7) / 8 * 8;
        assertThat(Arrays.copyOfRange(Files.readAllBytes(file), dataStart, dataStart + 4))
                .containsExactly(0x00, 0x00, 0x80, 0x3f);
    }

    @Test
    void rejectsOtherDtypes() throws IOException {
        Path file =
                write(
                        spec(
                                "{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}",
                                new byte[4]));

        assertThatThrownBy(() -> SafeTensors.read(file))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("tensor 'w' has dtype F16, only F32 is supported");
    }

    @Test
    void rejectsInsaneHeaderLength() throws IOException {
        byte[] huge = new byte[16];
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(200L * 1024 * 1024);
        Path hugeFile = write(huge);
        assertThatThrownBy(() -> SafeTensors.read(hugeFile))
                .hasMessageContaining("header length 209715200 is outside");

        byte[] beyond = new byte[16];
        ByteBuffer.wrap(beyond).order(ByteOrder.LITTLE_ENDIAN).putLong(64);
        Path beyondFile = write(beyond);
        assertThatThrownBy(() -> SafeTensors.read(beyondFile))
                .hasMessageContaining("header length 64 exceeds the file size 16");

        Path tiny = write(new byte[3]);
        assertThatThrownBy(() -> SafeTensors.read(tiny)).hasMessageContaining("only 3 bytes");
    }

    @Test
    void rejectsBadHeaderJson() throws IOException {
        Path notJson = write(spec("{\"w\": {\"dtype\": \"F32\", ", new byte[0]));
        assertThatThrownBy(() -> SafeTensors.read(notJson))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("header is not valid JSON");

        Path duplicate =
                write(
                        spec(
                                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                                        + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                                new byte[4]));
        assertThatThrownBy(() -> SafeTensors.read(duplicate))
                .hasMessageContaining("Duplicate field 'w'");

        Path array = write(spec("[1,2]", new byte[0]));
        assertThatThrownBy(() -> SafeTensors.read(array)).hasMessageContaining("not a JSON object");
    }

    @Test
    void rejectsOffsetsOutOfBoundsOrNotContiguous() throws IOException {
        Path outOfBounds =
                write(
                        spec(
                                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                                new byte[8]));
        assertThatThrownBy(() -> SafeTensors.read(outOfBounds))
                .hasMessageContaining(
                        "tensor 'w' ends at byte 16 but the data section has only 8 bytes");

        Path overlap =
                write(
                        spec(
                                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                                new byte[12]));
        assertThatThrownBy(() -> SafeTensors.read(overlap))
                .hasMessageContaining("tensors 'a' and 'b' overlap");

        Path gap =
                write(
                        spec(
                                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                                new byte[8]));
        assertThatThrownBy(() -> SafeTensors.read(gap))
                .hasMessageContaining("gap of 4 bytes before tensor 'a'");

        Path sizeMismatch =
                write(
                        spec(
                                "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                                new byte[8]));
        assertThatThrownBy(() -> SafeTensors.read(sizeMismatch))
                .hasMessageContaining(
                        "tensor 'a' of shape [3] needs 12 bytes but its data_offsets span 8");

        Path trailing =
                write(
                        spec(
                                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                                new byte[8]));
        assertThatThrownBy(() -> SafeTensors.read(trailing))
                .hasMessageContaining("cover 4 bytes but the data section has 8");
    }

    @Test
    void rejectsTruncatedFile() throws IOException {
        Path file = tmp.resolve("full.safetensors");
        SafeTensors.write(file, List.of(new Tensor("w", new int[] {10}, new float[10])), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = write(Arrays.copyOf(bytes, bytes.length - 5));

        assertThatThrownBy(() -> SafeTensors.read(truncated))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("tensor 'w' ends at byte 40")
                .hasMessageContaining("truncated file?");
    }

    @Test
    void rejectsReservedAndDuplicateNamesOnWrite() {
        Tensor t = new Tensor("x", new int[] {1}, new float[1]);
        assertThatThrownBy(
                        () ->
                                SafeTensors.write(
                                        new ByteArrayOutputStream(), List.of(t, t), Map.of()))
                .hasMessageContaining("duplicate tensor name 'x'");
        Tensor reserved = new Tensor(SafeTensors.METADATA_KEY, new int[] {1}, new float[1]);
        assertThatThrownBy(
                        () ->
                                SafeTensors.write(
                                        new ByteArrayOutputStream(), List.of(reserved), Map.of()))
                .hasMessageContaining("reserved");
    }

    /** Header length, header padded with spaces to 8 bytes, data: the spec's layout. */
    private static byte[] spec(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer buffer =
                ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            buffer.put((byte) ' ');
        }
        buffer.put(data);
        return buffer.array();
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(tmp, "t", ".safetensors");
        Files.write(file, bytes);
        return file;
    }
}
