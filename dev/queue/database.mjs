import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * A client of n8n's Postgres database, with the `pg` and `flatted` modules of the n8n
 * install itself (the same code n8n reads and writes its rows with).
 */
export async function connectN8nDatabase(runtime, connection) {
	const requireFromN8n = createRequire(path.join(runtime.n8nPackageDir, 'package.json'));
	const { Client } = requireFromN8n('pg');
	const { parse } = requireFromN8n('flatted');
	const client = new Client({ ...connection, connectionTimeoutMillis: 10_000 });
	await client.connect();
	const query = async (text, values) => (await client.query(text, values)).rows;
	return {
		query,
		close: () => client.end(),

		/** Executions of a workflow, oldest first: { id, status, finished, mode, startedAt, stoppedAt, waitTill }. */
		async listExecutions(workflowId) {
			return await query(
				`SELECT id::text AS id, status, finished, mode, "startedAt", "stoppedAt", "waitTill"
				   FROM execution_entity WHERE "workflowId" = $1 ORDER BY id::bigint`,
				[workflowId],
			);
		},

		/** The run data of one execution (IRunExecutionData), parsed from n8n's flatted form. */
		async readExecutionData(executionId) {
			const [row] = await query(`SELECT data FROM execution_data WHERE "executionId" = $1`, [
				executionId,
			]);
			return row ? parse(row.data) : undefined;
		},

		/** A stored binary of database mode: { fileId, sourceType, sourceId, data, mimeType, fileName, fileSize }. */
		async readBinaryFile(fileId) {
			const [row] = await query(
				`SELECT "fileId", "sourceType", "sourceId", data, "mimeType", "fileName", "fileSize"
				   FROM binary_data WHERE "fileId" = $1`,
				[fileId],
			);
			return row;
		},

		/**
		 * Records the installed package in installed_packages / installed_nodes, as n8n's
		 * Community Nodes installer does after unpacking it.
		 */
		async registerInstalledPackage({ packageName, version, author, nodes }) {
			await query('BEGIN');
			try {
				await query(`DELETE FROM installed_nodes WHERE package = $1`, [packageName]);
				await query(`DELETE FROM installed_packages WHERE "packageName" = $1`, [packageName]);
				await query(
					`INSERT INTO installed_packages ("packageName", "installedVersion", "authorName", "authorEmail")
					 VALUES ($1, $2, $3, $4)`,
					[packageName, version, author?.name ?? null, author?.email ?? null],
				);
				for (const node of nodes)
					await query(
						`INSERT INTO installed_nodes (name, type, "latestVersion", package) VALUES ($1, $2, $3, $4)`,
						[node.name, node.type, node.version, packageName],
					);
				await query('COMMIT');
			} catch (error) {
				await query('ROLLBACK');
				throw error;
			}
		},
	};
}
