package org.dynmm.rec.models.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.models.ranking.UserProfile;

/**
 * Prequential (test-then-train) replay, the protocol every method is compared with.
 *
 * <p>Events are replayed in time order. The first {@code cutoffFraction} of them only update state:
 * one {@link UserProfile} per user and one {@link ItemStatsIndex} holding the whole catalog
 * (registered first) and the interactions. Each later event (u, i, t) is first ranked, then applied
 * the same way: every method ranks all items u has not taken (full ranking, no sampled negatives)
 * with the state as of just before the event, and i's rank gives HR@k and NDCG@k. Events whose item
 * u has already taken cannot be ranked and are counted as skipped; duplicates (same user, item,
 * type and time) are dropped, as in the job.
 *
 * <p>With {@link #rankOnlyUnseenItems()}, a faster partial replay for experiments that only read
 * the unseen-items slice: every event still updates the state exactly as above, but only test
 * events on items without an interaction before the cutoff are ranked (and shown to observers); the
 * report then holds that slice alone and says so.
 */
public final class PrequentialEvaluator {
    private final EvaluationConfig config;
    private final List<RankingMethod> methods;
    private final List<ReplayObserver> observers = new ArrayList<>();
    private final List<RankListener> rankListeners = new ArrayList<>();
    private boolean unseenItemsOnly;
    private final List<String> references = new ArrayList<>();

