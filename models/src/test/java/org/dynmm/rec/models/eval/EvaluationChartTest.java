package org.dynmm.rec.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationChartTest {
    /** Two methods whose NDCG differ by a factor of two on every slice. */
    private static EvaluationReport report() {
        Map<String, Map<Slice, SliceResult>> results = new LinkedHashMap<>();
        results.put("low", slices(0.10, 0.05, 0.02));
        results.put("high", slices(0.20, 0.10, 0.04));
        return new EvaluationReport(
                "tiny",
                1000,
                50,
                800,
                200,
                10,
                3,
                1_500_000_000_000L,
                EvaluationConfig.defaults(),
                results,
                1234);
    }

    private static Map<Slice, SliceResult> slices(double all, double cold, double unseen) {
        Map<Slice, SliceResult> m = new EnumMap<>(Slice.class);
        m.put(Slice.ALL, new SliceResult(190, all * 2, all));
        m.put(Slice.COLD_USERS, new SliceResult(20, cold * 2, cold));
        m.put(Slice.UNSEEN_ITEMS, new SliceResult(30, unseen * 2, unseen));
        return m;
    }

    @Test
    void writesAPngWithBarsProportionalToNdcg(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("out/chart.png");
        EvaluationChart.writePng(report(), png, 800, 500);

        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(5_000);
        assertThat(Arrays.copyOf(bytes, 8))
                .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);

        // The bars of the two methods are drawn in the first two palette colours; "high" has
        // twice the NDCG of "low" on every slice, so about twice the pixels (legend swatches and
        // anti-aliased edges aside).
        long low = countPixels(image, 0x9E9E9E);
        long high = countPixels(image, 0x616161);
        assertThat(low).isGreaterThan(1_000);
        assertThat((double) high / low).isCloseTo(2.0, within(0.25));
    }

    @Test
    void markdownTableHasOneRowPerMethodAndOneColumnPerSlice(@TempDir Path dir) throws IOException {
        String table = report().renderMarkdown();
        assertThat(table)
                .contains("| method | all (190) | cold-users (20) | unseen-items (30) |")
                .contains("| low | 0.2000 / 0.1000 | 0.1000 / 0.0500 | 0.0400 / 0.0200 |")
                .contains("| high | 0.4000 / 0.2000 | 0.2000 / 0.1000 | 0.0800 / 0.0400 |")
                .contains("HR@10 / NDCG@10");
        Path file = dir.resolve("sub/results.md");
        report().writeMarkdown(file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(table);
    }

    private static long countPixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
