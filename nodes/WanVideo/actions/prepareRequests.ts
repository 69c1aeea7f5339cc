import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { findModel, modelsFor } from '../models/catalog';
import type { GenerateOperation, ModelSpec } from '../models/types';
import { readItemParameters } from '../schema/readItemParameters';
import { validateRequest, type FieldProblem } from '../schema/validateRequest';
import { failureOutcome, type ItemOutcome } from './outcome';

export interface PreparedRequest {
	itemIndex: number;
	model: ModelSpec;
	body: Record<string, unknown>;
}

function resolveModel(
	context: IExecuteFunctions,
	operation: GenerateOperation,
	itemIndex: number,
): ModelSpec {
	const models = modelsFor(operation);
	if (models.length === 1) return models[0];
	const id = String(context.getNodeParameter('model', itemIndex, models[0].id));
	const model = findModel(id);
	if (!model || model.operation !== operation) {
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
			if (validation.valid) requests.push({ itemIndex, model, body: validation.body });
			else
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
