package org.dynmm.rec.models.eval;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Renders an {@link EvaluationReport} as a PNG bar chart: NDCG@k of every method, grouped by slice
 * (overall, cold users, unseen items), each bar labelled with its value. Drawn with JFreeChart in
 * headless mode, so it works on servers without a display.
 */
public final class EvaluationChart {
    /** Default image size in pixels. */
    public static final int WIDTH = 1100;

    public static final int HEIGHT = 620;

    private static final Color[] PALETTE = {
        new Color(0x9E9E9E),
        new Color(0x616161),
        new Color(0x64B5F6),
        new Color(0x1565C0),
        new Color(0xE65100),
        new Color(0x2E7D32),
        new Color(0x6A1B9A),
        new Color(0xC62828)
    };

    private EvaluationChart() {}

    /** The chart of {@code report}: one bar per method and slice. */
    public static JFreeChart chart(EvaluationReport report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, Map<Slice, SliceResult>> method : report.results().entrySet()) {
            for (Map.Entry<Slice, SliceResult> slice : method.getValue().entrySet()) {
                SliceResult r = slice.getValue();
                data.addValue(
                        r.ndcg(),
                        method.getKey(),
                        String.format(
                                Locale.ROOT,
                                "%s (%,d events)",
                                slice.getKey().label(),
                                r.events()));
            }
        }
        int k = report.config().k();
        CategoryAxis sliceAxis = new CategoryAxis("slice");
        NumberAxis valueAxis = new NumberAxis("NDCG@" + k);
        valueAxis.setNumberFormatOverride(new DecimalFormat("0.000"));
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.02);
        bars.setDefaultItemLabelGenerator(
                new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.0000")));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int i = 0; i < data.getRowCount(); i++) {
            bars.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        CategoryPlot plot = new CategoryPlot(data, sliceAxis, valueAxis, bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart chart =
                new JFreeChart(
                        String.format(
                                Locale.ROOT,
                                "Prequential NDCG@%d on %s (test: %,d events)",
                                k,
                                report.dataset(),
                                report.testEvents()),
                        new Font(Font.SANS_SERIF, Font.BOLD, 16),
                        plot,
                        true);
        chart.addSubtitle(
                new TextTitle(
                        String.format(
                                Locale.ROOT,
                                "train: first %s of %,d events; ranked among all items the user"
                                        + " has not taken",
                                report.config().cutoffFraction(),
                                report.interactions())));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Writes the chart of {@code report} as a PNG of {@code width} x {@code height} pixels,
     * creating parent directories. Forces AWT headless mode first.
     */
    public static void writePng(EvaluationReport report, Path file, int width, int height)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart(report), width, height);
    }

    /** {@link #writePng(EvaluationReport, Path, int, int)} at the default size. */
    public static void writePng(EvaluationReport report, Path file) throws IOException {
        writePng(report, file, WIDTH, HEIGHT);
    }
}
