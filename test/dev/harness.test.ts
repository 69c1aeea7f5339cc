import nock from 'nock';
import type {
	IAuthenticateGeneric,
	ICredentialType,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { INPUT_NODE_NAME, executeNode, readBinary } from '../../dev/harness/executeNode.mjs';
import { PollingTestNode } from './PollingTestNode';

const DEFAULT_BASE_URL = 'https://api.harness.test';
const API_KEY = 'harness-key';

class HarnessTestApi implements ICredentialType {
	name = 'harnessTestApi';

	displayName = 'Harness Test API';

	documentationUrl = 'https://example.com/docs';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};
}

const baseDescription: Omit<INodeTypeDescription, 'name' | 'displayName' | 'properties'> = {
	group: ['transform'],
	version: 1,
	description: 'Harness test node',
	defaults: { name: 'Harness Test Node' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'harnessTestApi', required: true }],
};

/** Calls the API with the credential, or reads input binary. */
class HarnessTestNode implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription,
		displayName: 'Harness Test Node',
		name: 'harnessTestNode',
		usableAsTool: true,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Request', value: 'request' },
					{ name: 'Read Binary', value: 'readBinary' },
				],
				default: 'request',
			},
			{ displayName: 'Prompt', name: 'prompt', type: 'string', default: '' },
			{ displayName: 'Binary Property', name: 'binaryProperty', type: 'string', default: 'data' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('harnessTestApi');
		const returnData: INodeExecutionData[] = [];

		for (let i = 0; i < items.length; i++) {
			const operation = this.getNodeParameter('operation', i) as string;
			if (operation === 'readBinary') {
				const property = this.getNodeParameter('binaryProperty', i) as string;
				const metadata = this.helpers.assertBinaryData(i, property);
				const buffer = await this.helpers.getBinaryDataBuffer(i, property);
				returnData.push({
					json: {
						size: buffer.length,
						text: buffer.toString('utf8'),
						mimeType: metadata.mimeType,
						fileName: metadata.fileName ?? null,
					},
					pairedItem: { item: i },
				});
				continue;
			}

			try {
				const response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					'harnessTestApi',
					{
						method: 'POST',
						url: `${baseUrl}/echo`,
						body: { prompt: this.getNodeParameter('prompt', i) },
						json: true,
					},
				)) as JsonObject;
				returnData.push({ json: response, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({
						json: { error: (error as Error).message },
						pairedItem: { item: i },
					});
					continue;
				}
				throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			}
		}

		return [returnData];
	}
}

/** Streams a file from a URL into binary data (no credentials, like a CDN download). */
class DownloadTestNode implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription,
		displayName: 'Download Test Node',
		name: 'downloadTestNode',
		usableAsTool: true,
		credentials: [],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const returnData: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const stream = await this.helpers.httpRequest({
				method: 'GET',
				url: this.getNodeParameter('url', i) as string,
				encoding: 'stream',
			});
			const binary = await this.helpers.prepareBinaryData(stream, 'video.mp4', 'video/mp4');
			returnData.push({ json: {}, binary: { data: binary }, pairedItem: { item: i } });
		}
		return [returnData];
	}
}

/** Routes items to two outputs. */
class RouterTestNode implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription,
		displayName: 'Router Test Node',
		name: 'routerTestNode',
		usableAsTool: true,
		credentials: [],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Even', 'Odd'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const even: INodeExecutionData[] = [];
		const odd: INodeExecutionData[] = [];
		this.getInputData().forEach((item, i) => {
			((item.json.n as number) % 2 === 0 ? even : odd).push({
				json: item.json,
				pairedItem: { item: i },
			});
		});
		return [even, odd];
	}
}

const nodeType = new HarnessTestNode();
const credentialType = new HarnessTestApi();

beforeAll(() => {
	nock.disableNetConnect();
});

afterEach(() => {
	nock.cleanAll();
	vi.mocked(sleep).mockClear();
});

afterAll(() => {
	nock.enableNetConnect();
});

