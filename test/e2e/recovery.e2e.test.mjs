// Recovering paid videos after n8n lost their execution, in a real n8n: a 10-item Text to Video
// run that does not wait, its execution deleted from n8n (as a user or pruning does), then the
// example workflow examples/recover-paid-videos.json finds every generation in the simulator's
// Usage Logs and stores every video.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
	adaptExample,
	CREDENTIAL_TYPE,
	EXAMPLE_CREDENTIAL_NAME,
	fileAccessEnv,
	loadExample,
} from '../../dev/examples.mjs';
import { deleteExecutions, listExecutions, ownerSession } from '../../dev/n8n/executions.mjs';
import {
	createN8nHome,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	removeN8nHome,
	startEditor,
} from '../../dev/n8nRuntime.mjs';
import { e2eContext, explain, NODE_TYPE, readFixture, simState } from './support.mjs';

const ITEMS = 10;

/** The production workflow: ten rows to Text to Video, without waiting in the node. */
function productionWorkflow(token) {
	const prompts = Array.from({ length: ITEMS }, (_, i) => `recovery ${token} row ${i}`);
	return {
		name: `E2E recovery: production ${token}`,
		nodes: [
			{
				parameters: {},
				id: 'c1a7e0f2-0b51-4a7e-9a51-1c7d3f0e2b01',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
			},
			{
				parameters: {
					jsCode: `return ${JSON.stringify(prompts)}.map((prompt) => ({ json: { prompt } }));`,
				},
				id: 'c1a7e0f2-0b51-4a7e-9a51-1c7d3f0e2b02',
				name: 'Rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
			},
			{
				parameters: {
					operation: 'textToVideo',
					prompt: '={{ $json.prompt }}',
					resolution: '720p',
					duration: 5,
					waitForCompletion: false,
				},
				id: 'c1a7e0f2-0b51-4a7e-9a51-1c7d3f0e2b03',
				name: 'Generate Videos',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [440, 0],
				credentials: {
					[CREDENTIAL_TYPE]: { id: 'wanRecoveryCred1', name: EXAMPLE_CREDENTIAL_NAME },
				},
			},
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Generate Videos', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

describe('recovering the videos of an execution n8n lost', () => {
	let home;
	let outputDir;

	beforeAll(async () => {
		const { tarball, simUrl } = e2eContext();
		// A home of its own: this test sets up an owner to use the REST API.
		home = await createN8nHome({ tarball });
		await importCredentials(home, [
			{
				id: 'wanRecoveryCred1',
				name: EXAMPLE_CREDENTIAL_NAME,
				type: CREDENTIAL_TYPE,
				data: { apiKey: 'sim-key', baseUrl: simUrl },
			},
		]);
		outputDir = path.join(home.root, 'recovered');
	});

	afterAll(async () => {
		if (home && process.env.WAN_VIDEO_E2E_KEEP_HOME !== '1') await removeN8nHome(home);
	});

	it(
		'lists all 10 generations of a deleted execution and stores every video',
		{ timeout: 300_000 },
		async () => {
			const token = `r${Date.now().toString(36)}`;
			const { id: productionId } = await importWorkflow(home, productionWorkflow(token));
			const production = await executeWorkflow(home, productionId, { timeoutMs: 3 * 60_000 });
			expect(production.ok, explain(production)).toBe(true);
			const submitted = production.output('Generate Videos');
			expect(submitted).toHaveLength(ITEMS);
			const generationIds = submitted.map((item) => item.json.generationId);
			expect(new Set(generationIds).size).toBe(ITEMS);

			// The execution is deleted, the way a user or n8n's pruning removes it.
			const editor = await startEditor(home);
			let deletedExecutionId;
			try {
				const session = await ownerSession(editor);
				const executions = await listExecutions(session, productionId);
				expect(executions, 'n8n saved the production execution').toHaveLength(1);
				deletedExecutionId = String(executions[0].id);
				await deleteExecutions(session, [deletedExecutionId]);
				expect(await listExecutions(session, productionId)).toEqual([]);
			} finally {
				await editor.stop();
			}

			await fs.mkdir(outputDir, { recursive: true });
			const realOutputDir = await fs.realpath(outputDir);
			const recovery = adaptExample(await loadExample('recover-paid-videos'), {
				outputDir: realOutputDir,
				name: `E2E recovery: recover ${token}`,
			});
			const list = recovery.nodes.find((node) => node.name === 'List Generations');
			list.parameters.workflowId = productionId;
			list.credentials = {
				[CREDENTIAL_TYPE]: { id: 'wanRecoveryCred1', name: EXAMPLE_CREDENTIAL_NAME },
			};
			const { id: recoveryId } = await importWorkflow(home, recovery);
			const recovered = await executeWorkflow(home, recoveryId, {
				env: await fileAccessEnv([realOutputDir]),
				timeoutMs: 3 * 60_000,
			});

			expect(recovered.ok, explain(recovered)).toBe(true);
			const listed = recovered.output('List Generations');
			expect(listed.map((item) => item.json.generationId).sort()).toEqual(
				[...generationIds].sort(),
			);
			const byId = new Map(listed.map((item) => [item.json.generationId, item.json]));
			for (const [row, item] of submitted.entries()) {
				expect(byId.get(item.json.generationId)).toMatchObject({
					clientRequestId: item.json.clientRequestId,
					workflowId: productionId,
					executionId: deletedExecutionId,
					itemIndex: row,
					status: 'succeeded',
					currentStatus: 'completed',
				});
			}

			const saved = recovered.output('Save to Disk');
			expect(saved).toHaveLength(ITEMS);
			const files = (await fs.readdir(realOutputDir)).sort();
			expect(files).toEqual(saved.map((item) => item.binary.data.fileName).sort());
			const sampleMp4 = await readFixture('sample.mp4');
			for (const file of files) {
				const bytes = await fs.readFile(path.join(realOutputDir, file));
				expect(bytes.equals(sampleMp4), `${file} equals dev/fixtures/sample.mp4`).toBe(true);
			}

			// Recovering never submits anything: each row was sent once, by the production run.
			const state = await simState();
			const submits = state.submits.filter((submit) => submit.prompt?.includes(token));
			expect(submits).toHaveLength(ITEMS);
		},
	);
});
