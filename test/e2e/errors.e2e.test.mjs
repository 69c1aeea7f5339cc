// Errors as n8n reports them when the node stops the workflow: a refused API key and a
// generation the API reports as failed. Each needs an execution of its own.
import { beforeAll, describe, expect, it } from 'vitest';

import { getNodeError } from '../../dev/n8nRuntime.mjs';
import {
	e2eContext,
	everythingWritten,
	explain,
	importAndExecute,
	lastSubmit,
	loadWorkflow,
	openHome,
	simState,
} from './support.mjs';

describe('a refused API key', () => {
	let home;
	let result;
	let state;
	let wrongKey;

	beforeAll(async () => {
		wrongKey = e2eContext().wrongKey;
		home = await openHome();
		result = await importAndExecute(home, await loadWorkflow('wrong-key.json'));
		state = await simState();
	});

	it('stops the workflow with "The AIML API key was refused" on the Wan Video node', () => {
		expect(result.ok, explain(result)).toBe(false);
		expect(result.status).toBe('error');
		expect(result.lastNodeExecuted).toBe('Text to Video');
		expect(result.error?.message).toBe('The AIML API key was refused');
		const nodeError = getNodeError(result.run, 'Text to Video');
		expect(nodeError?.message).toBe('The AIML API key was refused');
		expect(nodeError?.description).toContain('Open the AIML API credential and paste a valid key');
		expect(nodeError?.httpCode).toBe('401');
	});

	it('sent the key only to the submit endpoint, as a bearer token, and started no generation', () => {
		const sent = state.authHeaders.filter((entry) => entry.authorization === `Bearer ${wrongKey}`);
		// The node sends the submit once; n8n-core's httpRequestWithAuthentication re-sends any
		// request answered 401 once more (its credential refresh path). A 401 creates no job.
		expect(sent.length).toBeGreaterThanOrEqual(1);
		expect(sent.length).toBeLessThanOrEqual(2);
		for (const entry of sent)
			expect(`${entry.route} ${entry.path}`).toBe('submit /v2/video/generations');
		expect(lastSubmit(state, 'e2e refused key')).toBeUndefined();
		expect(Object.values(state.jobs).some((job) => job.prompt === 'e2e refused key')).toBe(false);
	});

	it('never writes the key into the run data, the output or the logs', async () => {
		const written = await everythingWritten(result, home);
		expect(written).toContain('The AIML API key was refused');
		expect(written).not.toContain(wrongKey);
	});
});

describe('a failed generation', () => {
	let result;
	let state;

	beforeAll(async () => {
		const home = await openHome();
		result = await importAndExecute(home, await loadWorkflow('failed-generation.json'));
		state = await simState();
	});

	it('stops the workflow with the generation ID and the reason the API gave', () => {
		const submit = lastSubmit(state, 'e2e rejected by moderation [sim:fail]');
		expect(submit?.statusCode).toBe(200);
		expect(result.ok, explain(result)).toBe(false);
		expect(result.lastNodeExecuted).toBe('Text to Video');
		expect(result.error?.message).toBe(
			`Generation ${submit.id} failed: ContentModerationError: The request was rejected by content moderation: the prompt or input may contain inappropriate content.`,
		);
		const nodeError = getNodeError(result.run, 'Text to Video');
		expect(nodeError?.description).toContain('The AIML API does not bill failed generations');
	});

	it('checked the status until the API reported the failure, and downloaded nothing', () => {
		const submit = lastSubmit(state, 'e2e rejected by moderation [sim:fail]');
		const job = state.jobs[submit.id];
		expect(job.status).toBe('error');
		expect(job.statusChecks).toBeGreaterThanOrEqual(1);
		expect(state.downloads.filter((d) => d.id === submit.id)).toHaveLength(0);
	});
});
