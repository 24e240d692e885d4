package org.dynmm.rec.models.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class TorchTensorsTest {

    @Test
    void writesTheZipLayoutOfTorchSaveAndReadsItBack() throws IOException {
        float[] data = {1f, -2f, 3.5f, 0f, 1e-3f, 7f};
        byte[] bytes = TorchTensors.save(data, 2, 3);

        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                names.add(e.getName());
                assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
                String content = new String(zip.readAllBytes(), StandardCharsets.ISO_8859_1);
                if (e.getName().endsWith("version")) {
                    assertThat(content).isEqualTo("3\n");
                }
                if (e.getName().endsWith("byteorder")) {
                    assertThat(content).isEqualTo("little");
                }
            }
        }
        assertThat(names)
                .containsExactly(
                        "archive/data.pkl",
                        "archive/byteorder",
                        "archive/data/0",
                        "archive/version");
        // The raw storage is 64-byte aligned in the file, as PyTorch writes it.
        ByteBuffer storage = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            storage.putFloat(v);
        }
        int at = indexOf(bytes, storage.array());
        assertThat(at).isPositive();
        assertThat(at % 64).isZero();

        TorchTensors.Matrix m = TorchTensors.read(bytes);
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.cols()).isEqualTo(3);
        assertThat(m.data()).containsExactly(data);
        assertThat(TorchTensors.save(data, 2, 3)).as("deterministic").isEqualTo(bytes);
    }

    @Test
    void pickleRebuildsOneTensorFromPersistentStorage() {
        String pickle = new String(TorchTensors.pickle(4, 5), StandardCharsets.ISO_8859_1);
        assertThat(pickle)
                .startsWith("\u0080\u0002ctorch._utils\n_rebuild_tensor_v2\n")
                .contains("ctorch\nFloatStorage\n")
                .contains("ccollections\nOrderedDict\n")
                .endsWith("tR.");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
