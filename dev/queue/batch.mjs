import { waitFor } from './waitFor.mjs';

/** The prompt of one row: the run's tag, batch and row, and any simulator tokens. */
export function rowPrompt(tag, batch, row, tokens = '') {
	return `${tag} batch ${batch} row ${row}${tokens ? ` ${tokens}` : ''}`;
}

/** Batch and row of a prompt made by rowPrompt (undefined for other prompts). */
export function parseRowPrompt(tag, prompt) {
	const match = new RegExp(`^${tag} batch (\\d+) row (\\d+)`).exec(prompt ?? '');
	return match ? { batch: Number(match[1]), row: Number(match[2]) } : undefined;
}

/**
 * Starts `batches` executions through the production webhook, one POST of `rows` rows each.
 * `tokensFor(batch, row)` adds simulator tokens to a row's prompt.
 */
export async function postBatches(webhookUrl, { tag, batches, rows, tokensFor = () => '' }) {
	for (let batch = 0; batch < batches; batch++) {
		const body = {
			rows: Array.from({ length: rows }, (_, row) => ({
				prompt: rowPrompt(tag, batch, row, tokensFor(batch, row)),
			})),
		};
		const response = await fetch(webhookUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (!response.ok)
			throw new Error(`webhook ${webhookUrl}: HTTP ${response.status} ${await response.text()}`);
	}
}

export const FINAL_STATUSES = ['success', 'error', 'crashed', 'canceled'];

/**
 * Waits until the workflow has `count` executions and `isDone(executions)` holds; resolves them.
 * `onPoll` runs before each check.
 */
export async function waitForExecutions(
	db,
	workflowId,
	{ count, isDone, timeoutMs, what, onPoll = async () => {} },
) {
	return await waitFor(
		async () => {
			await onPoll();
			const executions = await db.listExecutions(workflowId);
			return executions.length === count && isDone(executions) ? executions : undefined;
		},
		{ timeoutMs, intervalMs: 1000, what: what ?? `${count} executions of ${workflowId}` },
	);
}

export const allFinal = (executions) =>
	executions.every((execution) => FINAL_STATUSES.includes(execution.status));

/** Every item a node output over all its runs (output 0) in an execution. */
export function nodeItems(runExecutionData, nodeName) {
	const runs = runExecutionData?.resultData?.runData?.[nodeName] ?? [];
	return runs.flatMap((run) => run?.data?.main?.[0] ?? []);
}

/** Submissions the simulator accepted for prompts of this tag. */
export function acceptedSubmissions(simulatorState, tag) {
	return simulatorState.submits.filter(
		(submit) => submit.statusCode === 200 && parseRowPrompt(tag, submit.prompt),
	);
}

/** How many times each prompt of this tag was submitted (any answer). */
export function submissionsPerPrompt(simulatorState, tag) {
	const counts = new Map();
	for (const submit of simulatorState.submits)
		if (parseRowPrompt(tag, submit.prompt))
			counts.set(submit.prompt, (counts.get(submit.prompt) ?? 0) + 1);
	return counts;
}
