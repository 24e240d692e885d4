/**
 * The frozen base model served in plain Java (no DJL): {@link org.dynmm.rec.models.base.BaseModel}
 * loads a trained bundle (tensor names in {@link org.dynmm.rec.models.base.BaseTensors}) and
 * computes item, text and user latents; {@link org.dynmm.rec.models.base.BaseModelScorer} ranks
 * with {@code h_u . z_i} behind the {@link org.dynmm.rec.models.ranking.ItemScorer} interface.
 */
package org.dynmm.rec.models.base;
