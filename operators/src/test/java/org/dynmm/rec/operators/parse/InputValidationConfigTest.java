package org.dynmm.rec.operators.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class InputValidationConfigTest {

    @Test
    void defaultsMatchTheDocumentedLimits() {
        InputValidationConfig c = InputValidationConfig.defaults();

        assertThat(c.maxRecordBytes()).isEqualTo(1024 * 1024);
        assertThat(c.maxIdLength()).isEqualTo(256);
        assertThat(c.maxTypeLength()).isEqualTo(64);
        assertThat(c.visualDim()).isEqualTo(-1);
        assertThat(c.audioDim()).isEqualTo(-1);
        assertThat(c.minTs()).isZero();
        assertThat(c.maxTs())
                .isEqualTo(
                        LocalDate.of(3000, 1, 1)
                                .atStartOfDay()
                                .toInstant(ZoneOffset.UTC)
                                .toEpochMilli());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        InputValidationConfig base = InputValidationConfig.defaults();
        InputValidationConfig changed = base.toBuilder().visualDim(512).maxIdLength(10).build();

        assertThat(changed.visualDim()).isEqualTo(512);
        assertThat(changed.maxIdLength()).isEqualTo(10);
        assertThat(changed.audioDim()).isEqualTo(base.audioDim());
        assertThat(changed.maxTs()).isEqualTo(base.maxTs());
        assertThat(base.visualDim()).isEqualTo(-1);
        assertThat(changed.toBuilder().build()).isEqualTo(changed);
    }

    @Test
    void rejectsNonsensicalLimits() {
        assertThatThrownBy(() -> InputValidationConfig.builder().maxRecordBytes(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRecordBytes");
        assertThatThrownBy(() -> InputValidationConfig.builder().visualDim(0).build())
                .hasMessageContaining("visualDim");
        assertThatThrownBy(() -> InputValidationConfig.builder().audioDim(-2).build())
                .hasMessageContaining("audioDim");
        assertThatThrownBy(() -> InputValidationConfig.builder().minTs(10).maxTs(5).build())
                .hasMessageContaining("minTs");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        InputValidationConfig c = InputValidationConfig.builder().audioDim(128).build();

        assertThat(InstantiationUtil.clone(c)).isEqualTo(c);
    }
}