describe('executeNode harness', () => {
	describe('credentials and requests', () => {
		it('applies the generic authenticate block and resolves parameter expressions', async () => {
			const scope = nock('https://custom.harness.test', {
				reqheaders: { authorization: `Bearer ${API_KEY}` },
			})
				.post('/echo', { prompt: 'hello Ada' })
				.reply(200, { id: 'job-1' });

			const result = await executeNode({
				nodeType,
				credentialType,
				credentials: { apiKey: API_KEY, baseUrl: 'https://custom.harness.test' },
				parameters: { operation: 'request', prompt: '=hello {{ $json.name }}' },
				inputItems: [{ json: { name: 'Ada' } }],
			});

			expect(result.error).toBeUndefined();
			expect(result.status).toBe('success');
			expect(result.outputs).toEqual([[{ json: { id: 'job-1' }, pairedItem: { item: 0 } }]]);
			expect(result.nodeExecutionOrder).toEqual([INPUT_NODE_NAME, 'Node Under Test']);
			expect(result.credentialsHelper.calls.authenticate).toBe(1);
			scope.done();
		});

		it('fills credential defaults like n8n (baseUrl)', async () => {
			const scope = nock(DEFAULT_BASE_URL)
				.matchHeader('authorization', `Bearer ${API_KEY}`)
				.post('/echo')
				.reply(200, { ok: true });

			const result = await executeNode({
				nodeType,
				credentialType,
				credentials: { apiKey: API_KEY },
				parameters: { operation: 'request' },
			});

			expect(result.outputs[0]).toHaveLength(1);
			scope.done();
		});

		it('returns the NodeApiError instance thrown by the node', async () => {
			const scope = nock(DEFAULT_BASE_URL).post('/echo').reply(500, { message: 'boom' });

			const result = await executeNode({
				nodeType,
				credentialType,
				credentials: { apiKey: API_KEY },
				parameters: { operation: 'request' },
			});

			expect(result.status).toBe('error');
			expect(result.outputs).toEqual([]);
			// Same class as the one imported here: there is one copy of n8n-workflow.
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.error?.httpCode).toBe('500');
			scope.done();
		});

		it('fails like n8n when no credentials are set', async () => {
			const result = await executeNode({ nodeType, parameters: { operation: 'request' } });

			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error?.message).toContain('credentials');
		});
	});

	describe('continueOnFail', () => {
		it('turns a failed item into an error item with pairedItem', async () => {
			const scope = nock(DEFAULT_BASE_URL)
				.post('/echo', { prompt: 'first' })
				.reply(500, { message: 'boom' })
				.post('/echo', { prompt: 'second' })
				.reply(200, { id: 'job-2' });

			const result = await executeNode({
				nodeType,
				credentialType,
				credentials: { apiKey: API_KEY },
				parameters: { operation: 'request', prompt: '={{ $json.prompt }}' },
				inputItems: [{ json: { prompt: 'first' } }, { json: { prompt: 'second' } }],
				continueOnFail: true,
			});

			expect(result.error).toBeUndefined();
			expect(result.outputs[0]).toEqual([
				{ json: { error: expect.any(String) }, pairedItem: { item: 0 } },
				{ json: { id: 'job-2' }, pairedItem: { item: 1 } },
			]);
			scope.done();
		});
	});

	describe('onError: continueErrorOutput', () => {
		it('sends error items to the extra error output', async () => {
			const scope = nock(DEFAULT_BASE_URL)
				.post('/echo', { prompt: 'bad' })
				.reply(400, { message: 'invalid prompt' })
				.post('/echo', { prompt: 'good' })
				.reply(200, { id: 'job-3' });

			const result = await executeNode({
				nodeType,
				credentialType,
				credentials: { apiKey: API_KEY },
				parameters: { operation: 'request', prompt: '={{ $json.prompt }}' },
				inputItems: [{ json: { prompt: 'bad' } }, { json: { prompt: 'good' } }],
				onError: 'continueErrorOutput',
			});

			expect(result.outputs).toHaveLength(2);
			expect(result.outputs[0]).toEqual([{ json: { id: 'job-3' }, pairedItem: { item: 1 } }]);
			// Like in n8n, the error output carries the input item's fields plus the error.
			expect(result.outputs[1]).toEqual([
				{ json: { prompt: 'bad', error: expect.any(String) }, pairedItem: { item: 0 } },
			]);
			scope.done();
		});
	});

	describe('multiple outputs', () => {
		it('returns one array per output', async () => {
			const result = await executeNode({
				nodeType: new RouterTestNode(),
				inputItems: [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }],
			});

			expect(result.outputs.map((output) => output.map((item) => item.json.n))).toEqual([
				[2],
				[1, 3],
			]);
			expect(result.outputs[1][1].pairedItem).toEqual({ item: 2 });
		});
	});

	describe('binary data', () => {
		it.each(['filesystem', 'default'] as const)(
			'gives the node the bytes of input binary (%s mode)',
			async (binaryDataMode) => {
				const result = await executeNode({
					nodeType,
					credentialType,
					credentials: { apiKey: API_KEY },
					parameters: { operation: 'readBinary' },
					binaryDataMode,
					inputItems: [
						{
							json: {},
							binary: {
								data: {
									data: Buffer.from('hello binary'),
									mimeType: 'text/plain',
									fileName: 'hello.txt',
								},
							},
						},
					],
				});

				expect(result.error).toBeUndefined();
				expect(result.outputs[0][0].json).toEqual({
					size: 12,
					text: 'hello binary',
					mimeType: 'text/plain',
					fileName: 'hello.txt',
				});
				const inputBinary = result.runData[INPUT_NODE_NAME][0].data?.main[0]?.[0].binary?.data;
				if (binaryDataMode === 'filesystem') {
					expect(inputBinary?.id).toMatch(/^filesystem-v2:/);
				} else {
					expect(inputBinary?.id).toBeUndefined();
					expect(inputBinary?.data).toBe(Buffer.from('hello binary').toString('base64'));
				}
			},
		);

		it('accepts binary given in n8n inline base64 form', async () => {
			const result = await executeNode({
				nodeType,
				credentialType,
				credentials: { apiKey: API_KEY },
				parameters: { operation: 'readBinary', binaryProperty: 'file' },
				inputItems: [
					{
						json: {},
						binary: {
							file: { data: Buffer.from('inline').toString('base64'), mimeType: 'text/plain' },
						},
					},
				],
			});

			expect(result.outputs[0][0].json).toMatchObject({ text: 'inline', fileName: null });
		});

		it('surfaces assertBinaryData errors', async () => {
			const result = await executeNode({
				nodeType,
				credentialType,
				credentials: { apiKey: API_KEY },
				parameters: { operation: 'readBinary' },
			});

			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error?.message).toMatch(/binary/i);
		});

		it('stores a streamed download and reads its bytes back', async () => {
			const bytes = Buffer.from(Uint8Array.from({ length: 256 * 1024 }, (_, i) => (i * 31) % 256));
			const scope = nock(DEFAULT_BASE_URL)
				.get('/files/video.mp4')
				.reply(200, bytes, { 'content-type': 'video/mp4' });

			const result = await executeNode({
				nodeType: new DownloadTestNode(),
				parameters: { url: `${DEFAULT_BASE_URL}/files/video.mp4` },
			});

			expect(result.error).toBeUndefined();
			const item = result.outputs[0][0];
			expect(item.binary?.data).toMatchObject({
				mimeType: 'video/mp4',
				fileName: 'video.mp4',
				fileExtension: 'mp4',
				bytes: bytes.length,
			});
			expect(item.binary?.data.id).toMatch(/^filesystem-v2:/);
			const stored = await readBinary(item, 'data');
			expect(stored.equals(bytes)).toBe(true);
			scope.done();
		});
	});

	describe('sleep stub and cancellation', () => {
		const pollingNode = new PollingTestNode();

		it('uses the mocked sleep from n8n-workflow in node code', async () => {
			const scope = nock(DEFAULT_BASE_URL)
				.get('/status')
				.twice()
				.reply(200, { status: 'pending' })
				.get('/status')
				.reply(200, { status: 'done' });

			const result = await executeNode({
				nodeType: pollingNode,
				credentialType,
				credentials: { apiKey: API_KEY },
				parameters: { pollIntervalMs: 30_000 },
			});

			expect(result.error).toBeUndefined();
			expect(result.outputs[0][0].json).toEqual({ status: 'done', polls: 3 });
			expect(vi.mocked(sleep)).toHaveBeenCalledTimes(2);
			expect(vi.mocked(sleep)).toHaveBeenCalledWith(30_000);
			scope.done();
		});

		it('cancels through an AbortController wired to getExecutionCancelSignal()', async () => {
			const controller = new AbortController();
			vi.mocked(sleep).mockImplementation(async () => {
				// Stop the execution while the node waits between two polls.
				controller.abort();
			});
			const scope = nock(DEFAULT_BASE_URL).get('/status').reply(200, { status: 'pending' });

			const result = await executeNode({
				nodeType: pollingNode,
				credentialType,
				credentials: { apiKey: API_KEY },
				abortSignal: controller.signal,
			});

			expect(result.cancelled).toBe(true);
			expect(result.status).toBe('canceled');
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error?.message).toBe('Execution was canceled');
			expect(vi.mocked(sleep)).toHaveBeenCalledTimes(1);
			scope.done();
		});

		it('aborts an in-flight authenticated request when cancelled', async () => {
			const scope = nock(DEFAULT_BASE_URL)
				.get('/status')
				.delay(10_000)
				.reply(200, { status: 'done' });

			const result = await executeNode({
				nodeType: pollingNode,
				credentialType,
				credentials: { apiKey: API_KEY },
				cancelAfterMs: 50,
			});

			expect(result.cancelled).toBe(true);
			expect(result.status).toBe('canceled');
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.outputs).toEqual([]);
			scope.done();
		});
	});
});
