package org.dynmm.rec.models.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.ranking.UserProfile;

/**
 * Next-item examples of a dataset prefix, replayed as the evaluator replays it: for each event (in
 * time order) that is not a duplicate and whose item the user has not taken yet, the user's last
 * {@code L} distinct items before it (most recent last) and the item.
 *
 * <p>Events {@code [0, trainEnd)} give the training examples; items with an interaction there are
 * <em>warm</em> and get rows {@code [0, warmCount)} (catalog order, then items missing from the
 * catalog in order of appearance); the other catalog items, then items first seen in {@code
 * [trainEnd, evalEnd)}, are <em>cold</em> and follow. Events {@code [trainEnd, evalEnd)} give
 * validation examples, each with the items its user had taken before it, for a full ranking.
 */
final class ExampleSet {
    /** History slot with no item (left padding). */
    static final int PAD = -1;

    final List<String> itemIds;
    final List<ItemContent> itemContent; // null entries: item without content
    final int warmCount;
    final int historyLength;

    final Examples train;
    final Examples validation;

    /** For validation: rows each user had taken before {@code trainEnd}, by user index. */
    final int[][] seenBeforeValidation;

    /**
     * Distinct rows each user took, in order of first taking, by user index; example e's user had
     * taken the first {@code seenCount[e]} of them.
     */
    final int[][] taken;

    final long firstTs;
    final long lastTs;
    final long cutoffTs;
    final int trainEvents;
    final int trainUsers;

    /** Examples in time order; {@code history} holds {@code historyLength} slots per example. */
    static final class Examples {
        final int[] history;
        final int[] target;
        final int[] user;
        final int[] seenCount;

        /** Index of the example's event in the dataset's events. */
        final int[] position;

        final int size;

        Examples(
                int[] history,
                int[] target,
                int[] user,
                int[] seenCount,
                int[] position,
                int size) {
            this.history = history;
            this.target = target;
            this.user = user;
            this.seenCount = seenCount;
            this.position = position;
            this.size = size;
        }

        /** Number of real (non-pad) history items of example {@code e}. */
        int historySize(int e, int historyLength) {
            int n = 0;
            for (int k = 0; k < historyLength; k++) {
                if (history[e * historyLength + k] != PAD) {
                    n++;
                }
            }
            return n;
        }
    }

    private ExampleSet(
            List<String> itemIds,
            List<ItemContent> itemContent,
            int warmCount,
            int historyLength,
            Examples train,
            Examples validation,
            int[][] seenBeforeValidation,
            int[][] taken,
            long firstTs,
            long lastTs,
            long cutoffTs,
            int trainEvents,
            int trainUsers) {
        this.itemIds = itemIds;
        this.itemContent = itemContent;
        this.warmCount = warmCount;
        this.historyLength = historyLength;
        this.train = train;
        this.validation = validation;
        this.seenBeforeValidation = seenBeforeValidation;
        this.taken = taken;
        this.firstTs = firstTs;
        this.lastTs = lastTs;
        this.cutoffTs = cutoffTs;
        this.trainEvents = trainEvents;
        this.trainUsers = trainUsers;
    }

    int itemCount() {
        return itemIds.size();
    }

