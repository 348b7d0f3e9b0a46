// Runs a command. Output is shown as it comes (or only on failure with `quiet`) and returned,
// so callers can read test counts from it. Rejects naming the command and its exit code.
import { spawn } from 'node:child_process';

export function run(cmd, args = [], { cwd, env, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (stream) => (chunk) => {
      output += chunk;
      if (!quiet) stream.write(chunk);
    };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    child.on('error', (e) => reject(Object.assign(new Error(`${cmd}: ${e.message}`), { output })));
    child.on('close', (code) => {
      if (code === 0) return resolve(output);
      if (quiet) process.stderr.write(output);
      reject(Object.assign(new Error(`${cmd} ${args.join(' ')} failed with exit code ${code}`), { output }));
    });
  });
}
