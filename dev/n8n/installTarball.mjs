import fsp from 'node:fs/promises';
import path from 'node:path';

import { npmCommand, npmEnv } from './npm.mjs';
import { run } from './process.mjs';
import { readJson } from './readJson.mjs';

/**
 * Installs a package tarball into the home's nodes folder the way n8n's community-package
 * installer does, and records it in the folder's package.json. Resolves the package.json.
 */
export async function installTarball(home, tarball) {
	const staging = await fsp.mkdtemp(path.join(home.root, '.unpack-'));
	try {
		await run('tar', ['-xzf', path.resolve(tarball), '-C', staging, '--strip-components=1']);
		const packageJsonPath = path.join(staging, 'package.json');
		// Same clean-up as n8n's installer: drop dev, peer and optional dependencies.
		const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
			await fsp.readFile(packageJsonPath, 'utf8'),
		);
		await fsp.writeFile(packageJsonPath, JSON.stringify(packageJson, null, 2), 'utf-8');
		const target = path.join(home.nodesDir, 'node_modules', packageJson.name);
		await fsp.mkdir(path.dirname(target), { recursive: true });
		await fsp.rm(target, { recursive: true, force: true });
		await fsp.rename(staging, target);
		if (packageJson.dependencies && Object.keys(packageJson.dependencies).length > 0) {
			// Same flags as the installer. Only runs when the package has runtime dependencies.
			await run(
				npmCommand(),
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				{ cwd: target, env: npmEnv() },
			);
		}
		const ledgerPath = path.join(home.nodesDir, 'package.json');
		const ledger = (await readJson(ledgerPath)) ?? {
			name: 'installed-nodes',
			private: true,
			dependencies: {},
		};
		ledger.dependencies = {
			...(ledger.dependencies ?? {}),
			[packageJson.name]: packageJson.version,
		};
		await fsp.writeFile(ledgerPath, JSON.stringify(ledger, null, 2), 'utf-8');
		return packageJson;
	} finally {
		await fsp.rm(staging, { recursive: true, force: true });
	}
}
