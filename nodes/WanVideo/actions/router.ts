import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { toToolResult } from '../output/toToolResult';
import type { ItemOutcome } from '../output/outcome';
import { isToolCall } from '../shared/toolCall';
import { STATUS_ROUTES } from './getGeneration.operation';
import { operationOf, outputCount, type WanVideoOperation } from './operations';

/** Lists the generation IDs of the other items, so a failing run never hides a paid job. */
function otherGenerations(outcomes: ItemOutcome[], failedIndex: number): string {
	const lines = outcomes
		.map((outcome, itemIndex) => ({ itemIndex, json: outcome.json }))
		.filter(({ itemIndex, json }) => itemIndex !== failedIndex && json.generationId)
		.map(({ itemIndex, json }) => {
			const video = json.videoUrl ? `, video ${String(json.videoUrl)}` : '';
			return `item ${itemIndex}: ${String(json.generationId)} (${String(json.status ?? 'submitted')}${video})`;
		});
	return lines.length
		? ` Other generations of this run, to resume with Get Generation: ${lines.join('; ')}.`
		: '';
}

/** The failure to stop the run with: the first item that failed, not one left unsubmitted because of it. */
function reportedFailure(
	outcomes: ItemOutcome[],
): { error: NodeApiError | NodeOperationError; itemIndex: number } | undefined {
	const failures = outcomes.flatMap((outcome, itemIndex) =>
		outcome.kind === 'failure'
			? [{ error: outcome.error, skipped: outcome.skipped === true, itemIndex }]
			: [],
	);
	return failures.find((failure) => !failure.skipped) ?? failures[0];
}

/** Runs the chosen operation over all items and shapes the result for n8n. */
export async function route(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = context.getNodeParameter('operation', 0) as WanVideoOperation;
	const outcomes = await operationOf(operation).execute(context);
	// An agent reads only the first output, and reads a failure best as a result it can report.
	if (isToolCall(context))
		return [
			outcomes.map((outcome, itemIndex) => ({
				// List Generations answers with its own compact list; the others with one generation.
				json:
					operation === 'listGenerations' && outcome.kind === 'item'
						? outcome.json
						: toToolResult(outcome),
				pairedItem: { item: outcome.inputItem ?? itemIndex },
			})),
		];
	const outputs: INodeExecutionData[][] = Array.from(
		{ length: outputCount(context, operation) },
		() => [],
	);
	const errorOutput = outputs.length > 1 ? STATUS_ROUTES.failed : 0;
	const routesToErrorOutput = context.getNode().onError === 'continueErrorOutput';

	if (!context.continueOnFail()) {
		const failed = reportedFailure(outcomes);
		if (failed) {
			failed.error.description =
				`${failed.error.description ?? ''}${otherGenerations(outcomes, failed.itemIndex)}`.trim();
			throw failed.error;
		}
	}

	outcomes.forEach((outcome, itemIndex) => {
		const pairedItem = { item: outcome.inputItem ?? itemIndex };
		if (outcome.kind === 'item') {
			outputs[outcome.output ?? 0].push({
				json: outcome.json,
				...(outcome.binary ? { binary: outcome.binary } : {}),
				pairedItem,
			});
			return;
		}
		const json: IDataObject = {
			...outcome.json,
			error: outcome.error.message,
			...(outcome.error.description ? { errorDescription: outcome.error.description } : {}),
		};
		if (routesToErrorOutput) {
			// n8n routes an item to the error output by the error it carries, and then keeps only the
			// error's message (which names the generation) merged with the input item's fields.
			outputs[errorOutput].push({ json, pairedItem, error: outcome.error });
			return;
		}
		outputs[errorOutput].push({ json, pairedItem });
	});
	return outputs;
}
