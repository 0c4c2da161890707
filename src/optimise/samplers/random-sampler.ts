import { checkSeed } from './options.js';
import { drawFeasible, proposalRandom } from './random-draw.js';
import { checkSpace } from './space.js';
import type { ParamPoint, SampleContext, Sampler } from './types.js';

export interface RandomSamplerOptions {
  readonly seed: number;
}

/**
 * Independent uniform draws (log-uniform for log parameters, uniform over the grid for stepped
 * ones, uniform over the choices), rejected until the constraints hold.
 */
export class RandomSampler implements Sampler {
  readonly name = 'random';
  readonly #seed: number;

  constructor(options: RandomSamplerOptions) {
    this.#seed = checkSeed(options.seed);
  }

  sample(context: SampleContext): ParamPoint {
    const names = checkSpace(context.space);
    const random = proposalRandom(this.#seed, context.trials.length);
    return drawFeasible(context.space, names, random, context.feasible);
  }
}
