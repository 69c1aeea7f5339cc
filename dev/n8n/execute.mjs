import { collectBinaryIds, extractRunData, getNodeOutput } from './runData.mjs';
import { runN8n } from './runN8n.mjs';

/** The execution id, read from the ids of the binaries the run stored (undefined when none). */
function findExecutionId(run) {
	return collectBinaryIds(run)
		.map((binaryId) => /\/executions\/([^/]+)\/binary_data\//.exec(binaryId)?.[1])
		.find(Boolean);
}

/**
 * Executes an imported workflow with `n8n execute --id=<id> --rawOutput` and parses the
 * result. Never throws for a failed workflow: check `ok` / `error`.
 * @returns {Promise<{ ok: boolean, status: string|undefined, run: object|undefined, error: object|undefined,
 *   lastNodeExecuted: string|undefined, executionId: string|undefined, output: (node: string, opts?: object) => object[]|undefined,
 *   code: number|null, durationMs: number, logs: object[], logFile: string, stdout: string, stderr: string, timedOut: boolean }>}
 */
export async function executeWorkflow(home, id, { timeoutMs = 10 * 60_000, env = {} } = {}) {
	const result = await runN8n(home, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, env });
	const run = extractRunData(result.logs, result.stdout);
	const error = run?.data?.resultData?.error;
	return {
		ok: result.code === 0 && Boolean(run) && !error,
		status: run?.status,
		run,
		error,
		lastNodeExecuted: run?.data?.resultData?.lastNodeExecuted,
		executionId: run ? findExecutionId(run) : undefined,
		output: (nodeName, options) => getNodeOutput(run, nodeName, options),
		code: result.code,
		timedOut: result.timedOut,
		durationMs: result.durationMs,
		logs: result.logs,
		logFile: result.logFile,
		stdout: result.stdout,
		stderr: result.stderr,
	};
}
