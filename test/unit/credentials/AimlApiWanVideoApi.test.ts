import nock from 'nock';
import type { ICredentialDataDecryptedObject, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { AimlApiWanVideoApi } from '../../../credentials/AimlApiWanVideoApi.credentials';
import { executeNode } from '../../../dev/harness/executeNode.mjs';
import {
	API_KEY,
	GENERATIONS_PATH,
	mockSubmit,
	queued,
	runWanVideo,
	useOfflineApi,
} from '../../../dev/harness/wanVideo';

const credential = new AimlApiWanVideoApi();
const BAD_KEY = 'revoked-key-that-the-api-refuses';

/**
 * The node n8n builds to run a credential's `test.request` when the user clicks "Test" /
 * saves the credential: a declarative node whose only property routes that request. It
 * runs through n8n-core's RoutingNode, which resolves `$credentials` expressions and
 * applies the credential's `authenticate` block.
 */
const credentialTestNode: INodeType = {
	description: {
		displayName: 'Credential Test',
		name: 'credentialTest',
		icon: 'fa:key',
		group: ['transform'],
		version: 1,
		description: 'Runs the test request of the AIML API credential',
		defaults: { name: 'Credential Test' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: credential.name, required: true }],
		properties: [
			{
				displayName: 'Temp',
				name: 'temp',
				type: 'string',
				default: '',
				routing: { request: credential.test.request },
			},
		],
	},
};

async function testCredential(credentials: ICredentialDataDecryptedObject) {
	return await executeNode({
		nodeType: credentialTestNode,
		credentialType: credential,
		credentials,
	});
}

/**
 * The billing endpoint: 200 with the balance for the good key, 401 for any other. It stays
 * in place (n8n sends a request answered 401 once more after refreshing the credential) and
 * records the Authorization header of every call.
 */
function mockBilling(baseUrl: string, path = '/v2/billing') {
	const authorizations: Array<string | undefined> = [];
	nock(baseUrl)
		.get(path)
		.reply(function () {
			const authorization = this.req.headers.authorization as string | undefined;
			authorizations.push(authorization);
			return authorization === `Bearer ${API_KEY}`
				? [200, { current_balance: 12.5, currency: 'USD' }]
				: [401, { message: 'This request requires a valid API key.', statusCode: 401 }];
		})
		.persist();
	return authorizations;
}

useOfflineApi();

describe('AIML API credential: the "Test" button', () => {
	it('passes with a key the API accepts (GET /v2/billing, nothing billed, nothing changed)', async () => {
		const authorizations = mockBilling('https://api.aimlapi.com');

		const result = await testCredential({ apiKey: API_KEY });

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.outputs[0][0].json).toEqual({ current_balance: 12.5, currency: 'USD' });
		expect(authorizations).toEqual([`Bearer ${API_KEY}`]);
	});

	it('fails with a key the API refuses (401)', async () => {
		const authorizations = mockBilling('https://api.aimlapi.com');

		const result = await testCredential({ apiKey: BAD_KEY });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.httpCode).toBe('401');
		expect(result.outputs).toEqual([]);
		expect(authorizations.length).toBeGreaterThan(0);
		expect(authorizations.every((authorization) => authorization === `Bearer ${BAD_KEY}`)).toBe(
			true,
		);
	});

	it.each([
		['https://proxy.example.com/aiml', 'no trailing slash'],
		['https://proxy.example.com/aiml/', 'a trailing slash'],
		['https://proxy.example.com/aiml///', 'several trailing slashes'],
	])('calls /v2/billing under a custom Base URL with %s (%s)', async (baseUrl) => {
		const authorizations = mockBilling('https://proxy.example.com', '/aiml/v2/billing');

		const result = await testCredential({ apiKey: API_KEY, baseUrl });

		expect(result.error).toBeUndefined();
		expect(authorizations).toEqual([`Bearer ${API_KEY}`]);
	});
});

describe('AIML API credential: the "Test" button with the Base URL cleared', () => {
	it.each(['', '   '])(
		'tests against the default API host, like the node (Base URL "%s")',
		async (baseUrl) => {
			const authorizations = mockBilling('https://api.aimlapi.com');

			const result = await testCredential({ apiKey: API_KEY, baseUrl });

			expect(result.error).toBeUndefined();
			expect(authorizations).toEqual([`Bearer ${API_KEY}`]);
		},
	);
});

describe('AIML API credential: the "Test" button with a Base URL that redirects', () => {
	it.each([301, 302, 307, 308])(
		'sends the key to no other host and fails with a message about the Base URL (%i)',
		async (redirectStatus) => {
			const otherHost = mockBilling('https://elsewhere.example.net');
			nock('https://proxy.example.com')
				.get('/aiml/v2/billing')
				.reply(redirectStatus, '', { location: 'https://elsewhere.example.net/v2/billing' });

			const result = await testCredential({
				apiKey: API_KEY,
				baseUrl: 'https://proxy.example.com/aiml',
			});

			expect(otherHost).toEqual([]);
			expect(result.status).toBe('error');
			expect(result.error?.httpCode).toBe(String(redirectStatus));
			// n8n's credential tester shows the rule's message for this status code.
			const rule = credential.test.rules?.find(
				(candidate) =>
					candidate.type === 'responseCode' && candidate.properties.value === redirectStatus,
			);
			expect(rule?.properties.message).toMatch(/Base URL redirects/);
			expect(rule?.properties.message).toMatch(/address it redirects to/);
		},
	);
});

describe('AIML API credential: how the node uses it', () => {
	it('sends the key as "Authorization: Bearer <key>" to the API', async () => {
		const scope = nock('https://api.aimlapi.com', {
			reqheaders: { authorization: `Bearer ${API_KEY}` },
		})
			.post(GENERATIONS_PATH)
			.reply(200, queued('gen-1'));

		const result = await runWanVideo({
			parameters: { operation: 'textToVideo', prompt: 'A fox', waitForCompletion: false },
		});

		expect(result.error).toBeUndefined();
		scope.done();
	});

	it.each(['https://proxy.example.com/aiml', 'https://proxy.example.com/aiml/'])(
		'sends requests under a custom Base URL (%s) without a double slash',
		async (baseUrl) => {
			const scope = nock('https://proxy.example.com', {
				reqheaders: { authorization: `Bearer ${API_KEY}` },
			})
				.post(`/aiml${GENERATIONS_PATH}`)
				.reply(200, queued('gen-1'));

			const result = await runWanVideo({
				credentials: { apiKey: API_KEY, baseUrl },
				parameters: { operation: 'textToVideo', prompt: 'A fox', waitForCompletion: false },
			});

			expect(result.error).toBeUndefined();
			expect(result.outputs[0][0].json.generationId).toBe('gen-1');
			scope.done();
		},
	);

	it('uses the default Base URL when the field is left empty', async () => {
		const { scope } = mockSubmit();

		const result = await runWanVideo({
			credentials: { apiKey: API_KEY, baseUrl: '' },
			parameters: { operation: 'textToVideo', prompt: 'A fox', waitForCompletion: false },
		});

		expect(result.error).toBeUndefined();
		scope.done();
	});
});
