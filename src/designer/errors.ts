import { FleetError, InputError } from '../core/index.js';

/**
 * Errors of `fleet design`. All exit 1 (a failure); a missing key or an unknown provider is a
 * UsageError (exit 2) raised where the options are read.
 */

/** The offline designer does not recognise the idea; the message lists the idioms it knows. */
export class UnknownIdeaError extends InputError {}

/** The model's answers never became a valid spec that trades (after the repair rounds), or it refused. */
export class DesignRejectedError extends InputError {}

/** The model provider failed: unreachable, timed out, rate limited, or the key was refused. */
export class ProviderError extends FleetError {}
