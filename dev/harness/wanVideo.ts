import nock from 'nock';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { afterAll, afterEach, beforeAll, vi } from 'vitest';

import { AimlApiWanVideoApi } from '../../credentials/AimlApiWanVideoApi.credentials';
import { WanVideo } from '../../nodes/WanVideo/WanVideo.node';
import { executeNode, type ExecuteNodeOptions, type ExecuteNodeResult } from './executeNode.mjs';

/** Long and unusual, so a leak into an error or an output item cannot go unnoticed. */
export const API_KEY = 'wan-test-key-that-must-stay-secret';
export const BASE_URL = 'https://api.aimlapi.com';
export const GENERATIONS_PATH = '/v2/video/generations';

export type RunOptions = Omit<Partial<ExecuteNodeOptions>, 'parameters'> & {
	parameters: INodeParameters;
};

/** Runs the real Wan Video node with the real AIML API credential (key `API_KEY`, default base URL). */
export async function runWanVideo(options: RunOptions): Promise<ExecuteNodeResult> {
	return await executeNode({
		nodeType: new WanVideo(),
		credentialType: new AimlApiWanVideoApi(),
		credentials: { apiKey: API_KEY },
		...options,
	});
}

/** The answer the API gives to an accepted submission. */
export function queued(id: string, creditsUsed = 3_150_000): IDataObject {
	return { id, status: 'queued', meta: { usage: { credits_used: creditsUsed } } };
}

/** The AIML API error body (general-info.md): `{ message, path, requestId, statusCode, timestamp }`. */
export function apiError(statusCode: number, message: string): IDataObject {
	return {
		message,
		path: GENERATIONS_PATH,
		requestId: 'req-0001',
		statusCode,
		timestamp: '2026-01-01T00:00:00.000Z',
	};
}

/** One POST /v2/video/generations the mock API received. */
export interface Submission {
	body: IDataObject;
	authorization?: string;
}

export type SubmitAnswer = (body: IDataObject, index: number) => [number, IDataObject];

/**
 * Mocks POST /v2/video/generations for `times` requests and records each body and
 * Authorization header. By default the n-th submission (from 1) is accepted as `gen-n`.
 */
export function mockSubmit(
	answer: SubmitAnswer = (_body, index) => [200, queued(`gen-${index + 1}`)],
	times = 1,
): { scope: nock.Scope; submissions: Submission[] } {
	const submissions: Submission[] = [];
	const scope = nock(BASE_URL)
		.post(GENERATIONS_PATH)
		.times(times)
		.reply(function (_uri, requestBody) {
			const body = (
				typeof requestBody === 'string' ? JSON.parse(requestBody) : requestBody
			) as IDataObject;
			const authorization = this.req.headers.authorization as string | undefined;
			submissions.push({ body, authorization });
			return answer(body, submissions.length - 1);
		});
	return { scope, submissions };
}

/** Everything a user or a log could see of a run: the error and every output item. */
export function visibleText(result: ExecuteNodeResult): string {
	return JSON.stringify({
		error: result.error,
		errorMessage: result.error?.message,
		errorDescription: result.error?.description,
		runError: result.runError,
		outputs: result.outputs,
	});
}

/** Text to Video parameters with the prompt read from each item's `prompt` field. */
export function textToVideo(
	options: IDataObject = {},
	extra: INodeParameters = {},
): INodeParameters {
	return {
		operation: 'textToVideo',
		prompt: '={{ $json.prompt }}',
		options: { pollIntervalSeconds: 10, ...options },
		...extra,
	};
}

export function items(...prompts: string[]): Array<{ json: IDataObject }> {
	return prompts.map((prompt) => ({ json: { prompt } }));
}

/** What the node handed to `helpers.prepareBinaryData` as the file content. */
export type PrepareBinaryDataSpy = (data: unknown) => void;

/**
 * The real Wan Video node, with `helpers.prepareBinaryData` wrapped so a test sees what
 * the node passes to it (before it is stored).
 */
export function wanVideoWithBinarySpy(onPrepare: PrepareBinaryDataSpy): INodeType {
	const node = new WanVideo();
	const execute = node.execute;
	node.execute = async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const helpers = this.helpers;
		const prepareBinaryData = helpers.prepareBinaryData;
		helpers.prepareBinaryData = async (...args: Parameters<typeof prepareBinaryData>) => {
			onPrepare(args[0]);
			return await prepareBinaryData.apply(helpers, args);
		};
		return await execute.call(this);
	};
	return node;
}

/**
 * The real Wan Video node in an execution context like n8n 1.x's, which has no
 * `isToolExecution()` (n8n 2.x added it).
 */
export function wanVideoWithoutIsToolExecution(): INodeType {
	const node = new WanVideo();
	const execute = node.execute;
	node.execute = async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const context = Object.create(this) as IExecuteFunctions;
		Object.defineProperty(context, 'isToolExecution', { value: undefined });
		return await execute.call(context);
	};
	return node;
}

/** No real network for the file's tests; interceptors and mock calls are reset after each test. */
export function useOfflineApi(): void {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => {
		nock.cleanAll();
		vi.clearAllMocks();
	});
	afterAll(() => nock.enableNetConnect());
}
