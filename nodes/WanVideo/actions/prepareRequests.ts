import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { defaultModelId, findModel, modelsFor } from '../models/catalog';
import type { GenerateOperation, ModelSpec } from '../models/types';
import { withImagesRead } from '../schema/readImage';
import { readItemParameters } from '../schema/readItemParameters';
import { validateRequest, type FieldProblem } from '../schema/validateRequest';
import { failureOutcome, type ItemOutcome } from '../output/outcome';

export interface PreparedRequest {
	itemIndex: number;
	model: ModelSpec;
	/**
	 * The API body, checked already. Binary images are read into it only now, so call it when
	 * the submission starts and let the result go after: a batch never holds every image at once.
	 */
	buildBody(): Promise<Record<string, unknown>>;
}

function resolveModel(
	context: IExecuteFunctions,
	operation: GenerateOperation,
	itemIndex: number,
): ModelSpec {
	const models = modelsFor(operation);
	const id = String(context.getNodeParameter('model', itemIndex, defaultModelId(operation)));
	const model = findModel(id, operation);
	if (!model) {
		throw new NodeOperationError(
			context.getNode(),
			`Model "${id}" is not available for this operation`,
			{
				itemIndex,
				description: `Choose one of: ${models.map((candidate) => candidate.id).join(', ')}.`,
			},
		);
	}
	return model;
}

function invalidInputError(
	context: IExecuteFunctions,
	itemIndex: number,
	problems: FieldProblem[],
) {
	const [first] = problems;
	return new NodeOperationError(context.getNode(), `"${first.field}" ${first.problem}`, {
		itemIndex,
		description:
			problems.map((problem) => `"${problem.field}" ${problem.problem}.`).join(' ') +
			' Nothing was sent to the AIML API and no credits were spent.',
	});
}

/** Reads and checks every item before any request, so bad input never costs a credit. */
export async function prepareRequests(
	context: IExecuteFunctions,
	operation: GenerateOperation,
): Promise<{ requests: PreparedRequest[]; rejected: Map<number, ItemOutcome> }> {
	const requests: PreparedRequest[] = [];
	const rejected = new Map<number, ItemOutcome>();
	const itemCount = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const model = resolveModel(context, operation, itemIndex);
			const validation = validateRequest(
				model,
				await readItemParameters(context, itemIndex, model),
			);
			if (validation.valid) {
				const checked = validation.body;
				requests.push({
					itemIndex,
					model,
					buildBody: async () => await withImagesRead(context, checked),
				});
			} else
				rejected.set(
					itemIndex,
					failureOutcome(invalidInputError(context, itemIndex, validation.problems)),
				);
		} catch (error) {
			const failure =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
			rejected.set(itemIndex, failureOutcome(failure));
		}
	}
	return { requests, rejected };
}
