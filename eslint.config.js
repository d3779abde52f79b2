// Lint: typescript-eslint's recommended rules, plus the layering of ARCHITECTURE.md:
// autodiff -> random -> distributions -> optim -> inference -> layers. A module may
// import only from modules to its left, and never in a cycle.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const layers = ['autodiff', 'random', 'distributions', 'optim', 'inference', 'layers'];

const nodeOnly = ['node:*', 'fs', 'path', 'os', 'worker_threads', 'child_process'];

const layerRules = layers.map((layer, i) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...(i + 1 < layers.length
            ? [
                {
                  group: layers.slice(i + 1).flatMap((l) => [`**/${l}`, `**/${l}/**`]),
                  message: `src/${layer} may import only from modules to its left: ${layers.slice(0, i).join(', ') || '(none)'}.`,
                },
              ]
            : []),
          { group: nodeOnly, message: 'The core must run in browsers: no Node-only APIs.' },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'coverage/',
      'docs/api/',
      'examples/out/',
      '.prof/',
      '.scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver()],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  ...layerRules,
  {
    // functions that fit on one screen (STYLE.md)
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, IIFEs: true }] },
  },
  {
    files: ['src/**/*.ts'],
    // src/node.ts is the Node-only entry point (`pathwise/node`): files and the terminal bar
    ignores: ['src/index.ts', 'src/node.ts', 'src/node-chains.ts'],
    rules: {
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', '__filename'],
    },
  },
);
