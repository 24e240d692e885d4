package org.dynmm.rec.models.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
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
        int visual = 0;
        int audio = 0;
        int unknown = 0;
        Map<String, Integer> sizes = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + number;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new DatasetFormatException(where + ": not JSON: " + e.getMessage());
                }
                if (!node.isObject() || !node.path("item").isTextual()) {
                    throw new DatasetFormatException(where + ": expected {\"item\":\"id\", ...}");
                }
                float[] v = vector(node, VISUAL, where, sizes);
                float[] a = vector(node, AUDIO, where, sizes);
                ItemContent content = dataset.items().get(node.get("item").asText());
                if (content == null) {
                    unknown++;
                    continue;
                }
                if (v != null) {
                    content.visual = v;
                    visual++;
                }
                if (a != null) {
                    content.audio = a;
                    audio++;
                }
            }
        } catch (IOException e) {
            throw new DatasetFormatException("cannot read " + file + ": " + e);
        }
        return new Attached(visual, audio, unknown);
    }

    private static float[] vector(
            JsonNode node, String field, String where, Map<String, Integer> sizes) {
        JsonNode array = node.get(field);
        if (array == null || array.isNull()) {
            return null;
        }
        if (!array.isArray() || array.isEmpty()) {
            throw new DatasetFormatException(where + ": " + field + " must be a non-empty array");
        }
        Integer size = sizes.putIfAbsent(field, array.size());
        if (size != null && size != array.size()) {
            throw new DatasetFormatException(
                    where
                            + ": "
                            + field
                            + " has "
                            + array.size()
                            + " values, earlier lines have "
                            + size);
        }
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode e = array.get(i);
            float f = e.isNumber() ? (float) e.doubleValue() : Float.NaN;
            if (!Float.isFinite(f)) {
                throw new DatasetFormatException(
                        where + ": " + field + " element " + i + " is not a finite number");
            }
            v[i] = f;
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
