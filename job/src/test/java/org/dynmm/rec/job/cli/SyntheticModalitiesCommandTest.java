package org.dynmm.rec.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.DatasetWriter;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.data.ModalityFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code synthetic-modalities} writes a modality file {@code train --modalities} reads back. */
class SyntheticModalitiesCommandTest {
    @TempDir Path dir;

    private Path dataset() throws IOException {
        return dataset(false);
    }

    /** SYNTHETIC dataset of 20 films; with {@code years}, all but m19 end their title in a year. */
    private Path dataset(boolean years) throws IOException {
        Map<String, ItemContent> items = new LinkedHashMap<>();
        List<InteractionEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "m" + i;
            items.put(
                    id,
                    new ItemContent(
                            id,
                            "Film " + i + (years && i < 19 ? " (" + (1980 + i) + ")" : ""),
                            null,
                            Map.of("genres", List.of(i % 2 == 0 ? "Drama" : "Comedy")),
                            0L));
            events.add(new InteractionEvent("u" + (i % 3), id, "rating", 4f, 1_000L + i));
        }
        Path data = dir.resolve("data");
        DatasetWriter.write(new Dataset("t", events, items), data);
        return data;
    }

    @Test
    void writesSyntheticVectorsWithTheMissingRate() throws IOException {
        Path data = dataset();
        Path out = dir.resolve("synthetic-audio.jsonl");
        int exit =
                new CommandLine(new RecCli())
                        .execute(
                                "synthetic-modalities",
                                "--dataset",
                                data.toString(),
                                "--out",
                                out.toString(),
                                "--modality",
                                "audio",
                                "--dim",
                                "6",
                                "--missing-rate",
                                "0.5");
        assertThat(exit).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.size()).isBetween(3, 17);
        assertThat(lines.get(0)).startsWith("{\"item\":\"m").contains("\"audio\":[");

        Dataset loaded = DatasetLoader.load(data);
        ModalityFile.Attached attached = ModalityFile.attach(loaded, out);
        assertThat(attached.audio()).isEqualTo(lines.size());
        assertThat(attached.visual()).isZero();
        assertThat(loaded.items().values().stream().filter(c -> c.audio != null))
                .allSatisfy(c -> assertThat(c.audio).hasSize(6));
    }

    @Test
    void refusesAnOutputNameWithoutSynthetic() throws IOException {
        Path out = dir.resolve("visual.jsonl");
        int exit =
                new CommandLine(new RecCli())
                        .execute(
                                "synthetic-modalities",
                                "--dataset",
                                dataset().toString(),
                                "--out",
                                out.toString());
        assertThat(exit).isEqualTo(TrainCommand.EXIT_BAD_INPUT);
        assertThat(out).doesNotExist();
    }

    @Test
    void releaseYearVectorsOnlyForTitlesWithAYear() throws IOException {
        Path data = dataset(true);
        Path out = dir.resolve("synthetic-era-visual.jsonl");
        int exit =
                new CommandLine(new RecCli())
                        .execute(
                                "synthetic-modalities",
                                "--dataset",
                                data.toString(),
                                "--out",
                                out.toString(),
                                "--attribute",
                                "release-year");
        assertThat(exit).isZero();
        Dataset loaded = DatasetLoader.load(data);
        ModalityFile.attach(loaded, out);
        for (int i = 0; i < 20; i++) {
            float[] v = loaded.items().get("m" + i).visual;
            if (i < 19) {
                assertThat(v).as("m" + i).hasSize(32);
            } else {
                assertThat(v).as("m19 has no year").isNull();
            }
        }
    }
}
