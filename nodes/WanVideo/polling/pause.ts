import { NodeOperationError, sleep, type IExecuteFunctions } from 'n8n-workflow';

import { POLLING_POLICY } from './pollingPolicy';

/** Thrown when the user stops the execution while the node waits. */
export class ExecutionCancelledError extends NodeOperationError {}

function isCancelled(context: IExecuteFunctions): boolean {
	return context.getExecutionCancelSignal()?.aborted === true;
}

/** Stops the run once the execution is cancelled, naming the generations that keep running on the API. */
export function throwIfCancelled(context: IExecuteFunctions, stillRunning: string[] = []): void {
	if (!isCancelled(context)) return;
	throw new ExecutionCancelledError(context.getNode(), 'The execution was cancelled', {
		...(stillRunning.length > 0
			? {
					description: `These generations keep running on the AIML API; fetch them later with Get Generation: ${stillRunning.join(', ')}`,
				}
			: {}),
	});
}

/**
 * Waits `ms` in slices of at most a second, so a cancelled execution ends promptly
 * (older n8n versions' `sleep` ignores an abort signal). Resolves false once cancelled.
 */
export async function pauseUnlessCancelled(
	context: IExecuteFunctions,
	ms: number,
): Promise<boolean> {
	let remainingMs = ms;
	while (remainingMs > 0) {
		if (isCancelled(context)) return false;
		const sliceMs = Math.min(remainingMs, POLLING_POLICY.cancelCheckMs);
		await sleep(sliceMs);
		remainingMs -= sliceMs;
	}
	return !isCancelled(context);
}
