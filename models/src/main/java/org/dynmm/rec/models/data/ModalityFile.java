package org.dynmm.rec.models.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Item modality vectors joined on item id, one JSON object a line (the shape of an item record of
 * the items topic, reduced to the id and the vectors): {@code {"item":"i9","visual":[0.1,...]}},
 * {@code {"item":"i9","audio":[...]}} or both in one line. An item without a line, or with {@code
 * null}, has no vector of that modality (it is masked, never zero-filled). See data/README.md for
 * producing real vectors (CLIP, VGGish, CLAP).
 */
public final class ModalityFile {
    public static final String VISUAL = "visual";
    public static final String AUDIO = "audio";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModalityFile() {}

    /** What {@link #attach} did. */
    public record Attached(int visual, int audio, int unknownItems) {}

    /**
     * Reads {@code file} and sets the vectors on the dataset's items (lines of items the dataset
     * does not know are counted and skipped). Every problem (bad JSON, a non-numeric or non-finite
     * value, vectors of one modality with different sizes) is a {@link DatasetFormatException}
     * naming the file and line.
     */
    public static Attached attach(Dataset dataset, Path file) {
        int[] counts = new int[3]; // visual, audio, unknown items
        Map<String, Integer> sizes = new LinkedHashMap<>();
        JsonLines.forEach(
                file,
                (where, node) -> {
                    if (!node.isObject() || !node.path("item").isTextual()) {
                        throw new DatasetFormatException(
                                where + ": expected {\"item\":\"id\", ...}");
                    }
                    float[] v = vector(node, VISUAL, where, sizes);
                    float[] a = vector(node, AUDIO, where, sizes);
                    ItemContent content = dataset.items().get(node.get("item").asText());
                    if (content == null) {
                        counts[2]++;
                        return;
                    }
                    if (v != null) {
                        content.visual = v;
                        counts[0]++;
                    }
                    if (a != null) {
                        content.audio = a;
                        counts[1]++;
                    }
                });
        return new Attached(counts[0], counts[1], counts[2]);
    }

    private static float[] vector(
            JsonNode node, String field, String where, Map<String, Integer> sizes) {
        JsonNode array = node.get(field);
        if (array == null || array.isNull()) {
            return null;
        }
        float[] v = JsonLines.finiteVector(array, field, where);
        Integer size = sizes.putIfAbsent(field, v.length);
        if (size != null && size != v.length) {
            throw new DatasetFormatException(
                    where
                            + ": "
                            + field
                            + " has "
                            + v.length
                            + " values, earlier lines have "
                            + size);
        }
        return v;
    }

    /** Writes one line per item that has a vector of {@code modality}, in map order. */
    public static void write(Path file, String modality, Map<String, float[]> vectors)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                ObjectNode line = JSON.createObjectNode();
                line.put("item", e.getKey());
                ArrayNode array = line.putArray(modality);
                for (float f : e.getValue()) {
                    array.add(f);
                }
                out.write(JSON.writeValueAsString(line));
                out.newLine();
            }
        }
    }
}
