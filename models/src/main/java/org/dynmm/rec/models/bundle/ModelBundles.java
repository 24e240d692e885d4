package org.dynmm.rec.models.bundle;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes and reads model bundles: a directory holding {@value #MANIFEST_FILE} (pretty JSON, see
 * {@link BundleManifest}), {@value #TENSORS_FILE} (all tensors, see {@link SafeTensors}) and
 * {@value #ITEMS_FILE} (one UTF-8 item id per line, the row order of item-indexed tensors).
 *
 * <p>Writing goes to a temporary sibling directory that is renamed into place, so a crash never
 * leaves a half-written bundle under the target name; bundles are immutable, so an existing
 * non-empty target is refused. Reading verifies the format version, every file's sha256 and that
 * the tensors and item list match the manifest, and explains any mismatch in a {@link
 * BundleException}.
 */
public final class ModelBundles {

    public static final String MANIFEST_FILE = "manifest.json";
    public static final String TENSORS_FILE = "tensors.safetensors";
    public static final String ITEMS_FILE = "items.txt";

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** Pretty, with '\n' line ends on every platform so equal manifests are equal bytes. */
    private static final ObjectWriter MANIFEST_WRITER =
            JSON.writer(
                    new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private ModelBundles() {}

    /**
     * Writes {@code bundle} to the new directory {@code dir} and returns the manifest as written: a
     * copy of the bundle's manifest with the current format version, file checksums and tensor
     * shapes filled in.
     */
    public static BundleManifest write(Path dir, ModelBundle bundle) {
        Path target = dir.toAbsolutePath().normalize();
        BundleManifest manifest = copy(bundle.manifest());
        if (manifest.modelVersion == null || manifest.modelVersion.isBlank()) {
            throw new BundleException(
                    "cannot write bundle to " + target + ": its manifest has no modelVersion");
        }
        for (int i = 0; i < bundle.itemIds().size(); i++) {
            String id = bundle.itemIds().get(i);
            if (id.isEmpty() || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
                throw new BundleException(
                        "cannot write bundle to "
                                + target
                                + ": item id at row "
                                + i
                                + " is empty or contains a line break, which "
                                + ITEMS_FILE
                                + " cannot hold: "
                                + quote(id));
            }
        }
        Path tmp = null;
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            if (Files.exists(target)) {
                if (!isEmptyDirectory(target)) {
                    throw new BundleException(
                            "cannot write bundle to "
                                    + target
                                    + ": it already exists and bundles are immutable; write to a"
                                    + " new directory (e.g. one per modelVersion) or delete it"
                                    + " first");
                }
                Files.delete(target);
            }
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");

            Map<String, String> meta = new TreeMap<>();
            meta.put("formatVersion", Integer.toString(BundleManifest.CURRENT_FORMAT_VERSION));
            meta.put("modelVersion", manifest.modelVersion);
            String tensorsSha =
                    writeFile(
                            tmp.resolve(TENSORS_FILE),
                            out -> SafeTensors.write(out, bundle.tensors().values(), meta));
            String itemsSha = writeFile(tmp.resolve(ITEMS_FILE), out -> writeItems(out, bundle));

            manifest.formatVersion = BundleManifest.CURRENT_FORMAT_VERSION;
            manifest.files = new TreeMap<>();
            manifest.files.put(TENSORS_FILE, tensorsSha);
            manifest.files.put(ITEMS_FILE, itemsSha);
            manifest.tensors = new TreeMap<>();
            for (Tensor t : bundle.tensors().values()) {
                manifest.tensors.put(t.name(), shapeList(t.shape()));
            }
            writeFile(
                    tmp.resolve(MANIFEST_FILE),
                    out -> {
                        out.write(MANIFEST_WRITER.writeValueAsBytes(manifest));
                        out.write('\n');
                    });

            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            tmp = null;
            syncDirectory(parent);
            return manifest;
        } catch (IOException e) {
            throw new BundleException("cannot write bundle to " + target + ": " + e, e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Reads and fully validates the bundle in {@code dir}. */
    public static ModelBundle read(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new BundleException(
                    "model bundle directory "
                            + root
                            + " does not exist or is not a directory; check the bundle path");
        }
        BundleManifest manifest = readManifest(root);
        String name = "model bundle " + root;

        if (manifest.formatVersion != BundleManifest.CURRENT_FORMAT_VERSION) {
            throw new BundleException(
                    name
                            + " has format version "
                            + manifest.formatVersion
                            + " but this build reads only version "
                            + BundleManifest.CURRENT_FORMAT_VERSION
                            + "; use a job and trainer of matching versions");
        }
        if (manifest.modelVersion == null || manifest.modelVersion.isBlank()) {
            throw new BundleException(name + ": " + MANIFEST_FILE + " has no modelVersion");
        }
        if (manifest.files == null) {
            manifest.files = new TreeMap<>();
        }
        for (String required : List.of(TENSORS_FILE, ITEMS_FILE)) {
            if (!manifest.files.containsKey(required)) {
                throw new BundleException(
                        name + ": " + MANIFEST_FILE + " lists no sha256 for " + required);
            }
        }
        for (Map.Entry<String, String> f : manifest.files.entrySet()) {
            verifyFile(root, f.getKey(), f.getValue());
        }

        Map<String, Tensor> tensors = SafeTensors.read(root.resolve(TENSORS_FILE)).tensors();
        checkShapesMatchManifest(name, manifest, tensors);
        List<String> itemIds = readItems(name, root.resolve(ITEMS_FILE));
        for (Tensor t : tensors.values()) {
            if (t.name().startsWith(ModelBundle.ITEM_TENSOR_PREFIX) && t.rows() != itemIds.size()) {
                throw new BundleException(
                        name
                                + ": "
                                + ITEMS_FILE
                                + " has "
                                + itemIds.size()
                                + " item ids but tensor '"
                                + t.name()
                                + "' has "
                                + t.rows()
                                + " rows");
            }
        }
        return new ModelBundle(manifest, itemIds, tensors);
    }

    private static BundleManifest readManifest(Path root) {
        Path file = root.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(file)) {
            throw new BundleException(
                    root
                            + " is not a model bundle: "
                            + MANIFEST_FILE
                            + " is missing (a bundle is the directory the trainer wrote)");
        }
        BundleManifest manifest;
        try {
            manifest = JSON.readValue(file.toFile(), BundleManifest.class);
        } catch (JacksonException e) {
            throw new BundleException(
                    "manifest " + file + " cannot be parsed: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BundleException("cannot read manifest " + file + ": " + e, e);
        }
        if (manifest == null) {
            throw new BundleException("manifest " + file + " cannot be parsed: it is empty");
        }
        return manifest;
    }

    private static void verifyFile(Path root, String fileName, String expected) {
        if (fileName.isEmpty()
                || fileName.contains("/")
                || fileName.contains("\\")
                || fileName.equals("..")
                || fileName.equals(".")
                || fileName.equals(MANIFEST_FILE)) {
            throw new BundleException(
                    "model bundle "
                            + root
                            + ": "
                            + MANIFEST_FILE
                            + " lists an invalid file name "
                            + quote(fileName));
        }
        Path file = root.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new BundleException(
                    "model bundle "
                            + root
                            + " is incomplete: "
                            + fileName
                            + " is listed in "
                            + MANIFEST_FILE
                            + " but missing; copy the whole bundle directory again");
        }
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(String.valueOf(expected))) {
            throw new BundleException(
                    "model bundle file "
                            + file
                            + " is corrupt: sha256 "
                            + actual
                            + ", expected "
                            + expected
                            + " (from "
                            + MANIFEST_FILE
                            + "); copy the bundle again from its source");
        }
    }

    private static void checkShapesMatchManifest(
            String name, BundleManifest manifest, Map<String, Tensor> tensors) {
        Map<String, List<Integer>> declared =
                manifest.tensors == null ? Map.of() : manifest.tensors;
        List<String> problems = new ArrayList<>();
        for (String t : new TreeSet<>(declared.keySet())) {
            if (!tensors.containsKey(t)) {
                problems.add("'" + t + "' is in " + MANIFEST_FILE + " but not in " + TENSORS_FILE);
            } else {
                List<Integer> actual = shapeList(tensors.get(t).shape());
                if (!actual.equals(declared.get(t))) {
                    problems.add(
                            "'"
                                    + t
                                    + "' has shape "
                                    + actual
                                    + " in "
                                    + TENSORS_FILE
                                    + " but "
                                    + declared.get(t)
                                    + " in "
                                    + MANIFEST_FILE);
                }
            }
        }
        for (String t : tensors.keySet()) {
            if (!declared.containsKey(t)) {
                problems.add("'" + t + "' is in " + TENSORS_FILE + " but not in " + MANIFEST_FILE);
            }
        }
        if (!problems.isEmpty()) {
            throw new BundleException(
                    name + ": tensors differ from the manifest: " + String.join("; ", problems));
        }
    }

    private static List<String> readItems(String name, Path file) {
        String content;
        try {
            byte[] bytes = Files.readAllBytes(file);
            content =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new BundleException(name + ": " + ITEMS_FILE + " is not valid UTF-8", e);
        } catch (IOException e) {
            throw new BundleException(name + ": cannot read " + ITEMS_FILE + ": " + e, e);
        }
        List<String> ids = new ArrayList<>();
        if (content.isEmpty()) {
            return ids;
        }
        String[] lines = content.split("\n", -1);
        // A final line break ends the last id; it does not start an empty one.
        int count = content.endsWith("\n") ? lines.length - 1 : lines.length;
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String id =
                    lines[i].endsWith("\r")
                            ? lines[i].substring(0, lines[i].length() - 1)
                            : lines[i];
            if (id.isEmpty()) {
                throw new BundleException(
                        name + ": " + ITEMS_FILE + " line " + (i + 1) + " is empty");
            }
            Integer first = seen.putIfAbsent(id, i + 1);
            if (first != null) {
                throw new BundleException(
                        name
                                + ": "
                                + ITEMS_FILE
                                + " line "
                                + (i + 1)
                                + " repeats item id "
                                + quote(id)
                                + " of line "
                                + first);
            }
            ids.add(id);
        }
        return ids;
    }

    private static void writeItems(OutputStream out, ModelBundle bundle) throws IOException {
        for (String id : bundle.itemIds()) {
            out.write(id.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
    }

    /** Writes a file durably (fsync) and returns the sha256 of its bytes. */
    private static String writeFile(Path file, StreamWriter writer) throws IOException {
        MessageDigest digest = newSha256();
        try (FileOutputStream fos = new FileOutputStream(file.toFile())) {
            OutputStream out =
                    new DigestOutputStream(new BufferedOutputStream(fos, 1 << 16), digest);
            writer.write(out);
            out.flush();
            fos.getFD().sync();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(Path file) {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    private static BundleManifest copy(BundleManifest manifest) {
        return JSON.convertValue(manifest, BundleManifest.class);
    }

    private static List<Integer> shapeList(int[] shape) {
        return Arrays.stream(shape).boxed().collect(Collectors.toList());
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    /** Makes the rename durable; best effort, as not every platform can open a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // The bundle is complete either way; only durability across power loss is weaker.
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    // Leave it: a stale hidden temp directory is harmless.
                                }
                            });
        } catch (IOException e) {
            // Same as above.
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }

    /** Writes one file's content. */
    @FunctionalInterface
    private interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }
}
