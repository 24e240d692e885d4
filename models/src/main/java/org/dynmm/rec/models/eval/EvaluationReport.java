package org.dynmm.rec.models.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Result of a prequential evaluation: per method and slice, the ranked events, HR@k and NDCG@k,
 * plus the split that produced them. Renders as a text table or JSON.
 *
 * @param dataset dataset name
 * @param interactions all events in the dataset
 * @param catalogItems items in the dataset's catalog
 * @param trainEvents events before the cutoff (state updates only)
 * @param testEvents events from the cutoff on
 * @param skippedSeen test events not ranked because the user had already taken the item
 * @param duplicates events dropped as duplicates (same user, item, type and time)
 * @param cutoffTs time of the first test event, epoch milliseconds (0 when there is none)
 * @param config the settings of the run
 * @param results method name to slice to metrics, in method order
 * @param elapsedMillis wall time of the replay
 * @param unseenItemsOnly only the unseen-items slice was ranked ({@link
 *     PrequentialEvaluator#rankOnlyUnseenItems()}); the other slices were not computed
 * @param differences paired bootstrap comparisons of NDCG@k against the reference methods ({@link
 *     PrequentialEvaluator#compareAgainst}); empty when none was asked for
 */
public record EvaluationReport(
        String dataset,
        long interactions,
        int catalogItems,
        long trainEvents,
        long testEvents,
        long skippedSeen,
        long duplicates,
        long cutoffTs,
        EvaluationConfig config,
        Map<String, Map<Slice, SliceResult>> results,
        long elapsedMillis,
        boolean unseenItemsOnly,
        List<PairedDifference> differences) {

    public EvaluationReport {
        differences = List.copyOf(differences);
    }

    /** Text of the note on a partial replay. */
    public static final String UNSEEN_ITEMS_ONLY_NOTE =
            "only the unseen-items slice was ranked (--rank-only-unseen-items): the all and"
                    + " cold-users slices were NOT computed; every event still updated the state";

    /** A report of a full replay (every slice ranked), without paired comparisons. */
    public EvaluationReport(
            String dataset,
            long interactions,
            int catalogItems,
            long trainEvents,
            long testEvents,
            long skippedSeen,
            long duplicates,
            long cutoffTs,
            EvaluationConfig config,
            Map<String, Map<Slice, SliceResult>> results,
            long elapsedMillis) {
        this(
                dataset,
                interactions,
                catalogItems,
                trainEvents,
                testEvents,
                skippedSeen,
                duplicates,
                cutoffTs,
                config,
                results,
                elapsedMillis,
                false,
                List.of());
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Metrics of {@code method} on {@code slice}. */
    public SliceResult result(String method, Slice slice) {
        Map<Slice, SliceResult> bySlice = results.get(method);
        if (bySlice == null) {
            throw new IllegalArgumentException("no method named " + method);
        }
        return bySlice.get(slice);
    }

    /** A fixed-width table with a header describing the split. */
    public String renderTable() {
        int k = config.k();
        StringBuilder sb = new StringBuilder();
        sb.append(
                format(
                        "Prequential evaluation on %s: %,d events, %,d catalog items%n",
                        dataset, interactions, catalogItems));
        sb.append(
                format(
                        "train %,d events | test %,d events from %s (cutoff fraction %s)%n",
                        trainEvents,
                        testEvents,
                        testEvents == 0 ? "-" : Instant.ofEpochMilli(cutoffTs).toString(),
                        config.cutoffFraction()));
        sb.append(
                format(
                        "not ranked: %,d (item already seen), %,d duplicates%n",
                        skippedSeen, duplicates));
        sb.append(
                format(
                        "k=%d, co-occurrence window %d, popularity half-life %s, %.1f s%n%n",
                        k,
                        config.cooccurrenceWindow(),
                        halfLifeText(config.popularityHalfLife()),
                        elapsedMillis / 1000.0));
        if (unseenItemsOnly) {
            sb.append("NOTE: ").append(UNSEEN_ITEMS_ONLY_NOTE).append(System.lineSeparator());
        }
        int width =
                Math.max(20, results.keySet().stream().mapToInt(String::length).max().orElse(0));
        String row = "%-" + width + "s  %-13s %9s %9s %9s%n";
        sb.append(format(row, "method", "slice", "events", "HR@" + k, "NDCG@" + k));
        results.forEach(
                (method, bySlice) -> {
                    boolean first = true;
                    for (Map.Entry<Slice, SliceResult> e : bySlice.entrySet()) {
                        SliceResult r = e.getValue();
                        sb.append(
                                format(
                                        row,
                                        first ? method : "",
                                        e.getKey().label(),
                                        format("%,d", r.events()),
                                        format("%.4f", r.hitRate()),
                                        format("%.4f", r.ndcg())));
                        first = false;
                    }
                });
        if (!differences.isEmpty()) {
            sb.append(System.lineSeparator())
                    .append(
                            format(
                                    "paired differences of NDCG@%d (95%% bootstrap interval, %,d"
                                            + " resamples of the events; wins = events with the"
                                            + " higher gain)%n",
                                    k, PairedBootstrap.RESAMPLES));
            String diffRow = "%-" + width + "s  %-" + width + "s  %-13s %11s %23s %13s%n";
            sb.append(
                    format(diffRow, "method", "minus", "slice", "difference", "interval", "wins"));
            for (PairedDifference d : differences) {
                sb.append(
                        format(
                                diffRow,
                                d.method(),
                                d.reference(),
                                d.slice().label(),
                                format("%+.4f", d.difference()),
                                format("[%+.4f, %+.4f]%s", d.low(), d.high(), verdict(d)),
                                format("%d:%d", d.methodWins(), d.referenceWins())));
            }
        }
        return sb.toString();
    }

    /** " >" when the method is ahead beyond the interval, " <" when behind, else blank. */
    private static String verdict(PairedDifference d) {
        return d.methodAhead() ? " >" : d.referenceAhead() ? " <" : "  ";
    }

    /**
     * A Markdown results table: one row per method, one column per slice (with its event count),
     * each cell {@code HR@k / NDCG@k}, under a line describing the split.
     */
    public String renderMarkdown() {
        int k = config.k();
        StringBuilder sb = new StringBuilder();
        sb.append(
                format(
                        "Prequential evaluation on %s: train on the first %s of %,d events, test"
                                + " on %,d events from %s; HR@%d / NDCG@%d.%n%n",
                        dataset,
                        config.cutoffFraction(),
                        interactions,
                        testEvents,
                        testEvents == 0 ? "-" : Instant.ofEpochMilli(cutoffTs).toString(),
                        k,
                        k));
        if (unseenItemsOnly) {
            sb.append("Note: ")
                    .append(UNSEEN_ITEMS_ONLY_NOTE)
                    .append('.')
                    .append(System.lineSeparator())
                    .append(System.lineSeparator());
        }
        Map<Slice, Long> events = new EnumMap<>(Slice.class);
        results.values()
                .forEach(bySlice -> bySlice.forEach((s, r) -> events.putIfAbsent(s, r.events())));
        sb.append("| method |");
        events.forEach((s, n) -> sb.append(format(" %s (%,d) |", s.label(), n)));
        sb.append(System.lineSeparator()).append("| --- |");
        events.keySet().forEach(s -> sb.append(" --- |"));
        sb.append(System.lineSeparator());
        results.forEach(
                (method, bySlice) -> {
                    sb.append("| ").append(method).append(" |");
                    for (Slice s : events.keySet()) {
                        SliceResult r = bySlice.get(s);
                        sb.append(
                                r == null
                                        ? " - |"
                                        : format(" %.4f / %.4f |", r.hitRate(), r.ndcg()));
                    }
                    sb.append(System.lineSeparator());
                });
        if (!differences.isEmpty()) {
            sb.append(System.lineSeparator())
                    .append(
                            format(
                                    "Paired differences of NDCG@%d (95%% bootstrap interval over"
                                            + " %,d resamples of the events; wins = events where"
                                            + " the method has the higher gain):%n%n",
                                    k, PairedBootstrap.RESAMPLES))
                    .append("| method | minus | slice | difference | 95% interval | wins |")
                    .append(System.lineSeparator())
                    .append("| --- | --- | --- | ---: | --- | ---: |")
                    .append(System.lineSeparator());
            for (PairedDifference d : differences) {
                sb.append(
                        format(
                                "| %s | %s | %s | %+.4f | [%+.4f, %+.4f]%s | %d : %d |%n",
                                d.method(),
                                d.reference(),
                                d.slice().label(),
                                d.difference(),
                                d.low(),
                                d.high(),
                                d.methodAhead() ? " above 0" : d.referenceAhead() ? " below 0" : "",
                                d.methodWins(),
                                d.referenceWins()));
            }
        }
        return sb.toString();
    }

    /** Writes {@link #renderMarkdown()} to {@code file}, creating parent directories. */
    public void writeMarkdown(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, renderMarkdown(), StandardCharsets.UTF_8);
    }

    /** The report as a JSON tree. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("dataset", dataset);
        root.put("interactions", interactions);
        root.put("catalogItems", catalogItems);
        root.put("trainEvents", trainEvents);
        root.put("testEvents", testEvents);
        root.put("skippedSeen", skippedSeen);
        root.put("duplicates", duplicates);
        root.put("cutoffTs", cutoffTs);
        root.put("elapsedMillis", elapsedMillis);
        root.put("unseenItemsOnly", unseenItemsOnly);
        if (unseenItemsOnly) {
            root.put("note", UNSEEN_ITEMS_ONLY_NOTE);
        }
        ObjectNode cfg = root.putObject("config");
        cfg.put("cutoffFraction", config.cutoffFraction());
        cfg.put("k", config.k());
        cfg.put("historyCapacity", config.historyCapacity());
        cfg.put("seenCapacity", config.seenCapacity());
        cfg.put("cooccurrenceWindow", config.cooccurrenceWindow());
        cfg.put("popularityHalfLife", config.popularityHalfLife().toString());
        ObjectNode methods = root.putObject("methods");
        results.forEach(
                (method, bySlice) -> {
                    ObjectNode m = methods.putObject(method);
                    bySlice.forEach(
                            (slice, r) -> {
                                ObjectNode s = m.putObject(slice.label());
                                s.put("events", r.events());
                                s.put("hr", r.hitRate());
                                s.put("ndcg", r.ndcg());
                            });
                });
        if (!differences.isEmpty()) {
            ArrayNode array = root.putArray("pairedDifferences");
            for (PairedDifference d : differences) {
                ObjectNode n = array.addObject();
                n.put("method", d.method());
                n.put("reference", d.reference());
                n.put("slice", d.slice().label());
                n.put("events", d.events());
                n.put("ndcgDifference", d.difference());
                n.put("low95", d.low());
                n.put("high95", d.high());
                n.put("methodWins", d.methodWins());
                n.put("referenceWins", d.referenceWins());
            }
        }
        return root;
    }

    /** Writes {@link #toJson()} to {@code file}, creating parent directories. */
    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), toJson());
    }

    private static String halfLifeText(Duration halfLife) {
        if (halfLife.isZero()) {
            return "0 (plain counts)";
        }
        long days = halfLife.toDays();
        return halfLife.equals(Duration.ofDays(days)) ? days + "d" : halfLife.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
