package org.dynmm.rec.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
    @TempDir Path dir;

    private void write(String file, String content) throws IOException {
        Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
    }

    @Test
    void readsPlainFormatWithDefaultsQuotesAndAttributes() throws IOException {
        write(
                "interactions.csv",
                "user,item,ts,value,type\n"
                        + "u1,i2,3000,,\n"
                        + "u2,\"i,1\",1000,4.5,rating\n"
                        + "u1,i1,3000,2,view\n");
        write(
                "items.csv",
                "item,title,text,genres,tags\n"
                        + "\"i,1\",\"Film, The\",\"says \"\"hi\"\"\",Drama|Comedy,\n"
                        + "i2,Other,,,a| b |\n");

        Dataset data = DatasetLoader.load(dir);

        assertThat(data.name()).isEqualTo(dir.getFileName().toString());
        assertThat(data.interactions())
                .containsExactly(
                        new InteractionEvent("u2", "i,1", "rating", 4.5f, 1000),
                        // Equal timestamps keep file order.
                        new InteractionEvent("u1", "i2", "interaction", 1.0f, 3000),
                        new InteractionEvent("u1", "i1", "view", 2.0f, 3000));
        assertThat(data.items().keySet()).containsExactly("i,1", "i2");
        ItemContent first = data.items().get("i,1");
        assertThat(first.title).isEqualTo("Film, The");
        assertThat(first.text).isEqualTo("says \"hi\"");
        assertThat(first.attributes)
                .containsExactly(Map.entry("genres", List.of("Drama", "Comedy")));
        ItemContent second = data.items().get("i2");
        assertThat(second.text).isNull();
        assertThat(second.attributes).containsExactly(Map.entry("tags", List.of("a", "b")));
    }

    @Test
    void plainFormatNeedsNoItemsFileAndNoOptionalColumns() throws IOException {
        write("interactions.csv", "ts,item,user\n20,b,u\n10,a,u\n");

        Dataset data = DatasetLoader.load(dir);

        assertThat(data.items()).isEmpty();
        assertThat(data.interactions())
                .extracting(e -> e.item + "@" + e.ts + ":" + e.value + ":" + e.type)
                .containsExactly("a@10:1.0:interaction", "b@20:1.0:interaction");
    }

    @Test
    void readsMovieLensLatestLayout() throws IOException {
        write(
                "ratings.csv",
                "userId,movieId,rating,timestamp\n1,10,4.0,20\n1,20,3.5,10\n2,10,5.0,10\n");
        write(
                "movies.csv",
                "movieId,title,genres\n"
                        + "10,\"American President, The (1995)\",Comedy|Drama|Romance\n"
                        + "20,Unknown (2000),(no genres listed)\n"
                        + "30,Never Rated (2001),Horror\n");
        write(
                "tags.csv",
                "userId,movieId,tag,timestamp\n"
                        + "1,10,funny,1\n"
                        + "2,10,\"\"\"quoted, tag\"\"\",2\n"
                        + "3,10,funny,3\n"
                        + "1,99,orphan,4\n");

        Dataset data = DatasetLoader.load(dir);

        assertThat(data.interactions())
                .containsExactly(
                        new InteractionEvent("1", "20", "rating", 3.5f, 10_000),
                        new InteractionEvent("2", "10", "rating", 5.0f, 10_000),
                        new InteractionEvent("1", "10", "rating", 4.0f, 20_000));
        assertThat(data.items().keySet()).containsExactly("10", "20", "30");
        ItemContent president = data.items().get("10");
        assertThat(president.title).isEqualTo("American President, The (1995)");
        assertThat(president.attributes.get("genres"))
                .containsExactly("Comedy", "Drama", "Romance");
        assertThat(president.attributes.get("tags")).containsExactly("funny", "\"quoted, tag\"");
        assertThat(data.items().get("20").attributes).isEmpty();
        assertThat(data.items().get("30").attributes).containsOnlyKeys("genres");
    }

    @Test
    void readsMovieLens100kLayoutInLatin1() throws IOException {
        Files.writeString(dir.resolve("u.data"), "7\t2\t3\t881250949\n7\t1\t5\t881250000\n");
        Files.writeString(dir.resolve("u.genre"), "unknown|0\nAction|1\nDrama|2\n\n");
        Files.write(
                dir.resolve("u.item"),
                ("1|Misérables, Les (1995)|01-Jan-1995||http://x|0|1|1\n" + "2|unknown||||1|0|0\n")
                        .getBytes(StandardCharsets.ISO_8859_1));

        Dataset data = DatasetLoader.load(dir);

        assertThat(data.interactions())
                .containsExactly(
                        new InteractionEvent("7", "1", "rating", 5f, 881_250_000_000L),
                        new InteractionEvent("7", "2", "rating", 3f, 881_250_949_000L));
        assertThat(data.items().get("1").title).isEqualTo("Misérables, Les (1995)");
        assertThat(data.items().get("1").attributes.get("genres"))
                .containsExactly("Action", "Drama");
        assertThat(data.items().get("2").attributes).isEmpty();
    }

    @Test
    void missingDirectoryIsAClearError() {
        assertThatThrownBy(() -> DatasetLoader.load(dir.resolve("absent")))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("dataset directory not found")
                .hasMessageContaining("absent");
    }

    @Test
    void directoryWithoutKnownFilesNamesTheExpectedLayouts() {
        assertThatThrownBy(() -> DatasetLoader.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("interactions.csv")
                .hasMessageContaining("ratings.csv")
                .hasMessageContaining("u.data");
    }

    @Test
    void missingMoviesFileIsNamed() throws IOException {
        write("ratings.csv", "userId,movieId,rating,timestamp\n1,10,4.0,20\n");
        assertThatThrownBy(() -> DatasetLoader.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("movies.csv")
                .hasMessageContaining("not found");
    }

    @Test
    void badHeaderNamesFileAndMissingColumn() throws IOException {
        write("interactions.csv", "user,product,ts\nu,i,1\n");
        assertThatThrownBy(() -> DatasetLoader.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("interactions.csv:1")
                .hasMessageContaining("'item'");
    }

    @Test
    void unparsableNumberNamesFileLineAndValue() throws IOException {
        write("interactions.csv", "user,item,ts\nu,i,1\nu,j,yesterday\n");
        assertThatThrownBy(() -> DatasetLoader.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("interactions.csv:3")
                .hasMessageContaining("'yesterday'");
    }

    @Test
    void unparsableRatingIn100kNamesFileAndLine() throws IOException {
        Files.writeString(dir.resolve("u.genre"), "Action|0\n");
        Files.writeString(dir.resolve("u.item"), "1|A|||x|1\n");
        Files.writeString(dir.resolve("u.data"), "1\t1\t5\t10\n1\t1\tfive\t11\n");
        assertThatThrownBy(() -> DatasetLoader.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("u.data:2")
                .hasMessageContaining("'five'");
    }

    @Test
    void shortRowIsAnErrorWithItsLine() throws IOException {
        write("interactions.csv", "user,item,ts\nu,i,1\nu,i\n");
        assertThatThrownBy(() -> DatasetLoader.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("interactions.csv:3");
    }
}
