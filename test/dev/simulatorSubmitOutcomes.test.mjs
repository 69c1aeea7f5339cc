// Submissions whose answer is lost although the job was created, as the API's faults do it,
// and what the simulator records so a test can tell one submission from a repeated one.
import { afterEach, describe, expect, it } from 'vitest';

import { startSimulator } from '../../dev/simulator/aimlApiSimulator.mjs';

const KEY = 'sim-key';

let sim;
afterEach(async () => {
	await sim?.close();
	sim = undefined;
});

async function start(options) {
	sim = await startSimulator({ latencyMs: 0, ...options });
	return sim;
}

function submit(prompt, clientRequestId) {
	return fetch(`${sim.url}/v2/video/generations`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${KEY}`,
			'content-type': 'application/json',
			...(clientRequestId ? { 'x-client-request-id': clientRequestId } : {}),
		},
		body: JSON.stringify({ model: 'alibaba/wan-2-6-t2v', prompt }),
	});
}

async function api(path) {
	const res = await fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
	return { status: res.status, body: await res.json() };
}

const usageRows = async () => (await api('/v2/logs?period=1h')).body.data;

describe('[sim:submitdrop]', () => {
	it('creates the job, then cuts the connection without an answer', async () => {
		await start();
		const prompt = 'a lighthouse at dusk [sim:submitdrop]';
		await expect(submit(prompt, 'wv:wf:1:0:drop')).rejects.toThrow();

		const jobs = Object.values(sim.state.jobs);
		expect(jobs).toHaveLength(1);
		expect(jobs[0]).toMatchObject({ prompt, createdDespiteError: true });
		expect(sim.state.submits).toEqual([
			expect.objectContaining({
				prompt,
				clientRequestId: 'wv:wf:1:0:drop',
				statusCode: 0,
				dropped: true,
				id: jobs[0].id,
			}),
		]);
		// The generation runs and can be found: by its ID, and by the client request ID in the usage logs.
		const status = await api(
			`/v2/video/generations?generation_id=${encodeURIComponent(jobs[0].id)}`,
		);
		expect(status.body).toMatchObject({ id: jobs[0].id, status: 'completed' });
		expect(await usageRows()).toEqual([
			expect.objectContaining({ inference_id: jobs[0].id, client_request_id: 'wv:wf:1:0:drop' }),
		]);
	});

	it('submitdropx1 cuts only the first submit of that prompt', async () => {
		await start();
		const prompt = 'a second try [sim:submitdropx1]';
		await expect(submit(prompt)).rejects.toThrow();
		const again = await submit(prompt);
		expect(again.status).toBe(200);
		expect(sim.state.submitsByPrompt[prompt]).toBe(2);
		expect(sim.state.counters.jobsCreated).toBe(2);
		expect(sim.state.submits.map((entry) => entry.dropped === true)).toEqual([true, false]);
	});
});

describe('[sim:submit500]', () => {
	it('answers 500 after creating the job, whose usage-log row carries the client request ID', async () => {
		await start();
		const prompt = 'a harbour at noon [sim:submit500x1]';
		const res = await submit(prompt, 'wv:wf:1:1:five');
		expect(res.status).toBe(500);
		const [job] = Object.values(sim.state.jobs);
		expect(job).toMatchObject({ prompt, createdDespiteError: true });
		expect(sim.state.submits).toEqual([
			expect.objectContaining({ clientRequestId: 'wv:wf:1:1:five', statusCode: 500, id: job.id }),
		]);
		expect(await usageRows()).toEqual([
			expect.objectContaining({ inference_id: job.id, client_request_id: 'wv:wf:1:1:five' }),
		]);
	});
});

describe('state.submits', () => {
	it('records the X-Client-Request-Id of every submit as sent, null without one', async () => {
		await start();
		expect((await submit('one', 'wv:wf:2:0:a')).status).toBe(200);
		expect((await submit('two')).status).toBe(200);
		expect((await submit('three', 'not valid/for the logs')).status).toBe(200);
		expect(sim.state.submits.map((entry) => entry.clientRequestId)).toEqual([
			'wv:wf:2:0:a',
			null,
			'not valid/for the logs',
		]);
		// The usage logs keep only a valid ID.
		const rows = await usageRows();
		const byPrompt = (prompt) =>
			rows.find(
				(row) => row.inference_id === sim.state.submits.find((s) => s.prompt === prompt).id,
			);
		expect(byPrompt('one').client_request_id).toBe('wv:wf:2:0:a');
		expect(byPrompt('three').client_request_id).toBeNull();
	});
});
