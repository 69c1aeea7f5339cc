import { NodeOperationError, sleep, type IExecuteFunctions } from 'n8n-workflow';

/** Longest single pause, so a cancelled execution stops within about a second. */
const CANCEL_CHECK_MS = 1_000;

/** Thrown when the user stops the execution while the node works; lists the generations it had started. */
export class ExecutionCancelledError extends NodeOperationError {}

export function isCancelled(context: IExecuteFunctions): boolean {
	return context.getExecutionCancelSignal()?.aborted === true;
}

/** A generation as the cancellation error names it: its ID and the last status the node saw. */
export interface StartedGeneration {
	id: string;
	status: string;
	videoUrl?: string | null;
}

export function cancelledError(
	context: IExecuteFunctions,
	started: StartedGeneration[],
): ExecutionCancelledError {
	const lines = started.map(
		(generation) =>
			`${generation.id} (${generation.status}${generation.videoUrl ? `, video ${generation.videoUrl}` : ''})`,
	);
	return new ExecutionCancelledError(context.getNode(), 'The execution was cancelled', {
		...(lines.length > 0
			? {
					description: `The AIML API had accepted these generations; those not finished keep running and are billed. Fetch them later with Get Generation: ${lines.join('; ')}`,
				}
			: {}),
	});
}

/** Stops the run once the execution is cancelled, naming every generation it had started. */
export function throwIfCancelled(
	context: IExecuteFunctions,
	started: () => StartedGeneration[] = () => [],
): void {
	if (isCancelled(context)) throw cancelledError(context, started());
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
		const sliceMs = Math.min(remainingMs, CANCEL_CHECK_MS);
		await sleep(sliceMs);
		remainingMs -= sliceMs;
	}
	return !isCancelled(context);
}
