import { NodeConnectionTypes, type IExecuteFunctions } from 'n8n-workflow';

/**
 * Called by an AI agent. n8n 2.x says so with `isToolExecution()` (sub-node tools) or by having
 * the engine file the output for the agent (`rewireOutputLogTo`); 1.x has neither helper for
 * sub-node tools, but runs them as the node's tool variant, which n8n names `<name>Tool`.
 */
export function isToolCall(context: IExecuteFunctions): boolean {
	const node = context.getNode();
	return (
		(typeof context.isToolExecution === 'function' && context.isToolExecution()) ||
		node.rewireOutputLogTo === NodeConnectionTypes.AiTool ||
		node.type.endsWith('Tool')
	);
}
