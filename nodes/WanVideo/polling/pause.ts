import { NodeOperationError, sleep, type IExecuteFunctions } from 'n8n-workflow';

import { POLLING_POLICY } from './pollingPolicy';

/** Thrown when the user stops the execution while the node waits. */
export class ExecutionCancelledError extends NodeOperationError {}

export function throwIfCancelled(context: IExecuteFunctions): void {
	if (context.getExecutionCancelSignal()?.aborted) {
		throw new ExecutionCancelledError(context.getNode(), 'The execution was cancelled');
	}
}

/**
 * Waits `ms`, in slices of at most a second so a cancelled execution ends promptly
 * (older n8n versions' `sleep` ignores an abort signal).
 */
export async function pause(context: IExecuteFunctions, ms: number): Promise<void> {
	let remainingMs = ms;
	while (remainingMs > 0) {
		throwIfCancelled(context);
		const sliceMs = Math.min(remainingMs, POLLING_POLICY.cancelCheckMs);
		await sleep(sliceMs);
		remainingMs -= sliceMs;
	}
	throwIfCancelled(context);
}
