package org.dynmm.rec.operators.user;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.dynmm.rec.models.adapter.DynamicAdapter;
import org.dynmm.rec.models.adapter.UserWindow;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.ranking.UserProfile;
import org.dynmm.rec.operators.control.ForgetRequests;
import org.dynmm.rec.operators.metrics.InputMetrics;
import org.dynmm.rec.operators.parse.JsonCodec;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.RecordTypes;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.dynmm.rec.operators.records.TrainingExample;
import org.dynmm.rec.operators.state.IdleStateTtl;
import org.dynmm.rec.operators.state.UserProfileSerializer;
import org.dynmm.rec.operators.state.UserWindowSerializer;

/**
 * Keeps each user's bounded history in keyed state and, for every accepted interaction, asks the
 * ranker for a fresh list and tells the item side who took what (for co-interaction counts).
 *
 * <p>Late events (older than watermark minus allowed lateness) and duplicates (same item, type and
 * time) leave state untouched and go to the dead-letter side output.
 */
public class UserStateFunction
        extends KeyedProcessFunction<String, InteractionEvent, ScoreRequest> {
    private static final long serialVersionUID = 1L;

    /** Interaction updates for the broadcast item view. */
    public static final OutputTag<ItemUpdate> ITEM_UPDATES =
            new OutputTag<>("item-updates-from-interactions", RecordTypes.ITEM_UPDATE);

    /** Training examples for the adapter trainer (when the adapter is on). */
    public static final OutputTag<TrainingExample> TRAINING_EXAMPLES =
            new OutputTag<>("adapter-training-examples", TypeInformation.of(TrainingExample.class));

    public static final String STATE_NAME = "user-profile";

    /** The user's sliding-window summary {@code s_u^new}. */
    public static final String WINDOW_STATE_NAME = "user-window";

    private final UserStateConfig config;

    private transient ValueState<UserProfile> profileState;
    private transient ValueState<UserWindow> windowState;
    private transient Counter accepted;
    private transient Counter late;
    private transient Counter duplicates;
    private transient Counter deadLetters;
    private transient Counter forgotten;

    public UserStateFunction(UserStateConfig config) {
        this.config = config;
    }

    @VisibleForTesting
    static ValueStateDescriptor<UserProfile> profileDescriptor(Duration ttl) {
        ValueStateDescriptor<UserProfile> descriptor =
                new ValueStateDescriptor<>(STATE_NAME, UserProfileSerializer.INSTANCE);
        return IdleStateTtl.apply(descriptor, ttl);
    }

    @VisibleForTesting
    static ValueStateDescriptor<UserWindow> windowDescriptor(Duration ttl) {
        ValueStateDescriptor<UserWindow> descriptor =
                new ValueStateDescriptor<>(WINDOW_STATE_NAME, UserWindowSerializer.INSTANCE);
        return IdleStateTtl.apply(descriptor, ttl);
    }

    @Override
    public void open(OpenContext openContext) {
        profileState = getRuntimeContext().getState(profileDescriptor(config.stateTtl()));
        windowState = getRuntimeContext().getState(windowDescriptor(config.stateTtl()));
        accepted = getRuntimeContext().getMetricGroup().counter("interactionsAccepted");
        late = getRuntimeContext().getMetricGroup().counter("interactionsLate");
        duplicates = getRuntimeContext().getMetricGroup().counter("interactionsDuplicate");
        deadLetters = InputMetrics.registerDeadLetters(getRuntimeContext().getMetricGroup());
        forgotten = getRuntimeContext().getMetricGroup().counter("usersForgotten");
    }

    @Override
    public void processElement(InteractionEvent event, Context ctx, Collector<ScoreRequest> out)
            throws Exception {
        if (ForgetRequests.isForget(event)) {
            forget(event, out);
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        long lateBefore = lateThreshold(watermark);
        if (event.ts < lateBefore) {
            late.inc();
            deadLetters.inc();
            ctx.output(
                    DeadLetterTags.DEAD_LETTERS,
                    deadLetter(
                            event,
                            DeadLetterReason.LATE_EVENT,
                            "event time "
                                    + event.ts
                                    + " is before watermark "
                                    + watermark
                                    + " minus allowed lateness "
                                    + config.allowedLateness().toMillis()
                                    + " ms"));
            return;
        }
        UserProfile profile = profileState.value();
        if (profile == null) {
            profile = new UserProfile(config.historySize(), config.maxSeenItems());
        }
        if (profile.isDuplicate(event)) {
            duplicates.inc();
            deadLetters.inc();
            ctx.output(
                    DeadLetterTags.DEAD_LETTERS,
                    deadLetter(
                            event,
                            DeadLetterReason.DUPLICATE_EVENT,
                            "same user, item, type and ts already applied; state unchanged"));
            return;
        }
        List<String> coItems = profile.recentDistinctItems(config.coInteractionWindow());
        UserWindow window = windowState.value();
        if (window == null) {
            window = new UserWindow();
        }
        float[] summaryBefore = DynamicAdapter.userSummary(window, event.ts);
        if (config.trainingExamples()) {
            ctx.output(TRAINING_EXAMPLES, trainingExample(event, profile, summaryBefore));
        }
        profile.append(event);
        window.record(event.ts);
        windowState.update(window);
        if (lateBefore != Long.MIN_VALUE) {
            // Keys older than this can only come back as late events, so they need no dedup.
            profile.pruneDedupKeysBefore(lateBefore);
        }
        profileState.update(profile);
        accepted.inc();

        ctx.output(ITEM_UPDATES, ItemUpdate.interaction(event.item, event.ts, coItems));
        ScoreRequest request = scoreRequest(event, profile);
        request.userSummary = DynamicAdapter.userSummary(window, event.ts);
        request.userSummaryBefore = summaryBefore;
        out.collect(request);
    }

    /**
     * Right to be forgotten: clears every keyed state this function keeps for the current user and
     * emits nothing. State added to this function must be cleared here too. Aggregates that no
     * longer name the user (item popularity, co-interaction counts) are not personal data and stay.
     */
    private void forget(InteractionEvent event, Collector<ScoreRequest> out) {
        profileState.clear();
        windowState.clear();
        forgotten.inc();
        // Downstream per-user state (the adapted ranker's gate) is erased by this request.
        out.collect(ScoreRequest.forget(event.user, event.ts));
    }

    private long lateThreshold(long watermark) {
        if (watermark == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long threshold = watermark - config.allowedLateness().toMillis();
        return threshold > watermark ? Long.MIN_VALUE : threshold;
    }

    private ScoreRequest scoreRequest(InteractionEvent event, UserProfile profile) {
        ScoreRequest request = new ScoreRequest();
        request.user = event.user;
        request.ts = event.ts;
        request.trigger = "interaction";
        request.triggerItem = event.item;
        // The whole bounded history: each ranker uses as much of its tail as it needs.
        request.recentItems = profile.recentDistinctItems(config.historySize());
        request.seenItems = profile.seenItems();
        return request;
    }

    private TrainingExample trainingExample(
            InteractionEvent event, UserProfile before, float[] summaryBefore) {
        TrainingExample example = new TrainingExample();
        example.user = event.user;
        example.item = event.item;
        example.ts = event.ts;
        // The whole bounded history, as in the score requests: the adapter trains on the user
        // latent it is applied to.
        example.recentItems = before.recentDistinctItems(config.historySize());
        example.userSummary = summaryBefore;
        return example;
    }

    private static DeadLetter deadLetter(
            InteractionEvent event, DeadLetterReason reason, String message) {
        DeadLetter letter = new DeadLetter();
        letter.source = "interactions";
        letter.reason = reason.name();
        letter.message = message;
        letter.raw = new String(JsonCodec.toJson(event), StandardCharsets.UTF_8);
        letter.rawBytes = letter.raw.getBytes(StandardCharsets.UTF_8).length;
        letter.ts = event.ts;
        return letter;
    }
}
