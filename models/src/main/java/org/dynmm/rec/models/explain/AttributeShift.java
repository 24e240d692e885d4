package org.dynmm.rec.models.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Recent-interest shift from the history alone: an attribute value's weight among the user's last
 * {@code recentWindow} items (the share of them carrying it) against its weight among the older
 * items of the history. A value of the candidate whose weight rose by at least {@code minRise} is a
 * shift. Needs at least {@code recentWindow} older items, so a short history reports none.
 */
public final class AttributeShift implements InterestShiftSource {
    private static final long serialVersionUID = 1L;

    private final List<String> attributeKeys;
    private final int recentWindow;
    private final double minRise;

    public AttributeShift(List<String> attributeKeys, int recentWindow, double minRise) {
        if (recentWindow <= 0 || minRise <= 0.0) {
            throw new IllegalArgumentException("recent window and minimum rise must be positive");
        }
        this.attributeKeys = List.copyOf(attributeKeys);
        this.recentWindow = recentWindow;
        this.minRise = minRise;
    }

    @Override
    public UserShifts forUser(ItemStatsIndex index, UserContext user) {
        List<String> recent = user.recentItems();
        int older = recent.size() - recentWindow;
        if (older < recentWindow) {
            return itemId -> List.of();
        }
        Map<String, int[]> counts = new HashMap<>(); // "key\0value" -> {recent, older}
        for (int i = 0; i < recent.size(); i++) {
            int id = index.idOf(recent.get(i));
            if (id < 0) {
                continue;
            }
            boolean isRecent = i >= older;
            for (String key : attributeKeys) {
                Set<String> values =
                        new HashSet<>(index.attributesOf(id).getOrDefault(key, List.of()));
                for (String value : values) {
                    counts.computeIfAbsent(key + '\0' + value, k -> new int[2])[isRecent ? 0 : 1]++;
                }
            }
        }
        int olderCount = older;
        return itemId -> {
            List<Evidence> shifts = new ArrayList<>();
            for (String key : attributeKeys) {
                for (String value : index.attributesOf(itemId).getOrDefault(key, List.of())) {
                    int[] c = counts.get(key + '\0' + value);
                    if (c == null) {
                        continue;
                    }
                    double recentWeight = c[0] / (double) recentWindow;
                    double longTermWeight = c[1] / (double) olderCount;
                    if (recentWeight - longTermWeight >= minRise) {
                        shifts.add(
                                Evidence.recentInterestShift(
                                        key, value, recentWeight, longTermWeight, recentWindow));
                    }
                }
            }
            shifts.sort(
                    Comparator.comparingDouble((Evidence e) -> e.longTermWeight - e.recentWeight));
            return shifts;
        };
    }
}
