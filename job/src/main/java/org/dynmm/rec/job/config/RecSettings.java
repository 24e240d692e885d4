package org.dynmm.rec.job.config;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.dynmm.rec.models.adapter.AdapterConfig;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.llm.ChatClientSettings;
import org.dynmm.rec.models.llm.SoftTokenFormat;
import org.dynmm.rec.models.llm.SoftTokenSettings;
import org.dynmm.rec.operators.explain.ExplainConfig;
import org.dynmm.rec.operators.llm.LlmConfig;
import org.dynmm.rec.operators.parse.InputValidationConfig;
import org.dynmm.rec.operators.ranking.BatchedRankerConfig;
import org.dynmm.rec.operators.ranking.RankerConfig;
import org.dynmm.rec.operators.user.UserStateConfig;

/** Turns the job's {@link Configuration} into the typed settings each operator takes. */
public final class RecSettings {
    private RecSettings() {}

    public static UserStateConfig userState(Configuration conf) {
        return new UserStateConfig(
                conf.get(RecOptions.USER_HISTORY_SIZE),
                conf.get(RecOptions.USER_MAX_SEEN_ITEMS),
                conf.get(RecOptions.RANKER_COOCCURRENCE_WINDOW),
                conf.get(RecOptions.EVENTS_ALLOWED_LATENESS),
                conf.get(RecOptions.USER_STATE_TTL),
                adapterEnabled(conf));
    }

    public static RankerConfig ranker(Configuration conf) {
        return new RankerConfig(
                conf.get(RecOptions.RANKER_KIND),
                conf.get(RecOptions.RANKER_TOP_N),
                conf.get(RecOptions.RANKER_COOCCURRENCE_WINDOW),
                conf.get(RecOptions.RANKER_COOCCURRENCE_SIMILARITY),
                conf.get(RecOptions.RANKER_POPULARITY_HALF_LIFE),
                conf.get(RecOptions.MODEL_BUNDLE_PATH));
    }

    /** Settings of the batched frozen-base ranker. */
    public static BatchedRankerConfig batchedRanker(Configuration conf) {
        return new BatchedRankerConfig(
                conf.get(RecOptions.MODEL_BUNDLE_PATH),
                conf.get(RecOptions.RANKER_TOP_N),
                conf.get(RecOptions.RANKER_BATCH_SIZE),
                conf.get(RecOptions.RANKER_BATCH_TIMEOUT),
                conf.get(RecOptions.MODEL_DEVICE),
                conf.get(RecOptions.RANKER_POPULARITY_HALF_LIFE));
    }

    /** True when the frozen base ranks in DJL micro-batches rather than request by request. */
    public static boolean batchedRanking(Configuration conf) {
        return conf.get(RecOptions.RANKER_KIND) == RankerConfig.Kind.FROZEN_BASE
                && conf.get(RecOptions.RANKER_BATCH_SIZE) > 1;
    }

    /**
     * The bundle the item catalog computes text-path latents with: the model's, when the frozen
     * base ranks; null for the baselines.
     */
    public static String latentBundlePath(Configuration conf) {
        return conf.get(RecOptions.RANKER_KIND) == RankerConfig.Kind.FROZEN_BASE
                ? conf.get(RecOptions.MODEL_BUNDLE_PATH)
                : null;
    }

    /** Hyper-parameters of the online adapter. */
    public static AdapterConfig adapter(Configuration conf) {
        return AdapterConfig.builder()
                .hidden(conf.get(RecOptions.ADAPTER_HIDDEN))
                .negatives(conf.get(RecOptions.ADAPTER_NEGATIVES))
                .learningRate(conf.get(RecOptions.ADAPTER_LEARNING_RATE))
                .stabilitySigma(conf.get(RecOptions.ADAPTER_STABILITY_SIGMA))
                .stability(conf.get(RecOptions.ADAPTER_STABILITY))
                .ewcLambda(conf.get(RecOptions.ADAPTER_EWC_LAMBDA))
                .consolidateEvery(conf.get(RecOptions.ADAPTER_EWC_CONSOLIDATE_EVERY))
                .publishEvery(conf.get(RecOptions.ADAPTER_PUBLISH_EVERY))
                .itemSide(conf.get(RecOptions.ADAPTER_ITEM_SIDE))
                .coldItemsOnly(conf.get(RecOptions.ADAPTER_ITEM_SCOPE) == RecOptions.ItemScope.COLD)
                .userLearningRate(conf.get(RecOptions.ADAPTER_USER_LEARNING_RATE))
                .userL2(conf.get(RecOptions.ADAPTER_USER_L2))
                .userResidualLearningRate(conf.get(RecOptions.ADAPTER_USER_RESIDUAL_LEARNING_RATE))
                .popularityPriorInLoss(conf.get(RecOptions.ADAPTER_LOSS_POPULARITY_PRIOR))
                .userShownNegatives(conf.get(RecOptions.ADAPTER_USER_SHOWN_NEGATIVES))
                .userShownWeight(conf.get(RecOptions.ADAPTER_USER_SHOWN_WEIGHT))
                .gradientClip(conf.get(RecOptions.ADAPTER_GRADIENT_CLIP))
                .seed(conf.get(RecOptions.ADAPTER_SEED))
                .trainerSampleRate(conf.get(RecOptions.ADAPTER_TRAINER_SAMPLE_RATE))
                .itemSummaryBucketMillis(
                        conf.get(RecOptions.ADAPTER_ITEM_SUMMARY_BUCKET).toMillis())
                .build();
    }

