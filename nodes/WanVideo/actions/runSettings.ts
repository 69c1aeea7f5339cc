import { NodeConnectionTypes, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { clamp, POLLING_POLICY } from '../polling/pollingPolicy';
import { REQUEST_BUDGET_POLICY } from '../transport/requestBudget';
import { OPTIONS_COLLECTION } from '../schema/parameterNames';

export type OnTimeout = 'error' | 'output';

/** How the node waits and what it outputs; the same for every item of a run. */
export interface RunSettings {
	waitForCompletion: boolean;
	pollIntervalMs: number;
	maxWaitMs: number;
	onTimeout: OnTimeout;
	downloadVideo: boolean;
	binaryPropertyName: string;
	submitConcurrency: number;
	/** The ceiling of the run's request budget, shared by every API call. */
	maxRequestsPerSecond: number;
}

/**
 * Called by an AI agent. n8n 2.x says so with `isToolExecution()` (sub-node tools) or by having
 * the engine file the output for the agent (`rewireOutputLogTo`); 1.x has neither helper for
 * sub-node tools, but runs them as the node's tool variant, which n8n names `<name>Tool`.
 */
export function isToolCall(context: IExecuteFunctions): boolean {
	const node = context.getNode();
	return (
		(typeof context.isToolExecution === 'function' && context.isToolExecution()) ||
		node.rewireOutputLogTo === NodeConnectionTypes.AiTool ||
		node.type.endsWith('Tool')
	);
}

export function readRunSettings(context: IExecuteFunctions, waitByDefault: boolean): RunSettings {
	const options = context.getNodeParameter(OPTIONS_COLLECTION, 0, {}) as IDataObject;
	const number = (name: string, fallback: number) => Number(options[name] ?? fallback);
	return {
		waitForCompletion: context.getNodeParameter('waitForCompletion', 0, waitByDefault) as boolean,
		pollIntervalMs:
			clamp(
				number('pollIntervalSeconds', POLLING_POLICY.defaultPollIntervalSeconds),
				POLLING_POLICY.minPollIntervalSeconds,
				POLLING_POLICY.maxPollIntervalSeconds,
			) * 1000,
		maxWaitMs:
			clamp(
				number('maxWaitMinutes', POLLING_POLICY.defaultMaxWaitMinutes),
				0,
				POLLING_POLICY.maxMaxWaitMinutes,
			) * 60_000,
		onTimeout: options.onTimeout === 'output' ? 'output' : 'error',
		// An agent reads JSON only; n8n would discard the file after downloading it.
		downloadVideo: options.downloadVideo !== false && !isToolCall(context),
		binaryPropertyName: String(options.binaryPropertyName ?? 'data').trim() || 'data',
		submitConcurrency: Math.round(
			clamp(
				number('submitConcurrency', POLLING_POLICY.defaultSubmitConcurrency),
				1,
				POLLING_POLICY.maxSubmitConcurrency,
			),
		),
		maxRequestsPerSecond: clamp(
			number('maxRequestsPerSecond', REQUEST_BUDGET_POLICY.defaultRequestsPerSecond),
			REQUEST_BUDGET_POLICY.minRequestsPerSecond,
			REQUEST_BUDGET_POLICY.maxRequestsPerSecond,
		),
	};
}
