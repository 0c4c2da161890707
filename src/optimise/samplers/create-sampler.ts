import { UsageError } from '../../core/index.js';
import { GridSampler } from './grid-sampler.js';
import { RandomSampler } from './random-sampler.js';
import { TpeSampler, type TpeSamplerOptions } from './tpe-sampler.js';
import type { Sampler } from './types.js';

export const SAMPLER_NAMES = ['tpe', 'tpe-independent', 'random', 'grid'] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];

export interface CreateSamplerOptions extends TpeSamplerOptions {
  /** The grid sampler's size limit. */
  readonly maxPoints?: number;
}

/**
 * The sampler a `--sampler` name asks for: tpe is the multivariate TPE, tpe-independent one
 * estimator per parameter; the TPE options are ignored by the others.
 */
export function createSampler(name: string, options: CreateSamplerOptions): Sampler {
  switch (name) {
    case 'tpe':
      return new TpeSampler(options);
    case 'tpe-independent':
      return new TpeSampler({ ...options, multivariate: false });
    case 'random':
      return new RandomSampler({ seed: options.seed });
    case 'grid':
      return new GridSampler({ seed: options.seed, maxPoints: options.maxPoints });
    default:
      throw new UsageError(`unknown sampler '${name}' (expected tpe, tpe-independent, random or grid)`);
  }
}
