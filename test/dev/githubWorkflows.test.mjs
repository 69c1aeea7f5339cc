// The GitHub Actions workflows: they parse, CI runs every test command the README lists, and the
// publish workflow publishes with provenance (what n8n's verification needs) after lint and build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** A workflow file as data; throws with the parser's message (line and column) on a YAML error. */
function parseWorkflow(text, name) {
	const document = parseDocument(text, { prettyErrors: true });
	if (document.errors.length)
		throw new Error(`${name}: ${document.errors.map((error) => error.message).join('\n')}`);
	return document.toJS();
}

/** What GitHub needs to accept a workflow file; an empty list when it has it. */
function shapeProblems(workflow) {
	const problems = [];
	if (!workflow?.on) problems.push('no "on" trigger');
	const jobs = Object.entries(workflow?.jobs ?? {});
	if (!jobs.length) problems.push('no jobs');
	for (const [jobName, job] of jobs) {
		if (!job['runs-on']) problems.push(`job ${jobName}: no runs-on`);
		if (!Array.isArray(job.steps) || !job.steps.length) problems.push(`job ${jobName}: no steps`);
		(job.steps ?? []).forEach((step, index) => {
			if (Boolean(step.uses) === Boolean(step.run))
				problems.push(`job ${jobName}, step ${index + 1}: needs exactly one of "uses" and "run"`);
		});
	}
	return problems;
}

/** Every shell command the workflow runs, one per line, in order, with the index of its step. */
function runCommands(job) {
	return job.steps.flatMap((step, stepIndex) =>
		String(step.run ?? '')
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => line && !line.startsWith('#'))
			.map((command) => ({ command, stepIndex })),
	);
}

/** A run line runs `command` when it is the command, possibly with more arguments. */
const runsCommand = (line, command) => line === command || line.startsWith(`${command} `);

