package org.dynmm.rec.job.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.dynmm.rec.job.config.RecOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --config FILE} and {@code -Dkey=value} options every command shares. */
public class ConfigOptionsMixin {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file of configuration keys (key=value or key: value lines).")
    Path configFile;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            description =
                    "A configuration key, e.g. -Drec.ranker.top-n=20; Flink keys work too "
                            + "(-Dparallelism.default=4). Overrides --config.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /**
     * The configuration: file first, then {@code -D} overrides; unknown {@code rec.*} keys fail.
     */
    public Configuration configuration() {
        Map<String, String> merged = new LinkedHashMap<>();
        if (configFile != null) {
            merged.putAll(readFile(configFile));
        }
        merged.putAll(overrides);
        rejectUnknownRecKeys(merged.keySet());
        return Configuration.fromMap(merged);
    }

    private Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "cannot read --config file " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k).trim()));
        return map;
    }

    private void rejectUnknownRecKeys(Set<String> keys) {
        Set<String> known = new TreeSet<>();
        for (ConfigOption<?> option : RecOptions.all()) {
            known.add(option.key());
        }
        for (String key : keys) {
            if (key.startsWith("rec.")
                    && !key.startsWith(RecOptions.KAFKA_CLIENT_PREFIX)
                    && !known.contains(key)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "unknown configuration key '"
                                + key
                                + "'; known keys: "
                                + String.join(", ", known));
            }
        }
    }
}
