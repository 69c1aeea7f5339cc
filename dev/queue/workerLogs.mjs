import { readN8nLog } from '../n8nRuntime.mjs';

const STARTED = /^Worker started execution (\S+) \(job /;
const FINISHED = /^Worker finished execution (\S+) \(job /;
/** The main's line when a worker reports a job done (successful or not). */
const JOB_FINISHED = /^Execution (\S+) \(job \S+\) finished$/;
/** The line the node logs once per generation the API accepted. */
const ACCEPTED =
	/^Wan Video: generation (\S+) accepted \(client request ([^,\s]+), item (\d+), model ([^,\s]+), workflow ([^,\s]+), execution ([^)\s]+)\)$/;

/** Every entry of the given n8n log files, in order. */
export async function readLogs(files) {
	const entries = [];
	for (const file of files) entries.push(...(await readN8nLog(file)));
	return entries;
}

function matching(entries, pattern) {
	return entries
		.map((entry) => (typeof entry.message === 'string' ? pattern.exec(entry.message.trim()) : null))
		.filter(Boolean);
}

/** Ids of the executions a worker started, in order. */
export function startedExecutionIds(entries) {
	return matching(entries, STARTED).map((match) => match[1]);
}

/** Ids of the executions a worker finished (including those it parked in a Wait). */
export function finishedExecutionIds(entries) {
	return matching(entries, FINISHED).map((match) => match[1]);
}

/** Ids of the executions whose job the main saw a worker finish (from the main's log). */
export function jobFinishedExecutionIds(entries) {
	return matching(entries, JOB_FINISHED).map((match) => match[1]);
}

/** The node's "generation accepted" lines: [{ generationId, clientRequestId, itemIndex, model, workflowId, executionId }]. */
export function acceptedGenerationLines(entries) {
	return matching(entries, ACCEPTED).map((match) => ({
		generationId: match[1],
		clientRequestId: match[2],
		itemIndex: Number(match[3]),
		model: match[4],
		workflowId: match[5],
		executionId: match[6],
	}));
}

/**
 * Executions a worker process started more often than it finished: those it was running
 * when its log ends (a parked execution is finished once, then started again on resume).
 */
export function unfinishedExecutionIds(entries) {
	const open = new Map();
	for (const id of startedExecutionIds(entries)) open.set(id, (open.get(id) ?? 0) + 1);
	for (const id of finishedExecutionIds(entries)) open.set(id, (open.get(id) ?? 0) - 1);
	return [...open].filter(([, count]) => count > 0).map(([id]) => id);
}
