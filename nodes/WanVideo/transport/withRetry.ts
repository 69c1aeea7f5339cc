import type { IExecuteFunctions } from 'n8n-workflow';

import { pauseUnlessCancelled } from '../shared/cancellation';
import { readHttpFailure, type HttpFailure } from './failure';
import { backoffDelayMs, RETRY_POLICY } from './retryPolicy';

/**
 * Runs `call` again after a backoff while `shouldRetry` says the failure is safe to repeat.
 * Returns the result, or the last failure once the attempts run out.
 */
export async function withRetry<T>(
	context: IExecuteFunctions,
	call: () => Promise<T>,
	shouldRetry: (failure: HttpFailure) => boolean,
): Promise<{ ok: true; value: T } | { ok: false; failure: HttpFailure }> {
	for (let attempt = 0; ; attempt++) {
		try {
			return { ok: true, value: await call() };
		} catch (error) {
			const failure = readHttpFailure(error);
			if (context.getExecutionCancelSignal()?.aborted) failure.aborted = true;
			if (failure.aborted || attempt + 1 >= RETRY_POLICY.maxAttempts || !shouldRetry(failure)) {
				return { ok: false, failure };
			}
			const delayMs = Math.max(backoffDelayMs(attempt), failure.retryAfterMs ?? 0);
			if (!(await pauseUnlessCancelled(context, delayMs))) {
				return { ok: false, failure: { ...failure, aborted: true } };
			}
		}
	}
}
