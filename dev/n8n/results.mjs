// Reading what an execution left: its run data and the binary files it stored.
import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * Finds the run data `n8n execute` printed: through its logger (info level), on success as
 * the last message, on failure after "Execution error:"; or on stdout.
 */
export function extractRunData(logs, stdout = '') {
	for (let i = logs.length - 1; i >= 0; i--) {
		const message = logs[i].message;
		if (typeof message !== 'string' || !message.startsWith('{')) continue;
		try {
			const parsed = JSON.parse(message);
			if (parsed && parsed.data && parsed.data.resultData) return parsed;
		} catch {
			// not the run data
		}
	}
	// console logging: the JSON is the last top-level object on stdout
	const start = stdout.lastIndexOf('\n{\n');
	const candidates = [
		start >= 0 ? stdout.slice(start + 1) : undefined,
		stdout.slice(stdout.indexOf('{')),
	];
	for (const text of candidates) {
		if (!text) continue;
		try {
			const parsed = JSON.parse(text);
			if (parsed?.data?.resultData) return parsed;
		} catch {
			// ignore
		}
	}
	return undefined;
}

/** Items of a node's output: run.data.resultData.runData[node][runIndex].data.main[outputIndex]. */
export function getNodeOutput(run, nodeName, { runIndex = -1, outputIndex = 0 } = {}) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) return undefined;
	const taskData = runs.at(runIndex);
	return taskData?.data?.main?.[outputIndex] ?? [];
}

/** The error of a node's run (or undefined). */
export function getNodeError(run, nodeName, { runIndex = -1 } = {}) {
	return run?.data?.resultData?.runData?.[nodeName]?.at(runIndex)?.error;
}

/** Ids of all stored binaries in the items of every node's output. */
export function collectBinaryIds(run) {
	const ids = [];
	for (const taskRuns of Object.values(run.data.resultData.runData ?? {})) {
		for (const taskData of taskRuns) {
			for (const output of taskData?.data?.main ?? []) {
				for (const item of output ?? []) {
					for (const binary of Object.values(item?.binary ?? {}))
						if (binary?.id) ids.push(binary.id);
				}
			}
		}
	}
	return ids;
}

/**
 * Path of a stored binary. Accepts the binary object of an item or its id
 * ("filesystem-v2:workflows/<wf>/executions/<exec>/binary_data/<uuid>"). n8n keeps
 * these under the home's storage folder (next to a "<uuid>.metadata" JSON file).
 */
export function resolveBinaryDataPath(home, binaryOrId) {
	const id = typeof binaryOrId === 'string' ? binaryOrId : binaryOrId?.id;
	if (!id) throw new Error('binary data has no id (stored inline as base64?); use readBinaryData');
	const separator = id.indexOf(':');
	const mode = id.slice(0, separator);
	const fileId = id.slice(separator + 1);
	if (mode !== 'filesystem-v2' && mode !== 'filesystem')
		throw new Error(`binary data mode ${mode} is not stored on the filesystem`);
	const resolved = path.resolve(home.storageDir, fileId);
	if (path.relative(home.storageDir, resolved).startsWith('..'))
		throw new Error(`binary id escapes the storage dir: ${id}`);
	return resolved;
}

/** Bytes of a binary (filesystem mode or inline base64). */
export async function readBinaryData(home, binary) {
	if (binary?.id) return fsp.readFile(resolveBinaryDataPath(home, binary));
	if (typeof binary?.data === 'string') return Buffer.from(binary.data, 'base64');
	throw new Error('not a binary data object');
}
