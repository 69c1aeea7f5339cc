import {
	NodeHelpers,
	Workflow,
	type INode,
	type INodeParameters,
	type INodePropertyOptions,
	type INodeTypes,
} from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { WanVideo } from '../../../nodes/WanVideo/WanVideo.node';

const nodeType = new WanVideo();
const description = nodeType.description;

/** The node in a workflow with these parameters, as the editor holds it. */
function placed(parameters: INodeParameters): { workflow: Workflow; node: INode } {
	const node: INode = {
		id: 'wan',
		name: 'Wan Video',
		type: 'n8n-nodes-wan-video.wanVideo',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return { workflow, node };
}

/** The subtitle the canvas shows under the node. */
function subtitleFor(parameters: INodeParameters): unknown {
	const { workflow, node } = placed(parameters);
	return workflow.expression.getSimpleParameterValue(
		node,
		description.subtitle as string,
		'internal',
		{},
	);
}

/** The outputs n8n gives the node. */
function outputsFor(parameters: INodeParameters): unknown {
	const { workflow, node } = placed(parameters);
	return NodeHelpers.getNodeOutputs(workflow, node, description);
}

const picker = description.properties.find((property) => property.name === 'operation');
const operations = (picker?.options ?? []) as INodePropertyOptions[];

describe('the operations, listed once', () => {
	it('the picker offers every operation in alphabetical order', () => {
		expect(operations.map((operation) => operation.name)).toEqual([
			'Get Generation',
			'Image to Video',
			'List Generations',
			'Reference to Video',
			'Text to Video',
		]);
	});

	it.each(operations.map((operation) => [operation.value, operation.name]))(
		'the node subtitle names %s "%s"',
		(value, name) => {
			expect(subtitleFor({ operation: value })).toBe(name);
		},
	);

	it('Get Generation with Route by Status has the Completed, Still Running and Failed outputs', () => {
		expect(outputsFor({ operation: 'getGeneration', routeByStatus: true })).toEqual([
			{ type: 'main', displayName: 'Completed' },
			{ type: 'main', displayName: 'Still Running' },
			{ type: 'main', displayName: 'Failed' },
		]);
	});

	it.each(operations.map((operation) => [operation.value]))(
		'%s without Route by Status has one output',
		(value) => {
			expect(outputsFor({ operation: value, routeByStatus: false })).toEqual(['main']);
		},
	);
});
