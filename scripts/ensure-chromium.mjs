import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** The e2e tests drive Debian's Chromium: install it with apt when missing, or say how. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    process.stderr.write('Chromium is missing. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium\n');
    process.exit(1);
  }
  process.stdout.write('Installing Chromium with apt-get…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      process.stderr.write('Could not install Chromium. Run: apt-get update && apt-get install -y chromium\n');
      process.exit(1);
    }
  }
}
