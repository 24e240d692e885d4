package org.dynmm.rec.job.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.dynmm.rec.models.adapter.AdapterConfig;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.operators.ranking.RankerConfig;

/**
 * Every setting of the recommender job, as hierarchical Flink configuration keys. Any of them can
 * be set in the Flink configuration, in a properties file passed with {@code --config}, or on the
 * command line with {@code -Dkey=value}. docs/CONFIGURATION.md lists them; a test keeps it in sync.
 */
public final class RecOptions {
    private RecOptions() {}

    /**
     * Kafka client properties passed through verbatim, e.g. {@code
     * rec.kafka.client.security.protocol}.
     */
    public static final String KAFKA_CLIENT_PREFIX = "rec.kafka.client.";

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            ConfigOptions.key("rec.kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka bootstrap servers for all topics.");

    public static final ConfigOption<String> KAFKA_GROUP_ID =
            ConfigOptions.key("rec.kafka.group-id")
                    .stringType()
                    .defaultValue("dynmm-rec")
                    .withDescription(
                            "Consumer group id of the sources (offsets live in checkpoints).");

    public static final ConfigOption<String> KAFKA_PROPERTIES_FILE =
            ConfigOptions.key("rec.kafka.properties-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Java properties file with extra Kafka client properties (e.g. sasl.jaas.config); "
                                    + "keeps secrets off the command line. Values are never logged.");

