// Runs a user's ES module program inside the packed fresh project with Node (this Node: 20 in CI).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `code` to `<project>/<name>` and runs it; resolves with stdout, rejects with stderr on failure. */
export function runInProject(project: string, name: string, code: string, timeoutMs = 30_000): Promise<string> {
  const file = path.join(project, name);
  writeFileSync(file, code);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [file], { cwd: project, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${name} failed (${error.code ?? error.signal}):\n${stderr}\n${stdout}`));
      else resolve(stdout);
    });
  });
}
