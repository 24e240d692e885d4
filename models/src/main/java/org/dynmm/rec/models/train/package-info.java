/**
 * Offline training of the frozen base with DJL (PyTorch): {@link
 * org.dynmm.rec.models.train.BaseTrainer} turns a dataset's events before the cutoff into a model
 * bundle, configured by {@link org.dynmm.rec.models.train.TrainingConfig}; the loss terms are in
 * {@link org.dynmm.rec.models.train.Losses}.
 */
package org.dynmm.rec.models.train;
