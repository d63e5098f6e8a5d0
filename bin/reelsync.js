#!/usr/bin/env node
// The `reelsync` command: runs the TypeScript CLI (bin/cli/main.ts) through tsx's loader, so
// `npx reelsync --help` works from the repository without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./cli/main.ts');
