package org.dynmm.rec.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.dynmm.rec.job.RecommenderJob;
import org.dynmm.rec.job.RecommenderPipeline;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.explain.EvidenceKind;
import org.dynmm.rec.models.text.ItemText;
import org.dynmm.rec.models.text.MiniLmTextEmbedder;
import org.dynmm.rec.models.train.BaseTrainer;
import org.dynmm.rec.models.train.TrainingConfig;
import org.dynmm.rec.operators.item.ItemCatalogFunction;
import org.dynmm.rec.operators.ranking.RankerConfig;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecommendedItem;
import org.dynmm.rec.operators.records.RecordTypes;
import org.dynmm.rec.operators.records.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job ranking with a frozen base trained by the project's trainer on a SYNTHETIC genre world
 * (real all-MiniLM-L6-v2 text embeddings), at parallelism 2 on a MiniCluster with RocksDB.
 */
class FrozenBasePipelineIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir static Path work;

    private static Path bundleDir;
    private static Dataset world;
    private static String modelVersion;

    @BeforeAll
    static void trainBundle() throws Exception {
        world = SyntheticGenreWorld.dataset(60, 12, 11);
        TrainingConfig config =
                TrainingConfig.builder()
                        .jointDim(16)
                        .cfDim(16)
                        .hiddenDim(32)
                        .historyLength(8)
                        .batchSize(64)
                        .learningRate(0.01f)
                        .maxEpochs(30)
                        .validationFraction(0)
                        .progress(false)
                        .seed(5)
                        .build();
        ModelBundle bundle;
        try (MiniLmTextEmbedder text = new MiniLmTextEmbedder()) {
            bundle = new BaseTrainer(config, text, null).train(world).bundle();
        }
        bundleDir = work.resolve("bundle");
        ModelBundles.write(bundleDir, bundle);
        modelVersion = bundle.manifest().modelVersion;
    }

    private static Configuration conf(Path bundle) {
        Configuration conf = new Configuration();
        conf.set(RecOptions.RANKER_KIND, RankerConfig.Kind.FROZEN_BASE);
        conf.set(RecOptions.MODEL_BUNDLE_PATH, bundle.toString());
        conf.set(RecOptions.RANKER_TOP_N, 5);
        conf.set(
                RecOptions.ADAPTER_ENABLED,
                false); // the frozen base alone, unless a test turns it on
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.interval", "500 ms");
        conf.setString("execution.checkpointing.dir", work.resolve("cp").toUri().toString());
        return conf;
    }

    /** Runs the job over the synthetic catalog and a probe user who takes four Sci-Fi items. */
    private static List<Recommendation> probeRecommendations(Configuration conf) throws Exception {
        StreamExecutionEnvironment env = RecommenderJob.environment(conf);
        env.setParallelism(2);
        List<SourceRecord> items = new ArrayList<>();
        world.items().values().forEach(c -> items.add(SourceRecord.of(c)));
        List<SourceRecord> interactions = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            interactions.add(
                    SourceRecord.of(
                            new InteractionEvent(
                                    "probe",
                                    SyntheticGenreWorld.item(0, k),
                                    "view",
                                    1f,
                                    1_800_000_000_000L + k)));
        }
        DataStream<SourceRecord> itemStream =
                env.fromData(items, RecordTypes.SOURCE_RECORD)
                        .assignTimestampsAndWatermarks(RecommenderPipeline.watermarks(conf));
        // One reader, then partitioned by user: each user's events reach the parallel operators
        // in order, as they do from a Kafka partition.
        DataStream<SourceRecord> interactionStream =
                env.fromData(interactions, RecordTypes.SOURCE_RECORD)
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(RecommenderPipeline.watermarks(conf))
                        .setParallelism(1)
                        .partitionCustom(
                                (String user, int partitions) ->
                                        Math.floorMod(user.hashCode(), partitions),
                                record -> record.interaction.user);
        List<Recommendation> recs = new ArrayList<>();
        RecommenderPipeline.build(interactionStream, itemStream, conf)
                .recommendations()
                .executeAndCollect()
                .forEachRemaining(recs::add);
        recs.sort(java.util.Comparator.comparingLong(r -> r.ts));
        return recs;
    }

    @Test
    void ranksWithTheTrainedModelAndFollowsTheUsersGenre() throws Exception {
        List<Recommendation> recs = probeRecommendations(conf(bundleDir));

        assertThat(recs).hasSize(4);
        assertThat(recs).allSatisfy(r -> assertThat(r.modelVersion).isEqualTo(modelVersion));
        Recommendation last =
                recs.stream().filter(r -> r.ts == 1_800_000_000_003L).findFirst().get();
        assertThat(last.items).hasSize(5);
        // Users take a genre's items in catalog order: after g0-0..g0-3 come g0-4 and g0-5.
        assertThat(last.items)
                .extracting(i -> i.item)
                .doesNotContain("g0-0", "g0-1", "g0-2", "g0-3")
                .startsWith("g0-4", "g0-5");
        // Explanations (on by default): leave-one-out contributions through the user encoder and
        // joint-latent similarity, every rationale verified.
        for (var item : last.items) {
            assertThat(item.verification.passed).as(item.rationale).isTrue();
            assertThat(item.rationaleSource).isEqualTo("realizer");
        }
        assertThat(last.items.get(0).evidence)
                .extracting(e -> e.kind.name())
                .contains("HISTORY_CONTRIBUTION", "MODALITY_SIMILARITY");
    }

    @Test
    void adapterBeforeItsFirstVersionRanksExactlyLikeTheFrozenBase() throws Exception {
        Configuration adapted = conf(bundleDir);
        adapted.set(RecOptions.ADAPTER_ENABLED, true);

        List<Recommendation> expected = probeRecommendations(conf(bundleDir));
        List<Recommendation> actual = probeRecommendations(adapted);

        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual)
                .allSatisfy(
                        r -> assertThat(r.modelVersion).isEqualTo(modelVersion + "+adapter-v0"));
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).items)
                    .extracting(item -> item.item)
                    .containsExactlyElementsOf(
                            expected.get(i).items.stream().map(item -> item.item).toList());
        }
    }

    @Test
    void adapterTrainerPublishesVersionsThatTheRankersUse() throws Exception {
        Configuration adapted = conf(bundleDir);
        adapted.set(RecOptions.ADAPTER_ENABLED, true);
        adapted.set(RecOptions.ADAPTER_PUBLISH_EVERY, 1);
        adapted.set(RecOptions.ADAPTER_LEARNING_RATE, 0.05f);
        // Every probe event trains, whatever the default sample rate.
        adapted.set(RecOptions.ADAPTER_TRAINER_SAMPLE_RATE, 1f);

        List<Recommendation> recs = probeRecommendations(adapted);

        assertThat(recs).hasSize(4);
        for (int k = 0; k < recs.size(); k++) {
            Recommendation r = recs.get(k);
            assertThat(r.modelVersion)
                    .matches(java.util.regex.Pattern.quote(modelVersion) + "\\+adapter-v[0-4]");
            assertThat(r.items).hasSize(5);
            assertThat(r.items).allSatisfy(i -> assertThat(Double.isFinite(i.score)).isTrue());
            for (int taken = 0; taken <= k; taken++) {
                assertThat(r.items)
                        .extracting(i -> i.item)
                        .doesNotContain(SyntheticGenreWorld.item(0, taken));
            }
        }
    }

    @Test
    void batchedRankingAndTheAdapterTogetherAreRefusedWithAClearMessage() {
        Configuration both = conf(bundleDir);
        both.set(RecOptions.ADAPTER_ENABLED, true);
        both.set(RecOptions.RANKER_BATCH_SIZE, 4);
        assertThatThrownBy(() -> probeRecommendations(both))
                .hasMessageContaining("rec.ranker.batch-size")
                .hasMessageContaining("rec.adapter.enabled");
    }

    @Test
    void batchedDjlRankingGivesTheSameListsAsPerRequestRanking() throws Exception {
        Configuration batched = conf(bundleDir);
        batched.set(RecOptions.RANKER_BATCH_SIZE, 3);
        batched.set(RecOptions.MODEL_DEVICE, "cpu");

        List<Recommendation> expected = probeRecommendations(conf(bundleDir));
        List<Recommendation> actual = probeRecommendations(batched);

        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).items)
                    .extracting(item -> item.item)
                    .containsExactlyElementsOf(
                            expected.get(i).items.stream().map(item -> item.item).toList());
            for (int r = 0; r < expected.get(i).items.size(); r++) {
                assertThat(actual.get(i).items.get(r).score)
                        .isCloseTo(expected.get(i).items.get(r).score, within(1e-4));
                // Both rankers explain with the same plain-Java model: the same history
                // contributions (model + history only). Co-interaction counts may differ: they come
                // from the broadcast item view, which the batched ranker reads later.
                assertThat(contributions(actual.get(i).items.get(r)))
                        .isEqualTo(contributions(expected.get(i).items.get(r)))
                        .isNotEmpty();
                assertThat(actual.get(i).items.get(r).verification.passed).isTrue();
            }
        }
    }

    @Test
    void newCatalogItemGetsItsLatentThroughTheTextPath() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, ItemContent, ItemUpdate> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ItemCatalogFunction(bundleDir.toString())),
                        c -> c.item,
                        Types.STRING);
        harness.open();
        BaseModel model = BaseModel.load(ModelBundles.read(bundleDir));
        ItemContent known = world.items().get("g0-0");
        ItemContent fresh =
                SyntheticGenreWorld.content("new-space-film", "Interstellar Starship Odyssey", 0);
        harness.processElement(known, 0);
        harness.processElement(fresh, 0);

        List<ItemUpdate> out = harness.extractOutputValues();
        harness.close();
        assertThat(out.get(0).latent).as("bundle items keep their trained latent").isNull();
        float[] latent = out.get(1).latent;
        assertThat(latent).hasSize(model.jointDim());
        // The text path places the new Sci-Fi title nearer the Sci-Fi titles than the Horror ones.
        try (MiniLmTextEmbedder text = new MiniLmTextEmbedder()) {
            double sciFi = 0;
            double horror = 0;
            for (int k = 0; k < SyntheticGenreWorld.ITEMS_PER_GENRE; k++) {
                sciFi += cosine(latent, textLatent(model, text, SyntheticGenreWorld.item(0, k)));
                horror += cosine(latent, textLatent(model, text, SyntheticGenreWorld.item(2, k)));
            }
            assertThat(sciFi).isGreaterThan(horror);
        }
    }

    private static float[] textLatent(BaseModel model, MiniLmTextEmbedder text, String item) {
        return model.textLatent(text.embed(ItemText.describe(world.items().get(item))));
    }

    @Test
    void corruptBundleStopsTheJobBeforeSubmission() throws Exception {
        Path corrupt = work.resolve("corrupt");
        Files.createDirectories(corrupt);
        try (var files = Files.list(bundleDir)) {
            for (Path f : files.toList()) {
                Files.copy(f, corrupt.resolve(f.getFileName()));
            }
        }
        try (RandomAccessFile file =
                new RandomAccessFile(corrupt.resolve("tensors.safetensors").toFile(), "rw")) {
            file.seek(file.length() - 3);
            file.write(0x5a);
        }
        Configuration conf = conf(corrupt);
        assertThatThrownBy(() -> RecommenderJob.kafkaJob(conf))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("corrupt");
        Configuration missing = conf(work.resolve("no-such-bundle"));
        assertThatThrownBy(() -> RecommenderJob.kafkaJob(missing))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("no-such-bundle");
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static List<String> contributions(RecommendedItem item) {
        return item.evidence.stream()
                .filter(e -> e.kind == EvidenceKind.HISTORY_CONTRIBUTION)
                .map(e -> e.historyItem + ":" + e.share)
                .toList();
    }
}
