import type {
	ExecutionError,
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IRunData,
	ITaskData,
	IVersionedNodeType,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import type { Readable } from 'stream';

/** Name of the passthrough node that feeds `inputItems` into the node under test. */
export declare const INPUT_NODE_NAME: 'Input';
/** Default name of the node under test (used by `$node[...]`, `$('...')`, error messages). */
export declare const DEFAULT_NODE_NAME: 'Node Under Test';

/**
 * A binary entry of an input item. When `data` is a Buffer, Uint8Array or Readable
 * it is stored through n8n-core's `prepareBinaryData` (mime type / extension detected
 * like in n8n, overridable with the other fields). When `data` is a string it is
 * taken as n8n's inline base64 form and kept as-is.
 */
export interface InputBinaryData {
	data: Buffer | Uint8Array | Readable | string;
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileType?: IBinaryData['fileType'];
	directory?: string;
}

export interface InputItem {
	json: IDataObject;
	binary?: Record<string, InputBinaryData>;
	pairedItem?: INodeExecutionData['pairedItem'];
}

export interface ExecuteNodeOptions {
	/** Instance of the node class under test, e.g. `new WanVideo()`. */
	nodeType: INodeType | IVersionedNodeType;
	/** Credential type(s) the node can use, e.g. `new AimlApiWanVideoApi()`. */
	credentialType?: ICredentialType | ICredentialType[];
	/**
	 * Credential data. With a single `credentialType` this is that credential's data
	 * (`{ apiKey, baseUrl }`); with several, a map of credential type name -> data.
	 * Property defaults of the credential type are filled in and `={{ }}` expressions
	 * resolved, like the n8n server does. Omit to run the node without credentials set.
	 */
	credentials?: ICredentialDataDecryptedObject | Record<string, ICredentialDataDecryptedObject>;
	/** Node parameters as stored in a workflow (expressions start with `=`). Defaults are filled in by n8n. */
	parameters?: INodeParameters;
	/** Items emitted by the `Input` node. Default: one empty item. */
	inputItems?: InputItem[];
	/** Shortcut for `onError: 'continueRegularOutput'` (what `this.continueOnFail()` reads). */
	continueOnFail?: boolean;
	/** Node "On Error" setting; `'continueErrorOutput'` adds an error output to `outputs`. */
	onError?: INode['onError'];
	/** Default: `'Node Under Test'`. */
	nodeName?: string;
	/** Default: `<package name>.<description.name>`, e.g. `n8n-nodes-wan-video.wanVideo`. */
	nodeTypeName?: string;
	/** Default: the latest version of the node type. */
	typeVersion?: number;
	/** Extra INode fields, e.g. `{ alwaysOutputData: true, retryOnFail: true }`. */
	nodeOverrides?: Partial<INode>;
	/** Workflow settings (`executionOrder: 'v1'` is set by default). */
	workflowSettings?: IWorkflowSettings;
	/** Default: `'manual'`. */
	mode?: WorkflowExecuteMode;
	/**
	 * `'filesystem'` (default, like n8n 2.x): binary data is written to a temporary
	 * folder and items carry an `id`. `'default'`: binary stays inline as base64.
	 */
	binaryDataMode?: 'filesystem' | 'default';
	/**
	 * Cancels the execution when aborted, exactly like stopping it in n8n: the
	 * signal returned by `this.getExecutionCancelSignal()` inside the node fires,
	 * which also aborts requests made with `httpRequestWithAuthentication`.
	 * `executeNode` still waits for the node to return or throw.
	 */
	abortSignal?: AbortSignal;
	/** Cancels the execution after this many milliseconds of real time (not affected by fake timers). */
	cancelAfterMs?: number;
	/** Sets `executionTimeoutTimestamp` (workflow timeout) to now + this many milliseconds. */
	executionTimeoutMs?: number;
	/**
	 * Runs the node as an AI Agent's tool. `'engine'`: as agents from version 3 have it run, the
	 * engine runs the node with `rewireOutputLogTo: 'ai_tool'` and `outputs` is what the agent
	 * reads. `'subNode'`: as older agents run it on n8n 2.x, `this.isToolExecution()` is true.
	 */
	runAsTool?: 'engine' | 'subNode';
	/** The workflow's ID (what `this.getWorkflow().id` gives). Default: `test-workflow-<uuid>`. */
	workflowId?: string;
	/** The execution's ID (what `this.getExecutionId()` gives). Default: a fresh number. */
	executionId?: string;
}

export interface CredentialsHelperCalls {
	authenticate: number;
	preAuthentication: number;
	getDecrypted: number;
}

export interface ExecuteNodeResult {
	/**
	 * Items per output of the node under test (`outputs[0]` is the first/main output; with
	 * `runAsTool: 'engine'`, what the agent reads). Empty when the node failed.
	 */
	outputs: INodeExecutionData[][];
	/**
	 * The error that stopped the node (when it was not continued): the instance the
	 * node threw (e.g. a NodeApiError, so `instanceof` works), or the engine's copy
	 * of it when the error did not come out of `execute`.
	 */
	error?: Error &
		Partial<ExecutionError> & { description?: string | null; httpCode?: string | null };
	/** Error recorded for the whole execution (e.g. cancellation or node error). */
	runError?: ExecutionError;
	/** Execution status, e.g. `'success'`, `'error'`, `'canceled'`. */
	status: IRun['status'];
	/** True when the execution was cancelled through `abortSignal`/`cancelAfterMs`. */
	cancelled: boolean;
	/** Full execution result. */
	run: IRun;
	/** Run data of all nodes (`runData[INPUT_NODE_NAME]`, `runData[nodeName]`). */
	runData: IRunData;
	/** Task data of the node under test (hints, executionStatus, error copy, ...). */
	taskData?: ITaskData;
	/** The node under test as placed in the workflow (with parameter defaults filled in). */
	node: INode | null;
	/** Names of the nodes that finished, in order. */
	nodeExecutionOrder: string[];
	/** Credentials helper used for the run; `calls` counts authenticate/getDecrypted calls. */
	credentialsHelper: {
		calls: CredentialsHelperCalls;
		credentialsData: Record<string, ICredentialDataDecryptedObject>;
	};
}

/** Runs `nodeType` once through n8n-core's WorkflowExecute (Input -> node under test). */
export declare function executeNode(options: ExecuteNodeOptions): Promise<ExecuteNodeResult>;

/** Reads the bytes of `item.binary[property]` (default `'data'`) from the binary data store. */
export declare function readBinary(
	item: INodeExecutionData | undefined,
	property?: string,
): Promise<Buffer>;

export declare class TestCredentialsHelper {
	constructor(
		credentialTypes: Record<string, ICredentialType>,
		credentialsData: Record<string, ICredentialDataDecryptedObject>,
	);
	calls: CredentialsHelperCalls;
	credentialsData: Record<string, ICredentialDataDecryptedObject>;
}

export function captureInfoLogs(): {
	lines: Array<{ message: string; metadata: Record<string, unknown> }>;
	stop: () => void;
};
