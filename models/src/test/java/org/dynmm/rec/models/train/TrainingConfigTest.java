package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dynmm.rec.models.base.UserEncoderType;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        TrainingConfig c = TrainingConfig.builder().build();
        assertThat(c.cutoffFraction()).isEqualTo(0.8);
        assertThat(c.jointDim()).isEqualTo(64);
        assertThat(c.cfDim()).isEqualTo(64);
        assertThat(c.historyLength()).isEqualTo(50);
        assertThat(c.maskSeen()).isTrue();
        assertThat(c.device()).isEqualTo(DeviceChoice.CPU);
    }

    @Test
    void hyperParametersNameTheEncoderAndEveryWeight() {
        TrainingConfig c =
                TrainingConfig.builder()
                        .encoder(UserEncoderType.SELF_ATTENTION)
                        .matchWeight(0.5f)
                        .build();
        assertThat(c.hyperParameters())
                .containsEntry("encoder", "self-attention")
                .containsEntry("matchWeight", 0.5)
                .containsKeys(
                        "textRankWeight", "itemReconWeight", "textReconWeight", "learningRate");
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void rejectsSettingsThatCannotTrain() {
        assertThatThrownBy(() -> TrainingConfig.builder().cutoffFraction(0).build())
                .hasMessageContaining("cutoff fraction");
        assertThatThrownBy(() -> TrainingConfig.builder().batchSize(0).build())
                .hasMessageContaining("batch size must be positive");
        assertThatThrownBy(() -> TrainingConfig.builder().learningRate(-1f).build())
                .hasMessageContaining("learning rate");
        assertThatThrownBy(() -> TrainingConfig.builder().matchWeight(Float.NaN).build())
                .hasMessageContaining("loss weights");
        assertThatThrownBy(() -> TrainingConfig.builder().validationFraction(1).build())
                .hasMessageContaining("validation fraction");
        assertThatThrownBy(() -> DeviceChoice.parse("tpu"))
                .hasMessageContaining("cpu, gpu or auto");
        assertThat(DeviceChoice.parse(" GPU ")).isEqualTo(DeviceChoice.GPU);
    }
}