    public static final ConfigOption<StartingOffsets> KAFKA_STARTING_OFFSETS =
            ConfigOptions.key("rec.kafka.starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED_OR_EARLIEST)
                    .withDescription(
                            "Where sources start when there is no checkpoint to restore from.");

    public static final ConfigOption<Boolean> KAFKA_BOUNDED =
            ConfigOptions.key("rec.kafka.bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Stop at the latest offsets seen at start (replays, demos); false = run forever.");

    public static final ConfigOption<Duration> KAFKA_TRANSACTION_TIMEOUT =
            ConfigOptions.key("rec.kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "transaction.timeout.ms of the exactly-once sinks; must stay below the broker's "
                                    + "transaction.max.timeout.ms and above the checkpoint interval.");

    public static final ConfigOption<String> KAFKA_TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("rec.kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("dynmm-rec")
                    .withDescription(
                            "Prefix of the sinks' transactional ids; unique per job on a cluster.");

    public static final ConfigOption<String> TOPIC_INTERACTIONS =
            ConfigOptions.key("rec.topics.interactions")
                    .stringType()
                    .defaultValue("interactions")
                    .withDescription("Input topic of interaction events (JSON).");

    public static final ConfigOption<String> TOPIC_ITEMS =
            ConfigOptions.key("rec.topics.items")
                    .stringType()
                    .defaultValue("items")
                    .withDescription("Input topic of item content (JSON).");

    public static final ConfigOption<String> TOPIC_RECOMMENDATIONS =
            ConfigOptions.key("rec.topics.recommendations")
                    .stringType()
                    .defaultValue("recommendations")
                    .withDescription("Output topic of recommendations, written exactly once.");

    public static final ConfigOption<String> TOPIC_DEAD_LETTERS =
            ConfigOptions.key("rec.topics.dead-letters")
                    .stringType()
                    .defaultValue("dead-letters")
                    .withDescription("Output topic of rejected records with their reason.");

    public static final ConfigOption<String> TOPIC_CONTROL =
            ConfigOptions.key("rec.topics.control")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Optional input topic of control records ({\"type\":\"forget\",\"user\":\"u1\",\"ts\":...} erases the user's state); unset = no control source.");

    public static final ConfigOption<Duration> EVENTS_MAX_OUT_OF_ORDERNESS =
            ConfigOptions.key("rec.events.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "Watermark delay behind the largest event time seen per partition.");

    public static final ConfigOption<Duration> EVENTS_ALLOWED_LATENESS =
            ConfigOptions.key("rec.events.allowed-lateness")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "Events older than the watermark minus this go to dead letters as LATE_EVENT.");

    public static final ConfigOption<Duration> EVENTS_SOURCE_IDLENESS =
            ConfigOptions.key("rec.events.source-idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition without records for this long stops holding back the watermark.");

    public static final ConfigOption<MemorySize> INPUT_MAX_RECORD_SIZE =
            ConfigOptions.key("rec.input.max-record-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1mb"))
                    .withDescription(
                            "Larger input records go to dead letters as OVERSIZE_PAYLOAD.");

    public static final ConfigOption<Integer> INPUT_MAX_ID_LENGTH =
            ConfigOptions.key("rec.input.max-id-length")
                    .intType()
                    .defaultValue(256)
                    .withDescription("Longest accepted user or item id, in characters.");

    public static final ConfigOption<Integer> CONTENT_VISUAL_DIM =
            ConfigOptions.key("rec.content.visual-dim")
                    .intType()
                    .defaultValue(-1)
                    .withDescription(
                            "Required length of item visual vectors; -1 accepts any non-empty length.");

    public static final ConfigOption<Integer> CONTENT_AUDIO_DIM =
            ConfigOptions.key("rec.content.audio-dim")
                    .intType()
                    .defaultValue(-1)
                    .withDescription(
                            "Required length of item audio vectors; -1 accepts any non-empty length.");

    public static final ConfigOption<Integer> USER_HISTORY_SIZE =
            ConfigOptions.key("rec.user.history-size")
                    .intType()
                    .defaultValue(50)
                    .withDescription("Recent events kept per user in keyed state.");

    public static final ConfigOption<Integer> USER_MAX_SEEN_ITEMS =
            ConfigOptions.key("rec.user.max-seen-items")
                    .intType()
                    .defaultValue(5000)
                    .withDescription(
                            "Items remembered per user to exclude from ranking (oldest forgotten first).");

    public static final ConfigOption<Duration> USER_STATE_TTL =
            ConfigOptions.key("rec.user.state-ttl")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription(
                            "Idle time (processing time) after which a user's state expires; 0 keeps it forever.");

    public static final ConfigOption<RankerConfig.Kind> RANKER_KIND =
            ConfigOptions.key("rec.ranker.kind")
                    .enumType(RankerConfig.Kind.class)
                    .defaultValue(RankerConfig.Kind.COOCCURRENCE)
                    .withDescription(
                            "Which ranker scores items: COOCCURRENCE (item kNN) or POPULARITY.");

    public static final ConfigOption<String> MODEL_BUNDLE_PATH =
            ConfigOptions.key("rec.model.bundle-path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory of the frozen base model bundle written by `bin/rec train`; required by the FROZEN_BASE ranker, checked before the job is submitted.");

    public static final ConfigOption<Integer> RANKER_BATCH_SIZE =
            ConfigOptions.key("rec.ranker.batch-size")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "FROZEN_BASE only: requests scored together in one DJL matrix product and top-K; 1 scores each request at once in plain Java.");

    public static final ConfigOption<Duration> RANKER_BATCH_TIMEOUT =
            ConfigOptions.key("rec.ranker.batch-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(20))
                    .withDescription(
                            "Longest a request waits for its micro-batch to fill (processing time): the bound on added latency.");

    public static final ConfigOption<String> MODEL_DEVICE =
            ConfigOptions.key("rec.model.device")
                    .stringType()
                    .defaultValue("auto")
                    .withDescription(
                            "Device of batched scoring: cpu, gpu, or auto (a GPU when PyTorch sees one).");

    public static final ConfigOption<Integer> RANKER_TOP_N =
            ConfigOptions.key("rec.ranker.top-n")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Items per recommendation.");

    public static final ConfigOption<Integer> RANKER_COOCCURRENCE_WINDOW =
            ConfigOptions.key("rec.ranker.cooccurrence-window")
                    .intType()
                    .defaultValue(20)
                    .withDescription(
                            "A user's most recent distinct items that count as co-interactions with a new one.");

    public static final ConfigOption<CooccurrenceScorer.Similarity> RANKER_COOCCURRENCE_SIMILARITY =
            ConfigOptions.key("rec.ranker.cooccurrence-similarity")
                    .enumType(CooccurrenceScorer.Similarity.class)
                    .defaultValue(CooccurrenceScorer.Similarity.COSINE)
                    .withDescription(
                            "COSINE divides co-counts by sqrt(n_h * n_j) so popular items do not win on popularity alone; COUNT uses raw co-counts.");

    public static final ConfigOption<Duration> RANKER_POPULARITY_HALF_LIFE =
            ConfigOptions.key("rec.ranker.popularity-half-life")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "Half-life of the popularity decay (event time); 0 = plain counts.");

    public static final ConfigOption<Boolean> ADAPTER_ENABLED =
            ConfigOptions.key("rec.adapter.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "FROZEN_BASE only: adapt the frozen base online (per-user gate in keyed state, shared adapter trained by one trainer operator). Ignored by the baselines.");

    public static final ConfigOption<Integer> ADAPTER_HIDDEN =
            ConfigOptions.key("rec.adapter.hidden")
                    .intType()
                    .defaultValue(16)
                    .withDescription("Hidden width of the shared adapter g.");

    public static final ConfigOption<Integer> ADAPTER_NEGATIVES =
            ConfigOptions.key("rec.adapter.negatives")
                    .intType()
                    .defaultValue(16)
                    .withDescription("Sampled negatives per online training example.");

    public static final ConfigOption<Float> ADAPTER_LEARNING_RATE =
            ConfigOptions.key("rec.adapter.learning-rate")
                    .floatType()
                    .defaultValue(0.001f)
                    .withDescription("Adam step size of the shared adapter.");

    public static final ConfigOption<Boolean> ADAPTER_STABILITY =
            ConfigOptions.key("rec.adapter.stability.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the stability term (squared drift from the base / 2 s^2) is in the online loss.");

    public static final ConfigOption<Float> ADAPTER_STABILITY_SIGMA =
            ConfigOptions.key("rec.adapter.stability.sigma")
                    .floatType()
                    .defaultValue(AdapterConfig.DEFAULT_STABILITY_SIGMA)
                    .withDescription(
                            "s of the stability term: larger lets latents drift further from the base.");

    public static final ConfigOption<Float> ADAPTER_EWC_LAMBDA =
            ConfigOptions.key("rec.adapter.ewc.lambda")
                    .floatType()
                    .defaultValue(0f)
                    .withDescription(
                            "Weight of the EWC penalty anchored at the last consolidated parameters; 0 turns it off.");

    public static final ConfigOption<Integer> ADAPTER_EWC_CONSOLIDATE_EVERY =
            ConfigOptions.key("rec.adapter.ewc.consolidate-every")
                    .intType()
                    .defaultValue(2000)
                    .withDescription(
                            "Training examples between EWC consolidations (anchor and Fisher snapshot).");

    public static final ConfigOption<Integer> ADAPTER_PUBLISH_EVERY =
            ConfigOptions.key("rec.adapter.publish-every")
                    .intType()
                    .defaultValue(1000)
                    .withDescription(
                            "Training examples between parameter versions broadcast to the rankers.");

    public static final ConfigOption<Boolean> ADAPTER_ITEM_SIDE =
            ConfigOptions.key("rec.adapter.item-side")
                    .booleanType()
                    .defaultValue(AdapterConfig.DEFAULT_ITEM_SIDE)
                    .withDescription(
                            "Whether item latents are adapted too (alpha_i g(z_i, s_i)); false keeps items at the base.");

    /** Which items the item side adapts ({@code rec.adapter.item-scope}). */
    public enum ItemScope {
        /** Every item. */
        ALL,
        /** Only items without collaborative signal (the base's text path); the rest keep z^base. */
        COLD
    }

    public static final ConfigOption<ItemScope> ADAPTER_ITEM_SCOPE =
            ConfigOptions.key("rec.adapter.item-scope")
                    .enumType(ItemScope.class)
                    .defaultValue(
                            AdapterConfig.DEFAULT_COLD_ITEMS_ONLY ? ItemScope.COLD : ItemScope.ALL)
                    .withDescription(
                            "Which items the item side adapts when it is on: ALL, or COLD (only items without collaborative signal, i.e. the base's text path; warm items keep their base latents).");

    public static final ConfigOption<Integer> ADAPTER_USER_SHOWN_NEGATIVES =
            ConfigOptions.key("rec.adapter.user.shown-negatives")
                    .intType()
                    .defaultValue(AdapterConfig.DEFAULT_USER_SHOWN_NEGATIVES)
                    .withDescription(
                            "How many items of the list last shown to the user (best first, the taken item left out) the user's own loss pushes below the item the user took next, with a pairwise term on the served scores; 0 turns the term off.");

    public static final ConfigOption<Float> ADAPTER_USER_SHOWN_WEIGHT =
            ConfigOptions.key("rec.adapter.user.shown-weight")
                    .floatType()
                    .defaultValue(AdapterConfig.DEFAULT_USER_SHOWN_WEIGHT)
                    .withDescription(
                            "Weight of the shown-items pairwise term against the user's ranking loss.");

    public static final ConfigOption<Boolean> ADAPTER_LOSS_POPULARITY_PRIOR =
            ConfigOptions.key("rec.adapter.loss.popularity-prior")
                    .booleanType()
                    .defaultValue(AdapterConfig.DEFAULT_POPULARITY_PRIOR_IN_LOSS)
                    .withDescription(
                            "Whether the adapter's online losses (shared trainer and users' gates) score items as the rankers serve them, with the base bundle's popularity prior w_i log(1 + p_i(t)) added; false ranks by h . z alone in the losses.");

    public static final ConfigOption<Float> ADAPTER_USER_LEARNING_RATE =
            ConfigOptions.key("rec.adapter.user.learning-rate")
                    .floatType()
                    .defaultValue(0.05f)
                    .withDescription(
                            "Step size of each user's gate offset (beta_u = sigmoid(b0 + delta_u)).");

    public static final ConfigOption<Float> ADAPTER_USER_L2 =
            ConfigOptions.key("rec.adapter.user.l2")
                    .floatType()
                    .defaultValue(0.01f)
                    .withDescription(
                            "Pull of each user's gate offset back to the shared gate, and of the user's residual back to zero.");

    public static final ConfigOption<Float> ADAPTER_USER_RESIDUAL_LEARNING_RATE =
            ConfigOptions.key("rec.adapter.user.residual-learning-rate")
                    .floatType()
                    .defaultValue(AdapterConfig.DEFAULT_USER_RESIDUAL_LEARNING_RATE)
                    .withDescription(
                            "Step size of each user's residual o_u (h_u = h_u^base + beta_u g + o_u), fitted on the user's own events; 0 turns it off (residuals restored from earlier state are then not used).");

    public static final ConfigOption<Float> ADAPTER_GRADIENT_CLIP =
            ConfigOptions.key("rec.adapter.gradient-clip")
                    .floatType()
                    .defaultValue(5f)
                    .withDescription(
                            "Largest gradient norm applied in one step (poisoned inputs cannot blow up parameters).");

    public static final ConfigOption<Long> ADAPTER_SEED =
            ConfigOptions.key("rec.adapter.seed")
                    .longType()
                    .defaultValue(42L)
                    .withDescription(
                            "Seed of the initial adapter parameters and negative sampling.");

    public static final ConfigOption<Float> ADAPTER_TRAINER_SAMPLE_RATE =
            ConfigOptions.key("rec.adapter.trainer.sample-rate")
                    .floatType()
                    .defaultValue(AdapterConfig.DEFAULT_TRAINER_SAMPLE_RATE)
                    .withDescription(
                            "Share of the accepted interactions, in (0, 1], the shared adapter's trainer takes a step on; a deterministic draw from user, item, time and rec.adapter.seed, the same in the job and the evaluator. Users' gates still step on every interaction.");

    public static final ConfigOption<Duration> ADAPTER_ITEM_SUMMARY_BUCKET =
            ConfigOptions.key("rec.adapter.item-summary-bucket")
                    .durationType()
                    .defaultValue(
                            Duration.ofMillis(AdapterConfig.DEFAULT_ITEM_SUMMARY_BUCKET_MILLIS))
                    .withDescription(
                            "Event time over which the rankers' adapted item latents keep the decayed item summaries read at the bucket's start (a new bucket recomputes every item with interactions); the evaluator uses the same.");

    public static final ConfigOption<Boolean> EXPLAIN_ENABLED =
            ConfigOptions.key("rec.explain.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Attach evidence, a realized rationale and its verification to every recommended item.");

    public static final ConfigOption<Integer> EXPLAIN_MAX_CONTRIBUTIONS =
            ConfigOptions.key("rec.explain.max-contributions")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "Most history items cited per recommended item as score contributions (and co-interactions).");

    public static final ConfigOption<String> EXPLAIN_ATTRIBUTE_KEYS =
            ConfigOptions.key("rec.explain.attribute-keys")
                    .stringType()
                    .defaultValue("genres,tags")
                    .withDescription(
                            "Comma-separated item attribute names cited as shared attributes and interest shifts.");

    public static final ConfigOption<Integer> EXPLAIN_RECENT_WINDOW =
            ConfigOptions.key("rec.explain.recent-window")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "A user's last items that count as recent when an interest shift is looked for.");

