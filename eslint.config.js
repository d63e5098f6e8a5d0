// Lint configuration: typescript-eslint's recommended rules over all project code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.tsbuild/',
      'node_modules/',
      'bench/results/',
      'test-results/',
      'playwright-report/',
      'docs/schema/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  // Layer directions (docs/architecture.md); the compiler guards DOM/Node use, these the imports.
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(core|network|render|ui|features|utils|api|App|feature)(/|$)',
              message: 'src/protocol is the ground floor: it imports nothing else of ours.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/network/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(ui|features|api|App|feature)(/|$)',
              message:
                'src/core and src/network are shared layers: they must not import ui/ or features/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!protocol(/|$))',
              message: 'server/ may import only src/protocol from src/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['sdk/**/*.ts', 'bin/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!(protocol|utils)(/|$))',
              message: 'The SDK and CLI may import only src/protocol and src/utils from src/.',
            },
            {
              regex: '^(\\.\\./)+server(/|$)',
              message: 'The SDK and CLI speak to the server over the wire only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**', 'bench/**', 'chaos/**', 'scripts/**', 'server/cli.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