    /** True when the frozen base ranks with the online adapter. */
    public static boolean adapterEnabled(Configuration conf) {
        return conf.get(RecOptions.RANKER_KIND) == RankerConfig.Kind.FROZEN_BASE
                && conf.get(RecOptions.ADAPTER_ENABLED);
    }

    /** Settings of the explanation stage the rankers run. */
    public static ExplainConfig explain(Configuration conf) {
        ExplainSettings d = ExplainSettings.defaults();
        List<String> keys =
                Arrays.stream(conf.get(RecOptions.EXPLAIN_ATTRIBUTE_KEYS).split(","))
                        .map(String::trim)
                        .filter(k -> !k.isEmpty())
                        .toList();
        boolean llm = conf.get(RecOptions.LLM_ENABLED);
        ExplainConfig config =
                new ExplainConfig(
                        conf.get(RecOptions.EXPLAIN_ENABLED) || llm, // the LLM needs the evidence
                        new ExplainSettings(
                                conf.get(RecOptions.EXPLAIN_MAX_CONTRIBUTIONS),
                                d.minShare(),
                                conf.get(RecOptions.RANKER_COOCCURRENCE_WINDOW),
                                keys,
                                d.maxSharedAttributes(),
                                d.minSimilarity(),
                                conf.get(RecOptions.EXPLAIN_RECENT_WINDOW),
                                conf.get(RecOptions.EXPLAIN_MIN_SHIFT_RISE)));
        if (!llm) {
            return config;
        }
        return softTokens(conf).enabled() ? config.withLatents() : config.withLlmContext();
    }

    /** Soft-token settings of the LLM stage ({@code rec.llm.soft-tokens.*}). */
    public static SoftTokenSettings softTokens(Configuration conf) {
        return new SoftTokenSettings(
                conf.get(RecOptions.LLM_ENABLED) && conf.get(RecOptions.LLM_SOFT_TOKENS_ENABLED),
                SoftTokenFormat.fromId(conf.get(RecOptions.LLM_SOFT_TOKENS_FORMAT)),
                conf.get(RecOptions.LLM_SOFT_TOKENS_FIELD));
    }

    /** Settings of the LLM stage (used when {@code rec.llm.enabled}). */
    public static LlmConfig llm(Configuration conf) {
        SoftTokenSettings softTokens = softTokens(conf);
        String bundlePath = latentBundlePath(conf);
        if (softTokens.enabled() && bundlePath == null) {
            throw new IllegalArgumentException(
                    "rec.llm.soft-tokens.enabled=true needs the frozen-base ranker"
                            + " (rec.ranker.kind=FROZEN_BASE) and its bundle with soft-token"
                            + " projectors; set rec.llm.soft-tokens.enabled=false otherwise");
        }
        return new LlmConfig(
                new ChatClientSettings(
                        conf.get(RecOptions.LLM_ENDPOINT),
                        conf.get(RecOptions.LLM_MODEL),
                        conf.get(RecOptions.LLM_API_KEY_ENV),
                        conf.get(RecOptions.LLM_API_KEY_FILE),
                        conf.get(RecOptions.LLM_REQUEST_TIMEOUT),
                        conf.get(RecOptions.LLM_MAX_RETRIES),
                        conf.get(RecOptions.LLM_RETRY_BACKOFF),
                        conf.get(RecOptions.LLM_MAX_CONCURRENT_REQUESTS)),
                conf.get(RecOptions.LLM_BATCH_SIZE),
                conf.get(RecOptions.LLM_BATCH_TIMEOUT),
                softTokens,
                softTokens.enabled() ? bundlePath : null);
    }

    public static InputValidationConfig inputValidation(Configuration conf) {
        return InputValidationConfig.builder()
                .maxRecordBytes(
                        (int)
                                Math.min(
                                        Integer.MAX_VALUE,
                                        conf.get(RecOptions.INPUT_MAX_RECORD_SIZE).getBytes()))
                .maxIdLength(conf.get(RecOptions.INPUT_MAX_ID_LENGTH))
                .visualDim(conf.get(RecOptions.CONTENT_VISUAL_DIM))
                .audioDim(conf.get(RecOptions.CONTENT_AUDIO_DIM))
                .build();
    }
}
