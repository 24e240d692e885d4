package org.dynmm.rec.models.explain;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Gathers the evidence behind each recommended item from the state the ranker used: history
 * contributions from the scorer's {@link HistoryAttribution}, co-interaction counts from the item
 * index, attributes the item shares with the history, modality similarities to history items and
 * recent-interest shifts from an {@link InterestShiftSource}. Items with none of these (a user
 * without history) get the item's interaction count. Only figures read from state go into evidence;
 * the realizer and verifier never see anything else.
 */
public final class EvidenceCollector implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ExplainSettings settings;
    private final HistoryAttribution attribution;
    private final InterestShiftSource shifts;
    private final List<ModalityVectors> modalities;

    public EvidenceCollector(
            ExplainSettings settings,
            HistoryAttribution attribution,
            InterestShiftSource shifts,
            List<ModalityVectors> modalities) {
        this.settings = Objects.requireNonNull(settings);
        this.attribution = Objects.requireNonNull(attribution);
        this.shifts = Objects.requireNonNull(shifts);
        this.modalities = List.copyOf(modalities);
    }

    public ExplainSettings settings() {
        return settings;
    }

    public InterestShiftSource shifts() {
        return shifts;
    }

    /** Evidence for each of {@code candidates} (dense ids), in the same order. */
    public List<List<Evidence>> collect(
            ItemStatsIndex index, UserContext user, long now, int[] candidates) {
        return collect(index, user, now, candidates, shifts);
    }

    /** As {@link #collect(ItemStatsIndex, UserContext, long, int[])} with this request's shifts. */
    public List<List<Evidence>> collect(
            ItemStatsIndex index,
            UserContext user,
            long now,
            int[] candidates,
            InterestShiftSource shifts) {
        HistoryContributions contributions =
                attribution.contributions(index, user, now, candidates);
        InterestShiftSource.UserShifts userShifts = shifts.forUser(index, user);
        HistoryView history = new HistoryView(index, user);
        List<List<Evidence>> all = new ArrayList<>(candidates.length);
        for (int c = 0; c < candidates.length; c++) {
            List<Evidence> evidence = new ArrayList<>();
            int id = candidates[c];
            List<String> cited = addContributions(index, contributions, c, evidence);
            addCoInteractions(index, id, cited, history, evidence);
            addSharedAttributes(index, id, history, evidence);
            addModalities(index, id, history, evidence);
            List<Evidence> shift = userShifts.shiftsFor(id);
            if (!shift.isEmpty()) {
                evidence.add(shift.get(0));
            }
            if (evidence.isEmpty()) {
                evidence.add(Evidence.popularity(index.countOf(id)));
            }
            all.add(evidence);
        }
        return all;
    }

    /** Adds the top positive contributions; returns the cited history items. */
    private List<String> addContributions(
            ItemStatsIndex index, HistoryContributions contributions, int c, List<Evidence> out) {
        double[] row = contributions.values()[c];
        double positive = 0.0;
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < row.length; k++) {
            if (row[k] > 0.0) {
                positive += row[k];
                order.add(k);
            }
        }
        order.sort(
                Comparator.comparingDouble((Integer k) -> -row[k])
                        .thenComparing(k -> contributions.historyItems().get(k)));
        List<String> cited = new ArrayList<>();
        for (int k : order) {
            double share = row[k] / positive;
            if (cited.size() >= settings.maxContributions() || share < settings.minShare()) {
                break;
            }
            String item = contributions.historyItems().get(k);
            cited.add(item);
            out.add(Evidence.historyContribution(item, titleOf(index, item), share));
        }
        return cited;
    }

    private void addCoInteractions(
            ItemStatsIndex index,
            int id,
            List<String> cited,
            HistoryView history,
            List<Evidence> out) {
        List<String> sources = new ArrayList<>(cited);
        if (sources.isEmpty()) { // no contribution cited: the history item co-taken most
            String best = null;
            int bestCount = 0;
            for (int k = history.ids.size() - 1; k >= 0; k--) {
                int co = index.coCount(history.ids.get(k), id);
                if (co > bestCount) {
                    bestCount = co;
                    best = history.items.get(k);
                }
            }
            if (best != null) {
                sources.add(best);
            }
        }
        for (String item : sources) {
            int h = index.idOf(item);
            int co = h < 0 ? 0 : index.coCount(h, id);
            if (co > 0) {
                out.add(
                        Evidence.coInteraction(
                                item, titleOf(index, item), co, settings.coInteractionWindow()));
            }
        }
    }

    private void addSharedAttributes(
            ItemStatsIndex index, int id, HistoryView history, List<Evidence> out) {
        if (history.ids.isEmpty()) {
            return;
        }
        List<Evidence> shared = new ArrayList<>();
        for (String key : settings.attributeKeys()) {
            for (String value :
                    new LinkedHashSet<>(index.attributesOf(id).getOrDefault(key, List.of()))) {
                AttributeCount count = history.attributeCounts.get(key + '\0' + value);
                if (count != null) {
                    shared.add(
                            Evidence.sharedAttribute(
                                    key,
                                    value,
                                    count.count,
                                    history.ids.size(),
                                    count.latestItem,
                                    titleOf(index, count.latestItem)));
                }
            }
        }
        shared.sort(
                Comparator.comparingLong((Evidence e) -> -e.count)
                        .thenComparing(e -> e.attribute)
                        .thenComparing(e -> e.value));
        out.addAll(shared.subList(0, Math.min(settings.maxSharedAttributes(), shared.size())));
    }

    private void addModalities(
            ItemStatsIndex index, int id, HistoryView history, List<Evidence> out) {
        for (ModalityVectors modality : modalities) {
            float[] v = modality.vectorOf(index, id);
            if (v == null) {
                continue;
            }
            double best = Double.NEGATIVE_INFINITY;
            String bestItem = null;
            for (int k = history.ids.size() - 1; k >= 0; k--) {
                float[] h = modality.vectorOf(index, history.ids.get(k));
                if (h != null && h.length == v.length) {
                    double cos = ModalityVectors.cosine(v, h);
                    if (cos > best) {
                        best = cos;
                        bestItem = history.items.get(k);
                    }
                }
            }
            if (bestItem != null && best >= settings.minSimilarity()) {
                out.add(
                        Evidence.modalitySimilarity(
                                modality.modality(), bestItem, titleOf(index, bestItem), best));
            }
        }
    }

    private static String titleOf(ItemStatsIndex index, String item) {
        int id = index.idOf(item);
        return id < 0 ? null : index.titleOf(id);
    }

    /** The user's known history items and their attribute counts, computed once per request. */
    private final class HistoryView {
        final List<String> items = new ArrayList<>();
        final List<Integer> ids = new ArrayList<>();
        final Map<String, AttributeCount> attributeCounts = new HashMap<>();

        HistoryView(ItemStatsIndex index, UserContext user) {
            Set<String> distinct = new LinkedHashSet<>(user.recentItems());
            for (String item : distinct) {
                int id = index.idOf(item);
                if (id < 0) {
                    continue;
                }
                items.add(item);
                ids.add(id);
                for (String key : settings.attributeKeys()) {
                    for (String value :
                            new LinkedHashSet<>(
                                    index.attributesOf(id).getOrDefault(key, List.of()))) {
                        AttributeCount count =
                                attributeCounts.computeIfAbsent(
                                        key + '\0' + value, k -> new AttributeCount());
                        count.count++;
                        count.latestItem = item; // most recent last: ends at the latest
                    }
                }
            }
        }
    }

    private static final class AttributeCount {
        long count;
        String latestItem;
    }
}
