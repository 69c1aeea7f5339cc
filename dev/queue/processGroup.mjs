import { spawn } from 'node:child_process';
import fs from 'node:fs';

/** Every process group started here that has not exited yet, by leader pid. */
const liveGroups = new Map();
let cleanupInstalled = false;

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

/** SIGKILLs every group still alive. Synchronous, so it also works from an 'exit' handler. */
export function killAllGroups() {
	for (const pid of liveGroups.keys()) killGroup(pid, 'SIGKILL');
	liveGroups.clear();
}

function installCleanup() {
	if (cleanupInstalled) return;
	cleanupInstalled = true;
	process.once('exit', killAllGroups);
	for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
		process.once(signal, () => {
			killAllGroups();
			process.exit(code);
		});
	}
}

/** Leader pids of the groups still alive (for a registry another process can clean up). */
export function liveGroupPids() {
	return [...liveGroups.keys()];
}

/**
 * Starts a command as the leader of its own process group, stdout and stderr appended to
 * `outputFile`. The whole group (n8n and its task runner, say) is signalled together, and
 * SIGKILLed when this process exits.
 * @returns {{ pid: number, name: string, exited: Promise<{ code: number|null, signal: string|null }>,
 *   isRunning: () => boolean, signal: (sig: string) => void, stop: (opts?: { signal?: string, timeoutMs?: number }) => Promise<void> }}
 */
export function spawnGroup(name, command, args, { env, cwd, outputFile, uid, gid } = {}) {
	installCleanup();
	const out = fs.openSync(outputFile, 'a');
	const child = spawn(command, args, {
		cwd,
		env,
		uid,
		gid,
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	let running = true;
	const exited = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			running = false;
			liveGroups.delete(child.pid);
			resolve({ code, signal });
		});
		child.once('error', (error) => {
			running = false;
			liveGroups.delete(child.pid);
			resolve({ code: null, signal: null, error });
		});
	});
	if (child.pid) liveGroups.set(child.pid, name);
	const handle = {
		pid: child.pid,
		name,
		outputFile,
		exited,
		isRunning: () => running,
		signal: (sig) => killGroup(child.pid, sig),
		async stop({ signal = 'SIGTERM', timeoutMs = 20_000 } = {}) {
			if (!running) return;
			killGroup(child.pid, signal);
			const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), timeoutMs);
			await exited;
			clearTimeout(timer);
			// Children that outlived their leader (e.g. a task runner) go with the group.
			killGroup(child.pid, 'SIGKILL');
		},
	};
	return handle;
}
