/** Tandem's inference engine: checkpoints, tokenizer, forward pass, sampler and CPU kernels. */
package dev.tandem.engine;
