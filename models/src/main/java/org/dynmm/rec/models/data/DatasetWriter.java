package org.dynmm.rec.models.data;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes any {@link Dataset} in the project's plain format, which {@link DatasetLoader} reads back:
 *
 * <ul>
 *   <li>{@code interactions.csv}: {@code user,item,ts,value,type}, ts in epoch milliseconds;
 *   <li>{@code items.csv}: {@code item,title}, then {@code text} and {@code ts} when any item has
 *       them, then one column per attribute name (first-seen order) with values joined by {@code
 *       |}.
 * </ul>
 *
 * Modality vectors are not part of the CSV format and are not written.
 */
public final class DatasetWriter {
    private static final CsvMapper MAPPER = new CsvMapper();

    private DatasetWriter() {}

    /** Writes {@code dataset} into {@code dir}, creating it; existing files are replaced. */
    public static void write(Dataset dataset, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeInteractions(dataset.interactions(), dir.resolve(PlainFormat.INTERACTIONS_FILE));
        writeItems(dataset.items(), dir.resolve(PlainFormat.ITEMS_FILE));
    }

    private static void writeInteractions(List<InteractionEvent> events, Path file)
            throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                SequenceWriter rows = rowWriter(writer)) {
            rows.write(
                    new String[] {
                        PlainFormat.USER,
                        PlainFormat.ITEM,
                        PlainFormat.TS,
                        PlainFormat.VALUE,
                        PlainFormat.TYPE
                    });
            for (InteractionEvent e : events) {
                rows.write(
                        new String[] {
                            e.user, e.item, Long.toString(e.ts), Float.toString(e.value), e.type
                        });
            }
        }
    }

    private static void writeItems(Map<String, ItemContent> items, Path file) throws IOException {
        boolean withText = items.values().stream().anyMatch(c -> c.text != null);
        boolean withTs = items.values().stream().anyMatch(c -> c.ts != 0);
        Set<String> attributes = new LinkedHashSet<>();
        items.values().forEach(c -> attributes.addAll(c.attributes.keySet()));
        for (String name : attributes) {
            if (PlainFormat.RESERVED_ITEM_COLUMNS.contains(name)) {
                throw new IllegalArgumentException(
                        "attribute name '" + name + "' clashes with a reserved items.csv column");
            }
        }

        List<String> header = new ArrayList<>(List.of(PlainFormat.ITEM, PlainFormat.TITLE));
        if (withText) {
            header.add(PlainFormat.TEXT);
        }
        if (withTs) {
            header.add(PlainFormat.TS);
        }
        header.addAll(attributes);

        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                SequenceWriter rows = rowWriter(writer)) {
            rows.write(header.toArray(new String[0]));
            for (ItemContent c : items.values()) {
                List<String> row = new ArrayList<>(header.size());
                row.add(c.item);
                row.add(c.title == null ? "" : c.title);
                if (withText) {
                    row.add(c.text == null ? "" : c.text);
                }
                if (withTs) {
                    row.add(Long.toString(c.ts));
                }
                for (String name : attributes) {
                    row.add(joinValues(c.item, name, c.attributes.get(name)));
                }
                rows.write(row.toArray(new String[0]));
            }
        }
    }

    private static String joinValues(String item, String attribute, List<String> values) {
        if (values == null) {
            return "";
        }
        for (String v : values) {
            if (v.indexOf(PlainFormat.VALUE_SEPARATOR) >= 0) {
                throw new IllegalArgumentException(
                        "item "
                                + item
                                + ", attribute "
                                + attribute
                                + ": value '"
                                + v
                                + "' contains the separator '|'");
            }
        }
        return String.join(String.valueOf(PlainFormat.VALUE_SEPARATOR), values);
    }

    private static SequenceWriter rowWriter(Writer writer) throws IOException {
        return MAPPER.writerFor(String[].class).with(CsvSchema.emptySchema()).writeValues(writer);
    }
}