/** The test commands of the README: the shell block after the sentence that says CI runs them. */
function readmeTestCommands(readme) {
	const marker = readme.indexOf('which CI (`.github/workflows/ci.yml`) runs');
	if (marker < 0) throw new Error('README: no sentence naming the commands CI runs');
	const block = /```bash\n([\s\S]*?)```/.exec(readme.slice(marker));
	if (!block) throw new Error('README: no command block after the sentence naming the CI commands');
	return block[1]
		.split('\n')
		.map((line) => line.replace(/#.*$/, '').trim())
		.filter(Boolean);
}

function onlyJob(workflow) {
	const jobs = Object.values(workflow.jobs);
	expect(jobs).toHaveLength(1);
	return jobs[0];
}

/** The README test commands that no step of CI runs. */
function missingFromCi(ciWorkflow, commands) {
	const lines = runCommands(onlyJob(ciWorkflow)).map(({ command }) => command);
	return commands.filter((command) => !lines.some((line) => runsCommand(line, command)));
}

/** Why the publish workflow would not give n8n a package with provenance; empty when it would. */
function publishProblems(workflow) {
	const problems = [];
	const tags = workflow.on?.push?.tags;
	if (!Array.isArray(tags) || !tags.length) problems.push('not triggered by a pushed version tag');
	const job = Object.values(workflow.jobs ?? {})[0];
	const permissions = job?.permissions ?? workflow.permissions ?? {};
	if (permissions['id-token'] !== 'write') problems.push('no "id-token: write" permission');
	if (permissions.contents !== 'read') problems.push('contents permission is not "read"');
	const commands = job ? runCommands(job) : [];
	const stepOf = (predicate) => commands.find(({ command }) => predicate(command))?.stepIndex;
	const install = stepOf((command) => runsCommand(command, 'npm ci'));
	const lint = stepOf((command) => runsCommand(command, 'npm run lint'));
	const build = stepOf((command) => runsCommand(command, 'npm run build'));
	const publish = stepOf((command) => runsCommand(command, 'npm publish'));
	if (install === undefined) problems.push('no install step (npm ci)');
	if (lint === undefined) problems.push('no lint step');
	if (build === undefined) problems.push('no build step');
	if (publish === undefined) {
		problems.push('no publish step');
		return problems;
	}
	const publishCommand = commands.find(({ stepIndex }) => stepIndex === publish).command;
	if (!publishCommand.split(/\s+/).includes('--provenance'))
		problems.push('npm publish without --provenance');
	if (install !== undefined && [lint, build].some((step) => step !== undefined && step < install))
		problems.push('lint or build before the install');
	if ([lint, build].some((step) => step !== undefined && step > publish))
		problems.push('publishes before lint and build');
	// The package's prepublishOnly (`n8n-node prerelease`) refuses to publish without it.
	if (job.steps[publish].env?.RELEASE_MODE !== 'true')
		problems.push('publish step without RELEASE_MODE');
	return problems;
}

const withoutStep = (workflow, stepIndex) => {
	const copy = structuredClone(workflow);
	const job = Object.values(copy.jobs)[0];
	job.steps.splice(stepIndex, 1);
	return copy;
};

const ciWorkflow = parseWorkflow(read('.github/workflows/ci.yml'), 'ci.yml');
const publishWorkflow = parseWorkflow(read('.github/workflows/publish.yml'), 'publish.yml');
const testCommands = readmeTestCommands(read('README.md'));

describe('GitHub Actions workflow files', () => {
	it.each([
		['ci.yml', ciWorkflow],
		['publish.yml', publishWorkflow],
	])('%s parses as YAML and has the shape GitHub runs', (_name, workflow) => {
		expect(shapeProblems(workflow)).toEqual([]);
	});

	it('a YAML syntax error is reported with its place', () => {
		const broken = read('.github/workflows/ci.yml').replace('steps:', 'steps:\n  - [unclosed');
		expect(() => parseWorkflow(broken, 'ci.yml')).toThrow(/ci\.yml: .*line \d+/s);
	});

	it('a step with neither "uses" nor "run" is reported', () => {
		const copy = structuredClone(ciWorkflow);
		Object.values(copy.jobs)[0].steps.push({ name: 'Nothing to do' });
		expect(shapeProblems(copy)).toEqual([expect.stringContaining('needs exactly one of')]);
	});
});

describe('CI workflow', () => {
	it('runs on every push and every pull request, on any branch', () => {
		expect(Object.keys(ciWorkflow.on).sort()).toEqual(['pull_request', 'push']);
		expect(ciWorkflow.on.push).toBeNull();
		expect(ciWorkflow.on.pull_request).toBeNull();
	});

	it('finds the README test commands, from install to both end-to-end lines and queue mode', () => {
		expect(testCommands).toEqual([
			'npm ci --ignore-scripts',
			'npm run build',
			'npm run lint',
			'npm run scan',
			'npm test',
			'npm run test:e2e',
			'npm run test:e2e:1x',
			'npm run test:queue',
		]);
	});

	it('runs every test command the README lists, installing first', () => {
		expect(missingFromCi(ciWorkflow, testCommands)).toEqual([]);
		const commands = runCommands(onlyJob(ciWorkflow)).map(({ command }) => command);
		expect(runsCommand(commands[0], 'npm ci --ignore-scripts')).toBe(true);
		const position = (command) => commands.findIndex((line) => runsCommand(line, command));
		expect(position('npm run build')).toBeLessThan(position('npm run test:e2e'));
	});

	it('misses a test command as soon as its step is removed', () => {
		const commandSteps = runCommands(onlyJob(ciWorkflow));
		for (const command of testCommands) {
			const { stepIndex } = commandSteps.find((line) => runsCommand(line.command, command));
			expect(missingFromCi(withoutStep(ciWorkflow, stepIndex), testCommands)).toContain(command);
		}
	});

	it('sets up Node 20, the Node that runs n8n 1.123.x', () => {
		const setupNode = onlyJob(ciWorkflow).steps.find((step) =>
			String(step.uses ?? '').startsWith('actions/setup-node@'),
		);
		expect(String(setupNode.with['node-version'])).toBe('20');
	});
});

describe('publish workflow', () => {
	it('publishes with provenance after install, lint and build, on a pushed version tag', () => {
		expect(publishProblems(publishWorkflow)).toEqual([]);
		expect(publishWorkflow.on.push.tags).toEqual(['*.*.*']);
	});

	it.each([
		['npm ci', 'no install step (npm ci)'],
		['npm run lint', 'no lint step'],
		['npm run build', 'no build step'],
		['npm publish', 'no publish step'],
	])('is refused without its "%s" step', (command, problem) => {
		const { stepIndex } = runCommands(onlyJob(publishWorkflow)).find((line) =>
			runsCommand(line.command, command),
		);
		expect(publishProblems(withoutStep(publishWorkflow, stepIndex))).toContain(problem);
	});

	it('is refused without the id-token permission, without --provenance, or publishing first', () => {
		const withoutIdToken = structuredClone(publishWorkflow);
		delete onlyJob(withoutIdToken).permissions['id-token'];
		expect(publishProblems(withoutIdToken)).toContain('no "id-token: write" permission');

		const withoutProvenance = structuredClone(publishWorkflow);
		for (const step of onlyJob(withoutProvenance).steps)
			if (step.run) step.run = step.run.replace(' --provenance', '');
		expect(publishProblems(withoutProvenance)).toContain('npm publish without --provenance');

		const publishFirst = structuredClone(publishWorkflow);
		const steps = onlyJob(publishFirst).steps;
		const publishIndex = steps.findIndex((step) => runsCommand(String(step.run), 'npm publish'));
		const buildIndex = steps.findIndex((step) => runsCommand(String(step.run), 'npm run build'));
		const [publishStep] = steps.splice(publishIndex, 1);
		steps.splice(buildIndex, 0, publishStep);
		expect(publishProblems(publishFirst)).toContain('publishes before lint and build');
	});

	it('package.json names the repository the provenance points to and asks for provenance', () => {
		const manifest = JSON.parse(read('package.json'));
		expect(manifest.repository).toEqual({
			type: 'git',
			url: 'git+https://github.com/n8n-nodes-wan-video/n8n-nodes-wan-video.git',
		});
		expect(manifest.publishConfig).toEqual({ access: 'public', provenance: true });
		expect(manifest.scripts.release).toBe('n8n-node release');
		expect(manifest.scripts.prepublishOnly).toBe('n8n-node prerelease');
	});
});