    public static final ConfigOption<Double> EXPLAIN_MIN_SHIFT_RISE =
            ConfigOptions.key("rec.explain.min-shift-rise")
                    .doubleType()
                    .defaultValue(0.25)
                    .withDescription(
                            "Smallest rise of an attribute's share (recent against older items) cited as an interest shift.");

    public static final ConfigOption<Boolean> LLM_ENABLED =
            ConfigOptions.key("rec.llm.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Rerank and explain each list with an external LLM (OpenAI-compatible chat completions) on Flink async I/O.");

    public static final ConfigOption<String> LLM_ENDPOINT =
            ConfigOptions.key("rec.llm.endpoint")
                    .stringType()
                    .defaultValue("http://localhost:8000/v1/chat/completions")
                    .withDescription("URL of the chat-completions endpoint.");

    public static final ConfigOption<String> LLM_MODEL =
            ConfigOptions.key("rec.llm.model")
                    .stringType()
                    .defaultValue("default")
                    .withDescription("Model name sent with each request.");

    public static final ConfigOption<String> LLM_API_KEY_ENV =
            ConfigOptions.key("rec.llm.api-key-env")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Environment variable holding the API key (read on the task managers; never logged).");

    public static final ConfigOption<String> LLM_API_KEY_FILE =
            ConfigOptions.key("rec.llm.api-key-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File holding the API key, used when no environment variable is named (never logged).");

