package org.dynmm.rec.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Loads the shipped ml-latest-small ({@code data/} at the repository root) and checks its counts.
 */
class MovieLensLatestSmallTest {
    static final Path ML_LATEST_SMALL = Path.of("..", "data", "movielens-latest-small");

    @Test
    void loadsTheShippedDatasetWithTheDocumentedCounts() {
        Dataset data = DatasetLoader.load(ML_LATEST_SMALL);

        assertThat(data.interactions()).hasSize(100_836);
        assertThat(data.items()).hasSize(9_742);
        assertThat(data.interactions().stream().map(e -> e.user).distinct().count()).isEqualTo(610);
        assertThat(data.interactions().stream().map(e -> e.item).collect(Collectors.toSet()))
                .hasSize(9_724)
                .allSatisfy(item -> assertThat(data.items()).containsKey(item));
        assertThat(data.interactions()).isSortedAccordingTo((a, b) -> Long.compare(a.ts, b.ts));
        // 1996-03-29 18:36:55 UTC to 2018-09-24 14:27:30 UTC, in milliseconds.
        assertThat(data.interactions().get(0).ts).isEqualTo(828_124_615_000L);
        assertThat(data.interactions().get(100_835).ts).isEqualTo(1_537_799_250_000L);
        assertThat(data.items().get("1").attributes.get("genres"))
                .containsExactly("Adventure", "Animation", "Children", "Comedy", "Fantasy");
        assertThat(data.items().get("1").attributes.get("tags")).contains("pixar");
    }
}
