// Lint for the whole repository: correctness rules (eslint, typescript-eslint, React hooks) and
// the rules that hold the engine's layers (docs/architecture.md, "The layers"). `npm run lint`.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Which engine folders each folder may import from: a layer sees only the layers below it.
 * http/, cli/ and app/ sit on top and may import everything; nothing below imports them.
 */
const ENGINE_LAYERS = {
  errors: [],
  db: ['errors'],
  logic: ['errors'],
  model: ['errors', 'logic', 'schema'],
  schema: ['errors', 'db', 'model'],
  meta: ['errors', 'db', 'logic', 'model', 'schema'],
  data: ['errors', 'db', 'logic', 'model'],
  auth: ['errors', 'db', 'data'],
  ui: ['errors', 'logic', 'model', 'data'],
  pack: ['errors', 'data', 'meta', 'model'],
  jobs: ['errors', 'db'],
  process: ['errors', 'db', 'logic', 'model', 'data', 'auth', 'jobs'],
  reports: ['errors', 'db', 'logic', 'model', 'data'],
};
const ENGINE_FOLDERS = ['errors', 'db', 'logic', 'model', 'schema', 'meta', 'data', 'auth', 'ui', 'pack', 'jobs', 'process', 'reports', 'http', 'cli', 'app'];

/** `../http/x.ts`, `../../http/x.ts`… from a file anywhere under engine/src/<folder>/. */
const folderImports = (folder) => [`../${folder}/**`, `../../${folder}/**`, `../../../${folder}/**`];

function layerRules() {
  return Object.entries(ENGINE_LAYERS).map(([folder, allowed]) => {
    const forbidden = ENGINE_FOLDERS.filter((other) => other !== folder && !allowed.includes(other));
    return {
      files: [`engine/src/${folder}/**/*.ts`],
      ignores: ['**/*.test.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: forbidden.flatMap(folderImports),
                message: `engine/src/${folder} may import only from ${allowed.length ? allowed.join(', ') : 'no other engine folder'} (docs/architecture.md, "The layers").`,
              },
            ],
          },
        ],
      },
    };
  });
}

/** Raw SQL text goes through db/ddl.ts alone; everything else builds statements with kysely, values as parameters. */
const NO_RAW_SQL = {
  selector: "CallExpression[callee.object.name='sql'][callee.property.name='raw']",
  message: 'sql.raw is allowed only in engine/src/db/ddl.ts: build the statement with kysely (sql.id, sql.ref, parameters).',
};

/** The compiled model is what the engine reads; raw metadata documents stay in model/ (which compiles them), meta/ (which stores them) and cli/. */
const NO_RAW_DOCUMENTS = {
  selector: "MemberExpression[property.name='documents'][object.type!='ThisExpression']",
  message: 'Read the compiled model (model.entities, model.views, model.forms, model.roles…), not raw documents: only model/ compiles them.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      '.scratch/**',
      '.loom-test/**',
      'bench/results/**',
      '.ci/**',
      'runtime-ui/src/api/openapi.d.ts',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      // How import-x reads the files an import leads to (needed to follow cycles through TypeScript).
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'runtime-ui/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // The engine builds SQL for tables only the model knows; kysely's typed tables would be `any` at that edge.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Tests may set up with raw SQL (a table the test needs, a catalog probe); the code under test may not.
    files: ['engine/src/**/*.ts', 'bench/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', NO_RAW_SQL] },
  },
  {
    files: ['engine/src/**/*.ts'],
    ignores: ['engine/src/db/ddl.ts', 'engine/src/model/**', 'engine/src/meta/**', 'engine/src/cli/**', '**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', NO_RAW_SQL, NO_RAW_DOCUMENTS] },
  },
  { files: ['engine/src/db/ddl.ts'], rules: { 'no-restricted-syntax': 'off' } },
  ...layerRules(),
  {
    files: ['runtime-ui/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The app is not built with the React Compiler, so a library whose hooks the compiler
      // cannot memoize (TanStack Virtual's useVirtualizer, TanStack Table) is fine here.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine/**'],
              message: 'The web app reads only the bundle and the API; engine code stays on the server (shared types come from @loom/metadata).',
            },
          ],
        },
      ],
    },
  },
);
