package org.dynmm.rec.job.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The job JAR leaves the native runtimes (DJL, its tokenizers, libtorch, ONNX Runtime) to the
 * cluster classpath: every such jar the job needs at run time must be one that {@code
 * deploy/maven/flink-cluster/pom.xml} puts in the cluster's {@code lib/}. A missing one shows only
 * on a real cluster, as a {@code NoClassDefFoundError} when the frozen base opens.
 */
class ClusterLibraryTest {
    /** Shade excludes that the cluster provides as native runtimes (the rest come with Flink). */
    private static final Set<String> NATIVE_GROUPS =
            Set.of("ai.djl", "ai.djl.pytorch", "ai.djl.huggingface", "com.microsoft.onnxruntime");

    private static final Pattern EXCLUDE = Pattern.compile("<exclude>([^<:]+):\\*</exclude>");
    private static final Pattern DEPENDENCY =
            Pattern.compile(
                    "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>",
                    Pattern.DOTALL);

    @Test
    void everyNativeRuntimeJarTheJobLeavesOutIsOnTheClusterClasspath() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        String jobPom = Files.readString(root.resolve("job/pom.xml"));
        Set<String> excluded = new TreeSet<>();
        Matcher m = EXCLUDE.matcher(jobPom);
        while (m.find()) {
            excluded.add(m.group(1));
        }
        assertThat(excluded).containsAll(NATIVE_GROUPS);

        String clusterPom = Files.readString(root.resolve("deploy/maven/flink-cluster/pom.xml"));
        Set<String> onCluster = new TreeSet<>();
        Matcher d = DEPENDENCY.matcher(clusterPom);
        while (d.find()) {
            onCluster.add(d.group(1) + ":" + d.group(2));
        }

        // The job module's test class path holds its run-time dependencies, each a jar under
        // .../repository/<group path>/<artifact>/<version>/.
        List<String> needed = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            for (String group : NATIVE_GROUPS) {
                String groupPath = File.separator + group.replace('.', File.separatorChar);
                String dir = jar.getParent() == null ? "" : jar.getParent().toString();
                Path artifactDir = jar.getParent() == null ? null : jar.getParent().getParent();
                if (artifactDir != null
                        && artifactDir.getParent() != null
                        && artifactDir.getParent().toString().endsWith(groupPath)
                        && dir.contains(File.separator + "repository" + File.separator)) {
                    needed.add(group + ":" + artifactDir.getFileName());
                }
            }
        }
        assertThat(needed).as("native runtime jars on the job's class path").isNotEmpty();
        assertThat(onCluster).containsAll(needed);
    }
}