    public PrequentialEvaluator(EvaluationConfig config, List<RankingMethod> methods) {
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("at least one method is needed");
        }
        this.config = config;
        this.methods = List.copyOf(methods);
    }

    /** Adds an observer of every ranked test event (e.g. explanation metrics). */
    public PrequentialEvaluator addObserver(ReplayObserver observer) {
        observers.add(observer);
        return this;
    }

    /**
     * Compares every other method with {@code method} on every slice by a paired bootstrap of
     * NDCG@k ({@link PairedDifference}); a name that is not among the methods is ignored.
     */
    public PrequentialEvaluator compareAgainst(String method) {
        references.add(method);
        return this;
    }

    /**
     * Adds a listener that receives every ranked test event's rank per method, for per-event
     * (paired) comparisons of methods or runs.
     */
    public PrequentialEvaluator addRankListener(RankListener listener) {
        rankListeners.add(listener);
        return this;
    }

    /**
     * Ranks only the test events of the {@link Slice#UNSEEN_ITEMS} slice (the costly part); the
     * state still sees every event. The other slices are not computed.
     */
    public PrequentialEvaluator rankOnlyUnseenItems() {
        unseenItemsOnly = true;
        return this;
    }

    /** Runs the replay without progress output. */
    public EvaluationReport evaluate(Dataset dataset) {
        return evaluate(dataset, null);
    }

    /**
     * Runs the replay.
     *
     * @param progress receives a line about every 10% of test events; null for none
     */
    public EvaluationReport evaluate(Dataset dataset, PrintStream progress) {
        long start = System.nanoTime();
        List<InteractionEvent> events = dataset.interactions();
        int cutoff = (int) Math.floor(events.size() * config.cutoffFraction());
        Replay replay = new Replay(dataset);

        for (int i = 0; i < cutoff; i++) {
            replay.apply(events.get(i));
        }
        replay.markCutoff();

        int testEvents = events.size() - cutoff;
        int nextProgress = 1;
        for (int i = cutoff; i < events.size(); i++) {
            replay.test(events.get(i));
            int done = i - cutoff + 1;
            if (progress != null && done * 10L >= (long) nextProgress * testEvents) {
                progress.printf(
                        "evaluate: %3d%% (%d/%d test events, %.1f s)%n",
                        done * 100L / testEvents,
                        done,
                        testEvents,
                        (System.nanoTime() - start) / 1e9);
                nextProgress = (int) (done * 10L / testEvents) + 1;
            }
        }

        Map<String, Map<Slice, SliceResult>> results = new LinkedHashMap<>();
        for (int m = 0; m < methods.size(); m++) {
            Map<Slice, SliceResult> bySlice = new EnumMap<>(Slice.class);
            for (Slice slice : Slice.values()) {
                if (!unseenItemsOnly || slice == Slice.UNSEEN_ITEMS) {
                    bySlice.put(slice, replay.metrics[m][slice.ordinal()].result());
                }
            }
            results.put(methods.get(m).name(), bySlice);
        }
        List<PairedDifference> differences = new ArrayList<>();
        for (String reference : references) {
            int r = methodIndex(reference);
            if (r < 0) {
                continue;
            }
            for (int m = 0; m < methods.size(); m++) {
                if (m == r) {
                    continue;
                }
                for (Slice slice : Slice.values()) {
                    if (!unseenItemsOnly || slice == Slice.UNSEEN_ITEMS) {
                        differences.add(
                                PairedBootstrap.compare(
                                        methods.get(m).name(),
                                        reference,
                                        slice,
                                        replay.gains[m].toArray(),
                                        replay.gains[r].toArray(),
                                        replay.eventsOf(slice)));
                    }
                }
            }
        }
        return new EvaluationReport(
                dataset.name(),
                events.size(),
                dataset.items().size(),
                cutoff,
                testEvents,
                replay.skippedSeen,
                replay.duplicates,
                testEvents == 0 ? 0 : events.get(cutoff).ts,
                config,
                results,
                (System.nanoTime() - start) / 1_000_000,
                unseenItemsOnly,
                differences);
    }

    private int methodIndex(String name) {
        for (int m = 0; m < methods.size(); m++) {
            if (methods.get(m).name().equals(name)) {
                return m;
            }
        }
        return -1;
    }

    /** A growable array of floats. */
    private static final class FloatList {
        private float[] values = new float[1024];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** The state of one run. */
    private final class Replay {
        final ItemStatsIndex index = new ItemStatsIndex(config.popularityHalfLife());
        final Map<String, UserProfile> profiles = new HashMap<>();
        final MetricAccumulator[][] metrics;
        final double[][] scores;

        /** Per method, the NDCG@k gain of each ranked test event, in replay order. */
        final FloatList[] gains;

        /** Per ranked test event, a bit per {@link Slice} ordinal it belongs to. */
        final List<Integer> sliceBits = new ArrayList<>();

        final List<Slice> slices = new ArrayList<>(Slice.values().length);
        final boolean hasOnline = methods.stream().anyMatch(m -> m.online() != null);

        /** {@code trained[id]}: the item had an interaction before the cutoff. */
        boolean[] trained;

        long skippedSeen;
        long duplicates;

        Replay(Dataset dataset) {
            for (ItemContent item : dataset.items().values()) {
                index.putContent(item);
            }
            metrics = new MetricAccumulator[methods.size()][Slice.values().length];
            for (MetricAccumulator[] bySlice : metrics) {
                for (int s = 0; s < bySlice.length; s++) {
                    bySlice[s] = new MetricAccumulator(config.k());
                }
            }
            scores = new double[methods.size()][];
            gains = new FloatList[methods.size()];
            for (int m = 0; m < gains.length; m++) {
                gains[m] = new FloatList();
            }
        }

        /** Indices (into {@link #gains}) of the ranked events in {@code slice}. */
        int[] eventsOf(Slice slice) {
            int bit = 1 << slice.ordinal();
            return IntStream.range(0, sliceBits.size())
                    .filter(e -> (sliceBits.get(e) & bit) != 0)
                    .toArray();
        }

        void markCutoff() {
            trained = new boolean[index.size()];
            for (int id = 0; id < trained.length; id++) {
                trained[id] = index.countOf(id) > 0;
            }
        }

        /** Ranks {@code e}'s item for its user with every method, then applies it. */
        void test(InteractionEvent e) {
            UserProfile profile = profiles.get(e.user);
            if (profile != null && profile.isDuplicate(e)) {
                duplicates++;
                return;
            }
            if (profile != null && profile.hasSeen(e.item)) {
                skippedSeen++;
                apply(e);
                return;
            }
            int targetId = index.idOf(e.item);
            boolean unseenItem = targetId < 0 || targetId >= trained.length || !trained[targetId];
            if (unseenItemsOnly && !unseenItem) {
                // Not ranked, but the state must see the event as in the full replay.
                apply(e);
                return;
            }
            slices.clear();
            if (!unseenItemsOnly) {
                slices.add(Slice.ALL);
                if (profile == null || profile.eventCount() < Slice.COLD_USER_EVENTS) {
                    slices.add(Slice.COLD_USERS);
                }
            }
            if (unseenItem) {
                slices.add(Slice.UNSEEN_ITEMS);
            }

            // The whole bounded history, as the job's score requests carry it
            // (rec.user.history-size): the model encoders read up to their own length from it,
            // co-occurrence scoring its own window.
            UserContext user =
                    profile == null
                            ? UserContext.of(List.of(), List.of())
                            : UserContext.of(profile, config.historyCapacity());
            boolean[] excluded = Ranker.excludedMask(index, user);
            for (int m = 0; m < methods.size(); m++) {
                int rank;
                if (targetId < 0) {
                    // Never seen anywhere: no method can score it, so it ranks below everything.
                    rank = Ranker.candidateCount(excluded, index.size()) + 1;
                } else {
                    double[] out = scoreBuffer(m);
                    RankingMethod method = methods.get(m);
                    if (method.online() != null) {
                        method.online().score(index, e.user, user, e.ts, out);
                    } else {
                        method.scorer().score(index, user, e.ts, out);
                    }
                    rank = Ranker.rankOf(index, out, excluded, targetId);
                }
                for (Slice slice : slices) {
                    metrics[m][slice.ordinal()].add(rank);
                }
                gains[m].add((float) MetricAccumulator.gain(rank, config.k()));
                for (RankListener listener : rankListeners) {
                    listener.onRank(methods.get(m).name(), e, unseenItem, rank);
                }
            }
            int bits = 0;
            for (Slice slice : slices) {
                bits |= 1 << slice.ordinal();
            }
            sliceBits.add(bits);
            for (ReplayObserver observer : observers) {
                observer.onTestEvent(e, user, index, excluded);
            }
            apply(e);
        }

        /** The state update, identical for training and test events. */
        void apply(InteractionEvent e) {
            UserProfile profile =
                    profiles.computeIfAbsent(
                            e.user,
                            u -> new UserProfile(config.historyCapacity(), config.seenCapacity()));
            if (profile.isDuplicate(e)) {
                duplicates++;
                return;
            }
            List<String> coItems = profile.recentDistinctItems(config.cooccurrenceWindow());
            if (hasOnline) {
                // The whole bounded history, as the methods are scored with: an online method
                // learns from the same user latent it serves (co-occurrence keeps its own window).
                UserContext before =
                        UserContext.of(
                                profile.recentDistinctItems(config.historyCapacity()), List.of());
                for (RankingMethod method : methods) {
                    if (method.online() != null) {
                        method.online().learn(index, e.user, before, e);
                    }
                }
            }
            index.recordInteraction(e.item, e.ts, coItems);
            profile.append(e);
            if (hasOnline) {
                for (RankingMethod method : methods) {
                    if (method.online() != null) {
                        method.online().record(index, e.user, e, coItems.size());
                    }
                }
            }
            for (ReplayObserver observer : observers) {
                observer.onApplied(e, index);
            }
        }

        private double[] scoreBuffer(int method) {
            double[] buffer = scores[method];
            if (buffer == null || buffer.length < index.size()) {
                buffer = new double[Math.max(index.size(), 16) * 2];
                scores[method] = buffer;
            }
            return buffer;
        }
    }
}
