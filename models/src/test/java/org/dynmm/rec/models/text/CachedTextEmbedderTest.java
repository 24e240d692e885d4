package org.dynmm.rec.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedTextEmbedderTest {

    @TempDir Path tmp;

    /** A deterministic fake model that counts the texts it encodes. */
    static final class CountingEmbedder implements TextEmbedder {
        final String id;
        final int dim;
        final List<String> seen = new ArrayList<>();

        CountingEmbedder(String id, int dim) {
            this.id = id;
            this.dim = dim;
        }

        @Override
        public String modelId() {
            return id;
        }

        @Override
        public int dimension() {
            return dim;
        }

        @Override
        public synchronized float[] embed(String text) {
            seen.add(text);
            float[] v = new float[dim];
            int h = text.hashCode();
            for (int i = 0; i < dim; i++) {
                h = h * 31 + i;
                v[i] = Float.intBitsToFloat((h & 0x3fffffff) | 0x30000000) * (i % 2 == 0 ? 1 : -1);
            }
            v[0] = -0.0f;
            return v;
        }
    }

    @Test
    void secondOpenServesBitIdenticalVectorsWithoutTheDelegate() {
        Path file = tmp.resolve("cache/text.bin");
        List<String> texts = List.of("a", "b", "c", "a", "");
        List<float[]> first;
        CountingEmbedder model = new CountingEmbedder("fake", 8);
        try (CachedTextEmbedder cache = CachedTextEmbedder.open(model, file)) {
            first = cache.embedAll(texts);
            assertThat(model.seen)
                    .as("duplicates are encoded once")
                    .containsExactly("a", "b", "c", "");
            assertThat(cache.embed("b")).containsExactly(first.get(1));
            assertThat(model.seen).hasSize(4);
            assertThat(cache.isPersistent()).isTrue();
        }

        CountingEmbedder fresh = new CountingEmbedder("fake", 8);
        try (CachedTextEmbedder cache = CachedTextEmbedder.open(fresh, file)) {
            List<float[]> again = cache.embedAll(texts);

            assertThat(fresh.seen).isEmpty();
            assertThat(cache.hits()).isEqualTo(5);
            for (int i = 0; i < texts.size(); i++) {
                assertBitIdentical(again.get(i), first.get(i));
            }
        }
    }

    @Test
    void returnedVectorsAreCopies() {
        try (CachedTextEmbedder cache =
                CachedTextEmbedder.open(new CountingEmbedder("fake", 4), tmp.resolve("c.bin"))) {
            float[] v = cache.embed("x");
            float expected = v[1];
            v[1] = 123f;
            assertThat(cache.embed("x")[1]).isEqualTo(expected);
        }
    }

    @Test
    void truncatedCacheKeepsItsValidPrefix() throws IOException {
        Path file = tmp.resolve("c.bin");
        try (CachedTextEmbedder cache =
                CachedTextEmbedder.open(new CountingEmbedder("fake", 16), file)) {
            cache.embedAll(List.of("one", "two", "three"));
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));

        CountingEmbedder model = new CountingEmbedder("fake", 16);
        try (CachedTextEmbedder cache = CachedTextEmbedder.open(model, file)) {
            assertThat(cache.size()).isEqualTo(2);
            cache.embedAll(List.of("one", "two", "three", "four"));
            assertThat(model.seen).containsExactly("three", "four");
        }
        // The damaged tail was replaced: all four load on the next open.
        CountingEmbedder last = new CountingEmbedder("fake", 16);
        try (CachedTextEmbedder cache = CachedTextEmbedder.open(last, file)) {
            assertThat(cache.size()).isEqualTo(4);
            cache.embedAll(List.of("one", "two", "three", "four"));
            assertThat(last.seen).isEmpty();
        }
    }

    @Test
    void corruptEntryAndGarbageFilesAreTolerated() throws IOException {
        Path file = tmp.resolve("c.bin");
        try (CachedTextEmbedder cache =
                CachedTextEmbedder.open(new CountingEmbedder("fake", 4), file)) {
            cache.embedAll(List.of("one", "two", "three"));
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 0x40; // inside the last entry
        Files.write(file, bytes);
        try (CachedTextEmbedder cache =
                CachedTextEmbedder.open(new CountingEmbedder("fake", 4), file)) {
            assertThat(cache.size()).isEqualTo(2);
        }

        Files.write(file, "not a cache at all".getBytes(StandardCharsets.UTF_8));
        CountingEmbedder model = new CountingEmbedder("fake", 4);
        try (CachedTextEmbedder cache = CachedTextEmbedder.open(model, file)) {
            assertThat(cache.size()).isZero();
            assertThat(cache.embed("one")).hasSize(4);
            assertThat(cache.isPersistent()).isTrue();
        }
    }

    @Test
    void anotherModelNeverReusesVectors() {
        Path file = tmp.resolve("c.bin");
        try (CachedTextEmbedder cache =
                CachedTextEmbedder.open(new CountingEmbedder("model-a", 4), file)) {
            cache.embed("shared text");
        }
        CountingEmbedder other = new CountingEmbedder("model-b", 4);
        try (CachedTextEmbedder cache = CachedTextEmbedder.open(other, file)) {
            assertThat(cache.size()).isZero();
            cache.embed("shared text");
            assertThat(other.seen).containsExactly("shared text");
        }
        CountingEmbedder wider = new CountingEmbedder("model-b", 8);
        try (CachedTextEmbedder cache = CachedTextEmbedder.open(wider, file)) {
            assertThat(cache.embed("shared text")).hasSize(8);
            assertThat(wider.seen).containsExactly("shared text");
        }
    }

    @Test
    void secondInstanceOnTheSameFileWorksInMemory() {
        Path file = tmp.resolve("c.bin");
        try (CachedTextEmbedder owner =
                        CachedTextEmbedder.open(new CountingEmbedder("fake", 4), file);
                CachedTextEmbedder second =
                        CachedTextEmbedder.open(new CountingEmbedder("fake", 4), file)) {
            assertThat(owner.isPersistent()).isTrue();
            assertThat(second.isPersistent()).isFalse();
            assertThat(second.embed("x")).containsExactly(owner.embed("x"));
        }
    }

    @Test
    void unwritableLocationWorksInMemory() throws IOException {
        Path blocker = Files.writeString(tmp.resolve("file"), "x");
        CountingEmbedder model = new CountingEmbedder("fake", 4);
        try (CachedTextEmbedder cache = CachedTextEmbedder.open(model, blocker.resolve("c.bin"))) {
            assertThat(cache.isPersistent()).isFalse();
            cache.embed("a");
            cache.embed("a");
            assertThat(model.seen).containsExactly("a");
        }
    }

    private static void assertBitIdentical(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i]))
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }
}
