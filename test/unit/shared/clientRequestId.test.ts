import { describe, expect, it } from 'vitest';

import {
	buildClientRequestId,
	parseClientRequestId,
} from '../../../nodes/WanVideo/shared/clientRequestId';

/** What the API accepts; anything else is silently dropped while the request is still billed. */
const ALLOWED = /^[A-Za-z0-9._:-]{1,128}$/;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function n8nWorkflowId(seed: number): string {
	let id = '';
	for (let i = 0; i < 16; i++)
		id += ALPHANUMERIC[(seed * 31 + i * 17 + i * i) % ALPHANUMERIC.length];
	return id;
}

describe('client request IDs', () => {
	it('stays inside the allowed set for real-looking n8n workflow and execution IDs', () => {
		for (let seed = 0; seed < 200; seed++) {
			const workflowId = n8nWorkflowId(seed);
			const executionId = String(seed * 7919 + 1);
			const itemIndex = seed * 3;
			const id = buildClientRequestId({ workflowId, executionId, itemIndex });
			expect(id).toMatch(ALLOWED);
			expect(parseClientRequestId(id)).toEqual({ workflowId, executionId, itemIndex });
		}
	});

	it('is unique per item and per run', () => {
		const ids = new Set<string>();
		for (let run = 0; run < 20; run++) {
			for (let itemIndex = 0; itemIndex < 50; itemIndex++) {
				ids.add(
					buildClientRequestId({ workflowId: 'aB3dE6gH9jK2mN5p', executionId: '42', itemIndex }),
				);
			}
		}
		expect(ids.size).toBe(1000);
	});

	it('handles the missing IDs of a manual run or a test', () => {
		const id = buildClientRequestId({ workflowId: undefined, executionId: null, itemIndex: 3 });
		expect(id).toMatch(ALLOWED);
		expect(parseClientRequestId(id)).toEqual({ workflowId: '', executionId: '', itemIndex: 3 });
	});

	it('sanitises odd characters and bounds very long IDs to 128 characters', () => {
		const id = buildClientRequestId({
			workflowId: 'my workflow/ü:' + 'x'.repeat(300),
			executionId: 'e'.repeat(300),
			itemIndex: 123456,
		});
		expect(id).toMatch(ALLOWED);
		const origin = parseClientRequestId(id);
		expect(origin?.workflowId.startsWith('my_workflow___')).toBe(true);
		expect(origin?.itemIndex).toBe(123456);
	});

	it('reads nothing from IDs other tools sent', () => {
		expect(parseClientRequestId(null)).toBeUndefined();
		expect(parseClientRequestId('order-1234')).toBeUndefined();
		expect(parseClientRequestId('wv:a:b:notanumber:xyz')).toBeUndefined();
		expect(parseClientRequestId('x:a:b:1:xyz')).toBeUndefined();
	});
});
