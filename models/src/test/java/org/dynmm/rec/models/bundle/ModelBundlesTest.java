package org.dynmm.rec.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dynmm.rec.models.bundle.SafeTensorsTest.assertBitExact;
import static org.dynmm.rec.models.bundle.SafeTensorsTest.trickyFloats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundlesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    static BundleManifest manifest() {
        BundleManifest m = new BundleManifest();
        m.modelVersion = "base-20261125-ab12cd";
        m.createdAt = "2026-11-25T10:15:30Z";
        m.codeVersion = "0123abc";
        m.dimensions.put("joint", 4);
        m.dimensions.put("cf", 3);
        m.modalities = List.of("cf", "text");
        m.trainingData.dataset = "movielens-latest-small";
        m.trainingData.firstTs = 1L;
        m.trainingData.lastTs = 100L;
        m.trainingData.cutoffTs = 80L;
        m.trainingData.events = 1000;
        m.trainingData.users = 10;
        m.trainingData.items = 5;
        m.losses.put("match", 0.25);
        m.metrics.put("HR@10", 0.08);
        m.hyperParameters.put("lr", 0.001);
        m.hyperParameters.put("epochs", 5);
        m.hyperParameters.put("loss", "bpr");
        return m;
    }

    static ModelBundle bundle() {
        List<String> items = List.of("1", "2", "héllo wörld", "i-4", "5");
        return ModelBundle.of(
                manifest(),
                items,
                List.of(
                        new Tensor("item.cf", new int[] {5, 3}, trickyFloats(15, 7)),
                        new Tensor("item.joint", new int[] {5, 4}, trickyFloats(20, 8)),
                        new Tensor("aligner.f_i.w", new int[] {4, 3}, trickyFloats(12, 9))));
    }

    @Test
    void roundTripIsBitExact() {
        ModelBundle original = bundle();
        Path dir = tmp.resolve("bundles/base-20261125-ab12cd");

        BundleManifest written = ModelBundles.write(dir, original);
        ModelBundle read = ModelBundles.read(dir);

        assertThat(read.itemIds()).containsExactlyElementsOf(original.itemIds());
        assertThat(read.itemRow("héllo wörld")).isEqualTo(2);
        assertThat(read.itemRow("unknown")).isEqualTo(-1);
        assertThat(read.tensors()).containsOnlyKeys("aligner.f_i.w", "item.cf", "item.joint");
        for (Tensor t : original.tensors().values()) {
            assertThat(read.tensor(t.name()).shape()).containsExactly(t.shape());
            assertBitExact(read.tensor(t.name()).data(), t.data());
        }
        BundleManifest m = read.manifest();
        assertThat(m.formatVersion).isEqualTo(1);
        assertThat(m.modelVersion).isEqualTo("base-20261125-ab12cd");
        assertThat(m.dimensions).containsEntry("joint", 4).containsEntry("cf", 3);
        assertThat(m.modalities).containsExactly("cf", "text");
        assertThat(m.trainingData.cutoffTs).isEqualTo(80L);
        assertThat(m.trainingData.items).isEqualTo(5L);
        assertThat(m.losses).containsEntry("match", 0.25);
        assertThat(m.hyperParameters).containsEntry("loss", "bpr").containsEntry("epochs", 5);
        assertThat(m.tensors).containsEntry("item.cf", List.of(5, 3));
        assertThat(m.files).containsOnlyKeys("items.txt", "tensors.safetensors");
        assertThat(m.files.get("tensors.safetensors"))
                .isEqualTo(ModelBundles.sha256(dir.resolve("tensors.safetensors")))
                .isEqualTo(written.files.get("tensors.safetensors"));
        assertThat(original.manifest().files).as("the caller's manifest is not modified").isEmpty();
        // Nothing but the bundle is left in the parent directory.
        assertThat(dir.getParent().toFile().list()).containsExactly("base-20261125-ab12cd");
    }

    @Test
    void writingTwiceGivesIdenticalFiles() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        ModelBundles.write(a, bundle());
        ModelBundles.write(b, bundle());

        for (String f : List.of("manifest.json", "tensors.safetensors", "items.txt")) {
            assertThat(Files.readAllBytes(a.resolve(f)))
                    .as(f)
                    .isEqualTo(Files.readAllBytes(b.resolve(f)));
        }
        assertThat(Files.readString(a.resolve("items.txt")))
                .isEqualTo("1\n2\nhéllo wörld\ni-4\n5\n");
    }

    @Test
    void tensorLookupsExplainWhatIsMissing() {
        ModelBundle b = bundle();

        assertThat(b.requireShape("item.cf", -1, 3).rows()).isEqualTo(5);
        assertThatThrownBy(() -> b.tensor("user.encoder"))
                .isInstanceOf(BundleException.class)
                .hasMessage(
                        "bundle base-20261125-ab12cd has no tensor 'user.encoder' (it has:"
                                + " aligner.f_i.w, item.cf, item.joint)");
        assertThatThrownBy(() -> b.requireShape("item.cf", -1, 64))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("tensor 'item.cf' has shape [5, 3] but [-1, 64] is expected");
        assertThatThrownBy(() -> b.requireShape("item.cf", 5))
                .hasMessageContaining("has shape [5, 3] but [5] is expected");
        assertThatThrownBy(() -> b.manifest().requireDimension("text"))
                .hasMessageContaining("declares no dimension 'text' (declared: [cf, joint])");
    }

    @Test
    void bundleChecksItemRowsAndIds() {
        Tensor t = new Tensor("item.cf", new int[] {2, 1}, new float[2]);
        assertThatThrownBy(() -> ModelBundle.of(manifest(), List.of("a"), List.of(t)))
                .hasMessageContaining("tensor 'item.cf' has 2 rows but there are 1 item ids");
        assertThatThrownBy(() -> ModelBundle.of(manifest(), List.of("a", "a"), List.of(t)))
                .hasMessageContaining("item id 'a' appears at rows 0 and 1");
    }

    @Test
    void refusesItemIdsWithLineBreaksAndLeavesNothingBehind() {
        ModelBundle bad =
                ModelBundle.of(
                        manifest(),
                        List.of("ok", "two\nlines"),
                        List.of(new Tensor("item.x", new int[] {2}, new float[2])));
        Path dir = tmp.resolve("out/bad");

        assertThatThrownBy(() -> ModelBundles.write(dir, bad))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("item id at row 1 is empty or contains a line break")
                .hasMessageContaining("\"two\\nlines\"");
        assertThat(dir).doesNotExist();
        assertThat(tmp.resolve("out"))
                .satisfiesAnyOf(
                        p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void refusesToOverwriteABundle() {
        Path dir = tmp.resolve("b");
        ModelBundles.write(dir, bundle());

        assertThatThrownBy(() -> ModelBundles.write(dir, bundle()))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("already exists and bundles are immutable");
        assertThat(ModelBundles.read(dir).itemIds()).hasSize(5);
    }

    @Test
    void rejectsMissingDirectoryAndManifest() throws IOException {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> ModelBundles.read(missing))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("model bundle directory " + missing)
                .hasMessageContaining("does not exist");

        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThatThrownBy(() -> ModelBundles.read(empty))
                .hasMessageContaining("is not a model bundle: manifest.json is missing");
    }

    @Test
    void rejectsUnparsableManifest() throws IOException {
        Path dir = written();
        Files.writeString(dir.resolve("manifest.json"), "{\"formatVersion\": 1, \"files\": ");

        assertThatThrownBy(() -> ModelBundles.read(dir))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(
                        "manifest " + dir.resolve("manifest.json") + " cannot be parsed");

        Files.writeString(dir.resolve("manifest.json"), "{\"formatVersion\": \"one\"}");
        assertThatThrownBy(() -> ModelBundles.read(dir)).hasMessageContaining("cannot be parsed");
    }

    @Test
    void rejectsUnsupportedFormatVersion() throws IOException {
        Path dir = written();
        editManifest(dir, m -> m.put("formatVersion", 2));

        assertThatThrownBy(() -> ModelBundles.read(dir))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("has format version 2 but this build reads only version 1");
    }

    @Test
    void rejectsMissingFile() throws IOException {
        Path dir = written();
        Files.delete(dir.resolve("items.txt"));

        assertThatThrownBy(() -> ModelBundles.read(dir))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(
                        "is incomplete: items.txt is listed in manifest.json but missing");
    }

    @Test
    void rejectsFlippedByteAsCorrupt() throws IOException {
        Path dir = written();
        Path tensors = dir.resolve("tensors.safetensors");
        String expected = ModelBundles.sha256(tensors);
        byte[] bytes = Files.readAllBytes(tensors);
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(tensors, bytes);

        assertThatThrownBy(() -> ModelBundles.read(dir))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(
                        "model bundle file "
                                + tensors
                                + " is corrupt: sha256 "
                                + ModelBundles.sha256(tensors)
                                + ", expected "
                                + expected);
    }

    @Test
    void rejectsTruncatedFileAsCorrupt() throws IOException {
        Path dir = written();
        Path tensors = dir.resolve("tensors.safetensors");
        byte[] bytes = Files.readAllBytes(tensors);
        Files.write(tensors, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> ModelBundles.read(dir))
                .hasMessageContaining("tensors.safetensors is corrupt: sha256");
    }

    @Test
    void rejectsTensorShapesDifferingFromManifest() throws IOException {
        Path dir = written();
        editManifest(
                dir,
                m -> {
                    ObjectNode tensors = (ObjectNode) m.get("tensors");
                    ArrayNode shape = tensors.putArray("item.cf");
                    shape.add(5).add(64);
                    tensors.putArray("user.encoder").add(1);
                    tensors.remove("aligner.f_i.w");
                });

        assertThatThrownBy(() -> ModelBundles.read(dir))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("tensors differ from the manifest")
                .hasMessageContaining(
                        "'item.cf' has shape [5, 3] in tensors.safetensors but [5, 64] in manifest.json")
                .hasMessageContaining(
                        "'user.encoder' is in manifest.json but not in tensors.safetensors")
                .hasMessageContaining(
                        "'aligner.f_i.w' is in tensors.safetensors but not in manifest.json");
    }

    @Test
    void rejectsItemListNotMatchingItemTensors() throws IOException {
        Path dir = written();
        Path items = dir.resolve("items.txt");
        Files.writeString(items, "1\n2\n3\n4\n");
        String sha = ModelBundles.sha256(items);
        editManifest(dir, m -> ((ObjectNode) m.get("files")).put("items.txt", sha));

        assertThatThrownBy(() -> ModelBundles.read(dir))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("items.txt has 4 item ids but tensor 'item.cf' has 5 rows");

        Files.writeString(items, "1\n2\n3\n2\n5\n");
        String sha2 = ModelBundles.sha256(items);
        editManifest(dir, m -> ((ObjectNode) m.get("files")).put("items.txt", sha2));
        assertThatThrownBy(() -> ModelBundles.read(dir))
                .hasMessageContaining("items.txt line 4 repeats item id \"2\" of line 2");
    }

    @Test
    void rejectsFileNamesOutsideTheBundle() throws IOException {
        Path dir = written();
        editManifest(dir, m -> ((ObjectNode) m.get("files")).put("../secret", "00"));

        assertThatThrownBy(() -> ModelBundles.read(dir))
                .hasMessageContaining("lists an invalid file name \"../secret\"");
    }

    @Test
    void toleratesUnknownManifestFields() throws IOException {
        Path dir = written();
        editManifest(dir, m -> m.put("addedByANewerTrainer", "x"));

        assertThat(ModelBundles.read(dir).modelVersion()).isEqualTo("base-20261125-ab12cd");
    }

    private Path written() {
        Path dir = tmp.resolve("bundle");
        ModelBundles.write(dir, bundle());
        return dir;
    }

    private static void editManifest(Path dir, java.util.function.Consumer<ObjectNode> edit)
            throws IOException {
        Path file = dir.resolve("manifest.json");
        ObjectNode root =
                (ObjectNode) JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        edit.accept(root);
        Files.writeString(file, JSON.writeValueAsString(root));
    }
}
