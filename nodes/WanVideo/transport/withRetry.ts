import type { IExecuteFunctions } from 'n8n-workflow';

import { pauseUnlessCancelled } from '../polling/pause';
import { backoffDelayMs, RETRY_POLICY } from '../polling/pollingPolicy';
import { readHttpFailure, type HttpFailure } from './failure';

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
			if (!(await pauseUnlessCancelled(context, backoffDelayMs(attempt)))) {
				return { ok: false, failure: { ...failure, aborted: true } };
			}
		}
	}
}
