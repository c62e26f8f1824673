// Makes the CLI entry executable so `npx kubeproof` works straight after `npm ci`.
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/src/cli/main.js', import.meta.url), 0o755);