    public static final ConfigOption<Duration> LLM_REQUEST_TIMEOUT =
            ConfigOptions.key("rec.llm.request-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Timeout of one HTTP attempt.");

    public static final ConfigOption<Integer> LLM_MAX_RETRIES =
            ConfigOptions.key("rec.llm.max-retries")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "Retries after a failed attempt (timeout, connection error, HTTP 429 or 5xx).");

    public static final ConfigOption<Duration> LLM_RETRY_BACKOFF =
            ConfigOptions.key("rec.llm.retry-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription(
                            "Wait before the first retry; doubled before each further one.");

    public static final ConfigOption<Integer> LLM_MAX_CONCURRENT_REQUESTS =
            ConfigOptions.key("rec.llm.max-concurrent-requests")
                    .intType()
                    .defaultValue(4)
                    .withDescription(
                            "Requests in flight per parallel instance; further lists queue.");

    public static final ConfigOption<Integer> LLM_BATCH_SIZE =
            ConfigOptions.key("rec.llm.batch-size")
                    .intType()
                    .defaultValue(4)
                    .withDescription(
                            "Lists (of different users) sent in one chat request; a partial batch goes after rec.llm.batch-timeout.");

    public static final ConfigOption<Duration> LLM_BATCH_TIMEOUT =
            ConfigOptions.key("rec.llm.batch-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(50))
                    .withDescription("Longest a list waits for its LLM micro-batch to fill.");

    public static final ConfigOption<Duration> LLM_ASYNC_TIMEOUT =
            ConfigOptions.key("rec.llm.async-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Bound on the whole LLM stage per list (all retries); a list past it keeps its realizer rationales.");

    public static final ConfigOption<Integer> LLM_CAPACITY =
            ConfigOptions.key("rec.llm.capacity")
                    .intType()
                    .defaultValue(64)
                    .withDescription(
                            "Lists in the async stage per parallel instance before it back-pressures.");

    public static final ConfigOption<Boolean> LLM_SOFT_TOKENS_ENABLED =
            ConfigOptions.key("rec.llm.soft-tokens.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Send the soft-token projections F_U(h_u), F_I(z_i) of each list as prompt embeddings; needs the frozen-base ranker and a bundle with projectors (bin/rec train-projectors).");

    public static final ConfigOption<String> LLM_SOFT_TOKENS_FORMAT =
            ConfigOptions.key("rec.llm.soft-tokens.format")
                    .stringType()
                    .defaultValue("vllm-prompt-embeds")
                    .withDescription(
                            "vllm-prompt-embeds: vLLM chat content parts {\"type\":\"prompt_embeds\",\"data\":base64(torch.save(float32 [1+k, m]))} (vllm serve --enable-prompt-embeds); json-floats: a non-standard top-level request field with float arrays, for a server or proxy of one's own.");

    public static final ConfigOption<String> LLM_SOFT_TOKENS_FIELD =
            ConfigOptions.key("rec.llm.soft-tokens.field")
                    .stringType()
                    .defaultValue("soft_tokens")
                    .withDescription("Request field of the json-floats soft-token format.");

    public static final ConfigOption<String> JOB_NAME =
            ConfigOptions.key("rec.job.name")
                    .stringType()
                    .defaultValue("dynmm-rec")
                    .withDescription("Name of the Flink job.");

    /** All options, for documentation and validation. */
    public static List<ConfigOption<?>> all() {
        return List.of(
                KAFKA_BOOTSTRAP_SERVERS,
                KAFKA_GROUP_ID,
                KAFKA_PROPERTIES_FILE,
                KAFKA_STARTING_OFFSETS,
                KAFKA_BOUNDED,
                KAFKA_TRANSACTION_TIMEOUT,
                KAFKA_TRANSACTIONAL_ID_PREFIX,
                TOPIC_INTERACTIONS,
                TOPIC_ITEMS,
                TOPIC_RECOMMENDATIONS,
                TOPIC_DEAD_LETTERS,
                TOPIC_CONTROL,
                EVENTS_MAX_OUT_OF_ORDERNESS,
                EVENTS_ALLOWED_LATENESS,
                EVENTS_SOURCE_IDLENESS,
                INPUT_MAX_RECORD_SIZE,
                INPUT_MAX_ID_LENGTH,
                CONTENT_VISUAL_DIM,
                CONTENT_AUDIO_DIM,
                USER_HISTORY_SIZE,
                USER_MAX_SEEN_ITEMS,
                USER_STATE_TTL,
                RANKER_KIND,
                MODEL_BUNDLE_PATH,
                MODEL_DEVICE,
                RANKER_BATCH_SIZE,
                RANKER_BATCH_TIMEOUT,
                RANKER_TOP_N,
                RANKER_COOCCURRENCE_WINDOW,
                RANKER_COOCCURRENCE_SIMILARITY,
                RANKER_POPULARITY_HALF_LIFE,
                ADAPTER_ENABLED,
                ADAPTER_HIDDEN,
                ADAPTER_NEGATIVES,
                ADAPTER_LEARNING_RATE,
                ADAPTER_STABILITY,
                ADAPTER_STABILITY_SIGMA,
                ADAPTER_EWC_LAMBDA,
                ADAPTER_EWC_CONSOLIDATE_EVERY,
                ADAPTER_PUBLISH_EVERY,
                ADAPTER_ITEM_SIDE,
                ADAPTER_ITEM_SCOPE,
                ADAPTER_USER_LEARNING_RATE,
                ADAPTER_USER_RESIDUAL_LEARNING_RATE,
                ADAPTER_LOSS_POPULARITY_PRIOR,
                ADAPTER_USER_SHOWN_NEGATIVES,
                ADAPTER_USER_SHOWN_WEIGHT,
                ADAPTER_USER_L2,
                ADAPTER_GRADIENT_CLIP,
                ADAPTER_SEED,
                ADAPTER_TRAINER_SAMPLE_RATE,
                ADAPTER_ITEM_SUMMARY_BUCKET,
                EXPLAIN_ENABLED,
                EXPLAIN_MAX_CONTRIBUTIONS,
                EXPLAIN_ATTRIBUTE_KEYS,
                EXPLAIN_RECENT_WINDOW,
                EXPLAIN_MIN_SHIFT_RISE,
                LLM_ENABLED,
                LLM_ENDPOINT,
                LLM_MODEL,
                LLM_API_KEY_ENV,
                LLM_API_KEY_FILE,
                LLM_REQUEST_TIMEOUT,
                LLM_MAX_RETRIES,
                LLM_RETRY_BACKOFF,
                LLM_MAX_CONCURRENT_REQUESTS,
                LLM_BATCH_SIZE,
                LLM_BATCH_TIMEOUT,
                LLM_ASYNC_TIMEOUT,
                LLM_CAPACITY,
                LLM_SOFT_TOKENS_ENABLED,
                LLM_SOFT_TOKENS_FORMAT,
                LLM_SOFT_TOKENS_FIELD,
                JOB_NAME);
    }

    /** Where the Kafka sources begin without a checkpoint. */
    public enum StartingOffsets {
        EARLIEST,
        LATEST,
        COMMITTED_OR_EARLIEST
    }
}
