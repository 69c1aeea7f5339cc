import { describe, expect, it } from 'vitest';

import {
	accountForGenerations,
	generationsMissingFromRecovery,
	itemsSubmittedTwice,
	parseClientRequestId,
	submissionsOfExecutions,
} from '../../dev/queue/generationLedger.mjs';

const submit = (id, executionId, itemIndex, random = 'r4nd0m01') => ({
	id,
	prompt: `p ${executionId} ${itemIndex}`,
	clientRequestId: `wv:wf1:${executionId}:${itemIndex}:${random}`,
	statusCode: 200,
});

describe('generation ledger', () => {
	it('reads workflow, execution and item back from a client request ID', () => {
		expect(parseClientRequestId('wv:wf1:42:3:abcdefgh')).toEqual({
			workflowId: 'wf1',
			executionId: '42',
			itemIndex: 3,
		});
		expect(parseClientRequestId('wv:wf1:42:x:abcdefgh')).toBeUndefined();
		expect(parseClientRequestId(null)).toBeUndefined();
	});

	it('names the accepted generations that no source holds', () => {
		const accepted = [submit('g1', '1', 0), submit('g2', '1', 1), submit('g3', '2', 0)];
		const ledger = accountForGenerations(accepted, {
			delivered: ['g1'],
			logged: ['g1', 'g2', 'other'],
		});
		expect(ledger).toEqual({
			accepted: 3,
			foundIn: { delivered: 1, logged: 2 },
			lost: [{ generationId: 'g3', clientRequestId: 'wv:wf1:2:0:r4nd0m01', prompt: 'p 2 0' }],
		});
		expect(generationsMissingFromRecovery(accepted, ['g3', 'g2', 'g1'])).toEqual([]);
		expect(generationsMissingFromRecovery(accepted, ['g2']).map((l) => l.generationId)).toEqual([
			'g1',
			'g3',
		]);
	});

	it('picks the submissions of given executions and finds an item accepted twice', () => {
		const accepted = [submit('g1', '1', 0), submit('g2', '2', 0), submit('g3', '2', 0, 'another1')];
		expect(submissionsOfExecutions(accepted, ['2']).map((s) => s.id)).toEqual(['g2', 'g3']);
		expect(itemsSubmittedTwice(accepted)).toEqual([
			{ origin: 'wf1:2:0', generationIds: ['g2', 'g3'] },
		]);
		expect(itemsSubmittedTwice(accepted.slice(0, 2))).toEqual([]);
	});
});
