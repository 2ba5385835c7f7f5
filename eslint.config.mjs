// ESLint (`npm run lint`, a stage of `npm test`): typescript-eslint's recommended rules with the
// type-aware ones that catch real bugs (a promise nobody awaits, a promise where a value belongs),
// React's rules of hooks, and the tier rules of design.md section 2 as import rules, so an editor
// flags a forbidden import where it is written (test/unit/architecture/tiers.test.ts checks the
// same rules over the whole tree).
import { readdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isElectron = (s) => s === 'electron' || s.startsWith('electron/');
const isNode = (s) => NODE_BUILTINS.has(s) || NODE_BUILTINS.has(s.split('/')[0]);
const inside = (path, dirs) => dirs.some((d) => path === d || path.startsWith(`${d}/`));

/**
 * `tiers/imports`: what one tier may import. Options: `electron`, `node` (false: forbidden),
 * `packages` (Node-only packages it may not import), `onlyElectron` (true: no package but electron),
 * `reach` (the folders a relative import may land in) or `avoid` (the folders it may not).
 */
const importsRule = {
  meta: { type: 'problem', schema: [{ type: 'object' }], messages: { forbidden: '{{tier}} may not import {{what}} ({{why}}).' } },
  create(context) {
    const { tier, electron = true, node = true, packages = [], onlyElectron = false, reach, avoid = [] } = context.options[0];
    const from = dirname(relative(ROOT, context.filename));
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const s = source.value;
      const report = (why) => context.report({ node: source, messageId: 'forbidden', data: { tier, what: `'${s}'`, why } });
      if (s.startsWith('.')) {
        const lands = relative(ROOT, resolve(ROOT, from, s))
          .split('\\')
          .join('/');
        if (reach && !inside(lands, reach)) report(`it lands in ${lands}; only ${reach.join(', ')} may be imported`);
        else if (inside(lands, avoid)) report(`it lands in ${lands}`);
      } else if (isElectron(s)) {
        if (!electron) report('electron is for the Electron shell only');
      } else if (onlyElectron) report('only electron and shared/ may be imported');
      else if (isNode(s)) {
        if (!node) report('a Node built-in');
      } else if (packages.includes(s.split('/')[0])) report('a Node-only package');
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
      CallExpression: (n) => n.callee.type === 'Identifier' && n.callee.name === 'require' && check(n.arguments[0]),
    };
  },
};
// Two names for one rule: a folder's floor (inside the engine or the renderer) adds to its tier's rule.
const tiers = { plugins: { tiers: { rules: { imports: importsRule, floors: importsRule } } } };
const tier = (files, options) => ({ files, ...tiers, rules: { 'tiers/imports': ['error', options] } });
const floor = (files, options) => ({ files, ...tiers, rules: { 'tiers/floors': ['error', options] } });

// The engine's floors, bottom up (test/unit/architecture/engine-floors.test.ts says why each sits
// where it does): a folder imports only the floors below it, never one beside or above.
const ENGINE_FLOORS = [['store'], ['log'], ['connectors'], ['mapping', 'network'], ['jobs'], ['cases'], ['calls']];
const engineFloors = ENGINE_FLOORS.flatMap((level, i) =>
  level.map((folder) =>
    floor([`electron/engine/${folder}/**`], {
      tier: `engine/${folder}/`,
      avoid: ENGINE_FLOORS.slice(i)
        .flat()
        .filter((other) => other !== folder)
        .map((other) => `electron/engine/${other}`),
    }),
  ),
);

// The console's pages never import each other; ui/ serves them all; api/ and stores/ are the floor.
const FEATURES = readdirSync(resolve(ROOT, 'renderer/src/features'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const consoleFloors = [
  ...FEATURES.map((page) =>
    floor([`renderer/src/features/${page}/**`], {
      tier: `the ${page} page`,
      avoid: FEATURES.filter((other) => other !== page).map((other) => `renderer/src/features/${other}`),
    }),
  ),
  floor(['renderer/src/ui/**'], { tier: 'ui/', avoid: ['renderer/src/features', 'renderer/src/shell'] }),
  floor(['renderer/src/api/**', 'renderer/src/stores/**'], { tier: 'api/ and stores/', avoid: ['renderer/src/features', 'renderer/src/shell', 'renderer/src/ui'] }),
];

// shared/ runs in Node and in the page alike: it may use only the globals both have.
const common = new Set([...Object.keys(globals['shared-node-browser']), ...Object.keys(globals.builtin)]);
const nodeOrPageOnly = [...new Set([...Object.keys(globals.node), ...Object.keys(globals.browser)])].filter((g) => !common.has(g));

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'release/', '.cache/', '.data/', 'test-results/', 'playwright-report/', 'electron/engine/store/migrations/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './renderer/tsconfig.json'], tsconfigRootDir: ROOT },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` leaves a value out on purpose (a rest sibling, an argument a signature requires).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // The tree writes `!` on indexed reads on purpose (it reads the same with noUncheckedIndexedAccess).
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // An async function without await still keeps an async contract (handlers, connector methods).
      '@typescript-eslint/require-await': 'off',
      // Store actions and handler tables pass methods that never use `this`.
      '@typescript-eslint/unbound-method': 'off',
      // Values from outside are `unknown` until checked; String() on them is how they become text.
      '@typescript-eslint/no-base-to-string': 'off',
      // The same: boundary code checks shapes by hand (Array.isArray narrows a typed list to any[]),
      // JSON.parse answers any; zod and those checks do this rule's job where it matters.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Rethrowing or rejecting with what was caught passes it on unchanged.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  // Its hand-written JSON reader throws the position it stopped at, caught a few lines below.
  { files: ['electron/engine/mapping/template-file.ts'], rules: { '@typescript-eslint/only-throw-error': 'off' } },
  {
    // Tests read JSON answers as `any` and gather socket chunks into strings.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/restrict-plus-operands': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['renderer/src/**/*.tsx', 'renderer/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },

  tier(['electron/engine/**'], { tier: 'the engine', electron: false, avoid: ['electron/main', 'electron/preload', 'electron/host', 'renderer'] }),
  tier(['shared/**'], { tier: 'shared/', electron: false, node: false, reach: ['shared'] }),
  {
    files: ['shared/**'],
    rules: { 'no-restricted-globals': ['error', ...nodeOrPageOnly.map((name) => ({ name, message: 'shared/ runs in Node and in the page: use what both have.' }))] },
  },
  tier(['renderer/**'], { tier: 'the renderer', electron: false, node: false, packages: ['better-sqlite3', 'ws'], reach: ['renderer', 'shared'] }),
  tier(['electron/host/**'], { tier: 'the headless host', electron: false, avoid: ['electron/main', 'electron/preload', 'renderer'] }),
  tier(['electron/preload/**'], { tier: 'the preload', onlyElectron: true, reach: ['electron/preload', 'shared'] }),
  ...engineFloors,
  ...consoleFloors,
);