    /**
     * @param trainEnd events {@code [0, trainEnd)} train
     * @param evalEnd events {@code [trainEnd, evalEnd)} validate ({@code evalEnd == trainEnd}:
     *     none)
     */
    static ExampleSet build(Dataset dataset, int trainEnd, int evalEnd, int historyLength) {
        List<InteractionEvent> events = dataset.interactions();
        if (trainEnd < 0 || evalEnd < trainEnd || evalEnd > events.size()) {
            throw new IllegalArgumentException(
                    "bad split [0, " + trainEnd + ") / [" + trainEnd + ", " + evalEnd + ")");
        }
        Set<String> warm = new LinkedHashSet<>();
        Set<String> trainUsers = new LinkedHashSet<>();
        for (int i = 0; i < trainEnd; i++) {
            warm.add(events.get(i).item);
            trainUsers.add(events.get(i).user);
        }
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (String item : dataset.items().keySet()) {
            if (warm.contains(item)) {
                rows.put(item, rows.size());
            }
        }
        for (String item : warm) {
            rows.putIfAbsent(item, rows.size());
        }
        int warmCount = rows.size();
        for (String item : dataset.items().keySet()) {
            rows.putIfAbsent(item, rows.size());
        }
        for (int i = trainEnd; i < evalEnd; i++) {
            rows.putIfAbsent(events.get(i).item, rows.size());
        }
        List<String> itemIds = List.copyOf(rows.keySet());
        List<ItemContent> content = new ArrayList<>(itemIds.size());
        for (String item : itemIds) {
            content.add(dataset.items().get(item));
        }

        int capacity = Math.max(historyLength, UserProfile.DEFAULT_HISTORY_CAPACITY);
        Map<String, UserProfile> profiles = new HashMap<>();
        Map<String, Integer> userIndex = new HashMap<>();
        Builder trainExamples = new Builder(historyLength);
        Builder validationExamples = new Builder(historyLength);
        int[][] seenBefore = null;
        List<int[]> takenRows = new ArrayList<>(); // per user: [count, rows...] grown on demand
        for (int i = 0; i < evalEnd; i++) {
            if (i == trainEnd) {
                seenBefore = snapshotSeen(profiles, userIndex, rows);
            }
            InteractionEvent e = events.get(i);
            UserProfile profile =
                    profiles.computeIfAbsent(
                            e.user,
                            u -> new UserProfile(capacity, UserProfile.DEFAULT_SEEN_CAPACITY));
            int user = userIndex.computeIfAbsent(e.user, u -> userIndex.size());
            if (profile.isDuplicate(e)) {
                continue;
            }
            if (!profile.hasSeen(e.item)) {
                if (user == takenRows.size()) {
                    takenRows.add(new int[] {0});
                }
                int[] userTaken = takenRows.get(user);
                List<String> recent = profile.recentDistinctItems(historyLength);
                (i < trainEnd ? trainExamples : validationExamples)
                        .add(recent, rows, rows.get(e.item), user, userTaken[0], i);
                if (userTaken[0] + 1 == userTaken.length) {
                    userTaken = Arrays.copyOf(userTaken, Math.max(8, userTaken.length * 2));
                    takenRows.set(user, userTaken);
                }
                userTaken[++userTaken[0]] = rows.get(e.item);
            }
            profile.append(e);
        }
        if (seenBefore == null) {
            seenBefore = snapshotSeen(profiles, userIndex, rows);
        }
        int[][] taken = new int[userIndex.size()][];
        for (int u = 0; u < taken.length; u++) {
            int[] t = u < takenRows.size() ? takenRows.get(u) : new int[] {0};
            taken[u] = Arrays.copyOfRange(t, 1, t[0] + 1);
        }
        long firstTs = events.isEmpty() ? 0 : events.get(0).ts;
        long lastTs = events.isEmpty() ? 0 : events.get(events.size() - 1).ts;
        long cutoffTs = trainEnd < events.size() ? events.get(trainEnd).ts : lastTs + 1;
        return new ExampleSet(
                itemIds,
                content,
                warmCount,
                historyLength,
                trainExamples.build(),
                validationExamples.build(),
                seenBefore,
                taken,
                firstTs,
                lastTs,
                cutoffTs,
                trainEnd,
                trainUsers.size());
    }

    private static int[][] snapshotSeen(
            Map<String, UserProfile> profiles,
            Map<String, Integer> userIndex,
            Map<String, Integer> rows) {
        // Users first seen later get an empty array on demand (see seenBefore()).
        int[][] seen = new int[userIndex.size()][];
        for (Map.Entry<String, Integer> u : userIndex.entrySet()) {
            List<String> items = profiles.get(u.getKey()).seenItems();
            int[] r = new int[items.size()];
            for (int k = 0; k < r.length; k++) {
                r[k] = rows.get(items.get(k));
            }
            seen[u.getValue()] = r;
        }
        return seen;
    }

    /** Rows user {@code user} had taken before the validation window (empty for new users). */
    int[] seenBefore(int user) {
        return user < seenBeforeValidation.length ? seenBeforeValidation[user] : new int[0];
    }

    /** Accumulates examples. */
    private static final class Builder {
        private final int historyLength;
        private int[] history = new int[0];
        private int[] target = new int[0];
        private int[] user = new int[0];
        private int[] seenCount = new int[0];
        private int[] position = new int[0];
        private int size;

        Builder(int historyLength) {
            this.historyLength = historyLength;
        }

        void add(
                List<String> recent,
                Map<String, Integer> rows,
                int targetRow,
                int userIdx,
                int seen,
                int event) {
            if (size == target.length) {
                int capacity = Math.max(1024, size * 2);
                history = Arrays.copyOf(history, capacity * historyLength);
                target = Arrays.copyOf(target, capacity);
                user = Arrays.copyOf(user, capacity);
                seenCount = Arrays.copyOf(seenCount, capacity);
                position = Arrays.copyOf(position, capacity);
            }
            position[size] = event;
            seenCount[size] = seen;
            int base = size * historyLength;
            int pad = historyLength - recent.size();
            Arrays.fill(history, base, base + pad, PAD);
            for (int k = 0; k < recent.size(); k++) {
                history[base + pad + k] = rows.get(recent.get(k));
            }
            target[size] = targetRow;
            user[size] = userIdx;
            size++;
        }

        Examples build() {
            return new Examples(
                    Arrays.copyOf(history, size * historyLength),
                    Arrays.copyOf(target, size),
                    Arrays.copyOf(user, size),
                    Arrays.copyOf(seenCount, size),
                    Arrays.copyOf(position, size),
                    size);
        }
    }
}
