package org.dynmm.rec.models.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading the project's JSON-lines inputs (modality vectors, projector targets): one JSON value a
 * line, blank lines skipped, every problem a {@link DatasetFormatException} that names the file and
 * line.
 */
public final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    /** Receives each parsed line with {@code where} = "file:line" for error messages. */
    @FunctionalInterface
    public interface LineHandler {
        void accept(String where, JsonNode node);
    }

    /** Parses every non-blank line of {@code file} and hands it to {@code handler}, in order. */
    public static void forEach(Path file, LineHandler handler) {
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
                handler.accept(where, node);
            }
        } catch (IOException e) {
            throw new DatasetFormatException("cannot read " + file + ": " + e);
        }
    }

    /**
     * {@code array} (the value of {@code field}) as floats: it must be a non-empty array of finite
     * numbers.
     */
    public static float[] finiteVector(JsonNode array, String field, String where) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new DatasetFormatException(where + ": " + field + " must be a non-empty array");
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
}
