package org.dynmm.rec.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md must name every option with its real default. */
class DocumentedOptionsTest {
    @Test
    void everyOptionIsDocumentedWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "CONFIGURATION.md"));
        for (ConfigOption<?> option : RecOptions.all()) {
            String row =
                    doc.lines()
                            .filter(l -> l.startsWith("| `" + option.key() + "` |"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("undocumented: " + option.key()));
            String documentedDefault = row.split("\\|")[2].trim();
            assertThat(documentedDefault)
                    .as("default of %s", option.key())
                    .isEqualTo(expectedDefault(option));
        }
    }

    private static String expectedDefault(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "(none)";
        }
        Object value = option.defaultValue();
        String text =
                value instanceof Duration
                        ? TimeUtils.formatWithHighestUnit((Duration) value)
                        : value.toString();
        return "`" + text + "`";
    }
}
