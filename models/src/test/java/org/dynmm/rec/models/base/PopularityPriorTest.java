package org.dynmm.rec.models.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopularityPriorTest {
    private static final long DAY = 86_400_000L;
    private static final UserContext NOBODY = UserContext.of(List.of(), List.of());

    static ModelBundle bundleWithPrior(double w, double wCold, Duration halfLife) {
        return TinyBundles.bundleWithPrior(w, wCold, halfLife);
    }

    private static void record(ItemStatsIndex index, String item, long ts, int times) {
        for (int i = 0; i < times; i++) {
            index.recordInteraction(item, ts, null);
        }
    }

    @Test
    void addsTheWeightedLogPopularityToEachScore() {
        BaseModel model = BaseModel.load(bundleWithPrior(0.5, 2.0, Duration.ZERO));
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        record(index, "a", 1, 3);
        index.register("b"); // no interaction: log(1 + 0) = 0
        record(index, "c", 2, 1);
        index.putLatent("new", new float[] {0f, 1f});
        record(index, "new", 3, 3);
        double[] out = new double[4];
        new BaseModelScorer(model).score(index, NOBODY, 10L, out);
        // Empty history: h = bo = (0.1, 0.2); z_a = (1, 0), z_b = (0, 1), z_c = (0.5, 0.5).
        assertThat(out[0]).isCloseTo(0.1 + 0.5 * Math.log(4), within(1e-6)); // warm a
        assertThat(out[1]).isCloseTo(0.2, within(1e-6)); // warm b
        assertThat(out[2]).isCloseTo(0.15 + 2.0 * Math.log(2), within(1e-6)); // cold c
        assertThat(out[3]).isCloseTo(0.2 + 2.0 * Math.log(4), within(1e-6)); // not in the bundle

        List<ScoredItem> top = Ranker.topN(index, new BaseModelScorer(model), NOBODY, 10L, 4);
        assertThat(top).extracting(s -> s.item).containsExactly("new", "c", "a", "b");
    }

    @Test
    void decaysThePopularityToTheRequestTime() {
        BaseModel model = BaseModel.load(bundleWithPrior(1.0, 0.0, Duration.ofDays(1)));
        ItemStatsIndex index = new ItemStatsIndex(Duration.ofDays(1));
        index.recordInteraction("a", 0L, null);
        index.recordInteraction("a", DAY, null);
        index.register("b");
        double[] out = new double[2];
        new BaseModelScorer(model).score(index, NOBODY, 2 * DAY, out);
        // p_a(2 days) = 2^-2 + 2^-1 = 0.75.
        assertThat(out[0]).isCloseTo(0.1 + Math.log(1.75), within(1e-6));
        assertThat(out[1]).isCloseTo(0.2, within(1e-6));
        double[] prior = new double[2];
        new BaseModelScorer(model).popularityPrior(index, 2 * DAY, prior);
        assertThat(prior[0]).isCloseTo(Math.log(1.75), within(1e-12));
        assertThat(prior[1]).isEqualTo(0.0);
    }

    @Test
    void oldBundlesHaveNoPriorAndScoreAsBefore() {
        BaseModel model = BaseModel.load(TinyBundles.bundle()); // no prior keys
        assertThat(model.popularityPrior()).isEqualTo(PopularityPrior.NONE);
        assertThat(model.popularityPrior().active()).isFalse();
        ItemStatsIndex index = new ItemStatsIndex(Duration.ofDays(30)); // any half-life is fine
        record(index, "a", 1, 5);
        index.register("b");
        double[] out = new double[2];
        new BaseModelScorer(model).score(index, NOBODY, 10L, out);
        assertThat(out[0]).isCloseTo(0.1, within(1e-6));
        assertThat(out[1]).isCloseTo(0.2, within(1e-6));
        double[] prior = {7, 7};
        new BaseModelScorer(model).popularityPrior(index, 10L, prior);
        assertThat(prior).containsExactly(0.0, 0.0);
    }

    @Test
    void zeroWeightsReadAsNoPrior() {
        BaseModel model = BaseModel.load(bundleWithPrior(0, 0, Duration.ofDays(30)));
        assertThat(model.popularityPrior()).isEqualTo(PopularityPrior.NONE);
    }

    @Test
    void survivesTheBundleRoundTrip(@TempDir Path dir) {
        ModelBundles.write(dir.resolve("b"), bundleWithPrior(0.25, 4.0, Duration.ofDays(30)));
        BaseModel model = BaseModel.load(ModelBundles.read(dir.resolve("b")));
        assertThat(model.popularityPrior())
                .isEqualTo(new PopularityPrior(0.25, 4.0, Duration.ofDays(30)));
    }

    @Test
    void refusesAnotherPopularityHalfLife() {
        BaseModel model = BaseModel.load(bundleWithPrior(0.5, 1.0, Duration.ofDays(30)));
        ItemStatsIndex index = new ItemStatsIndex(Duration.ofDays(7));
        index.register("a");
        assertThatThrownBy(() -> new BaseModelScorer(model).score(index, NOBODY, 0L, new double[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT720H")
                .hasMessageContaining("PT168H");
        // Without a prior the half-life does not matter.
        PopularityPrior.NONE.requireHalfLife(Duration.ofDays(7), "v");
    }

    @Test
    void refusesBadManifestValues() {
        BundleManifest notANumber = TinyBundles.manifest();
        notANumber.hyperParameters.put(BaseTensors.HP_POPULARITY_WEIGHT, "heavy");
        assertThatThrownBy(
                        () -> BaseModel.load(TinyBundles.bundle(notANumber, TinyBundles.tensors())))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(BaseTensors.HP_POPULARITY_WEIGHT);

        BundleManifest noHalfLife = TinyBundles.manifest();
        noHalfLife.hyperParameters.put(BaseTensors.HP_POPULARITY_COLD_WEIGHT, 1.0);
        assertThatThrownBy(
                        () -> BaseModel.load(TinyBundles.bundle(noHalfLife, TinyBundles.tensors())))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(BaseTensors.HP_POPULARITY_HALF_LIFE_MILLIS);
    }
}
