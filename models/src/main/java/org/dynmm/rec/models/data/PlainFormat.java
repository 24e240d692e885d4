package org.dynmm.rec.models.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The project's own dataset format: {@code interactions.csv} (header with {@code user,item,ts} and
 * optional {@code value,type}; ts in epoch milliseconds) and optional {@code items.csv} (header
 * with {@code item,title}, optional {@code text} and {@code ts}, every other column an attribute
 * whose values are separated by {@code |}). UTF-8, RFC 4180 quoting.
 */
final class PlainFormat {
    static final String INTERACTIONS_FILE = "interactions.csv";
    static final String ITEMS_FILE = "items.csv";

    static final String USER = "user";
    static final String ITEM = "item";
    static final String TS = "ts";
    static final String VALUE = "value";
    static final String TYPE = "type";
    static final String TITLE = "title";
    static final String TEXT = "text";

    /** Separator of the values of one attribute cell. */
    static final char VALUE_SEPARATOR = '|';

    static final Set<String> RESERVED_ITEM_COLUMNS = Set.of(ITEM, TITLE, TEXT, TS);

    private PlainFormat() {}

    static Dataset read(Path dir) {
        StringPool ids = new StringPool();
        List<InteractionEvent> interactions = readInteractions(dir.resolve(INTERACTIONS_FILE), ids);
        Path itemsFile = dir.resolve(ITEMS_FILE);
        Map<String, ItemContent> items =
                Files.exists(itemsFile) ? readItems(itemsFile, ids) : new LinkedHashMap<>();
        return new Dataset(DatasetLoader.nameOf(dir), interactions, items);
    }

    private static List<InteractionEvent> readInteractions(Path file, StringPool ids) {
        String expected = "user,item,ts[,value][,type]";
        List<InteractionEvent> events = new ArrayList<>();
        try (CsvFile csv = CsvFile.open(file, StandardCharsets.UTF_8)) {
            int user = csv.requireColumn(USER, expected);
            int item = csv.requireColumn(ITEM, expected);
            int ts = csv.requireColumn(TS, expected);
            int value = csv.column(VALUE);
            int type = csv.column(TYPE);
            while (csv.next()) {
                InteractionEvent e = new InteractionEvent();
                e.user = ids.intern(csv.get(user));
                e.item = ids.intern(csv.get(item));
                e.ts = csv.getLong(ts);
                if (csv.getOptional(value) != null) {
                    e.value = csv.getFloat(value);
                }
                String typeName = csv.getOptional(type);
                if (typeName != null) {
                    e.type = ids.intern(typeName);
                }
                events.add(e);
            }
        }
        return events;
    }

    private static Map<String, ItemContent> readItems(Path file, StringPool ids) {
        Map<String, ItemContent> items = new LinkedHashMap<>();
        try (CsvFile csv = CsvFile.open(file, StandardCharsets.UTF_8)) {
            String expected = "item,title[,text][,ts][,attribute...]";
            int item = csv.requireColumn(ITEM, expected);
            int title = csv.requireColumn(TITLE, expected);
            int text = csv.column(TEXT);
            int ts = csv.column(TS);
            List<String> header = csv.headerNames();
            while (csv.next()) {
                ItemContent c = new ItemContent();
                c.item = ids.intern(csv.get(item));
                c.title = csv.get(title);
                c.text = csv.getOptional(text);
                if (csv.getOptional(ts) != null) {
                    c.ts = csv.getLong(ts);
                }
                for (int col = 0; col < header.size(); col++) {
                    String name = header.get(col).trim();
                    String cell = csv.getOptional(col);
                    if (!RESERVED_ITEM_COLUMNS.contains(name) && cell != null) {
                        c.attributes.put(name, splitValues(cell, ids));
                    }
                }
                items.put(c.item, c); // a later row for the same item replaces the earlier one
            }
        }
        return items;
    }

    /** Splits a {@code a|b|c} cell, dropping blanks. */
    static List<String> splitValues(String cell, StringPool pool) {
        List<String> values = new ArrayList<>();
        int start = 0;
        while (start <= cell.length()) {
            int end = cell.indexOf(VALUE_SEPARATOR, start);
            if (end < 0) {
                end = cell.length();
            }
            String value = cell.substring(start, end).trim();
            if (!value.isEmpty()) {
                values.add(pool.intern(value));
            }
            start = end + 1;
        }
        return values;
    }
}
