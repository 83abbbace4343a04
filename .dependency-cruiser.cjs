// The layering of src/ (docs/architecture.md, "Layers"), checked in CI by `npm run arch`.
// Lowest first: catalog, briefings, i18n, util → store → telegram → delivery → digest → usecases →
// ingest → bot, http → roles → app, core, main, cli. A layer imports only those below it.
const layer = (name, below) => ({
  name: `${name}-imports-upwards`,
  comment: `src/${name}/ may import only the layers below it`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: `^src/(${below})/` },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycle between modules',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'no import cycle between folders of src/',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-imports-no-tools',
      comment: 'the product never imports tests, benchmarks or scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tests|bench|scripts)/' },
    },
    {
      name: 'no-test-double-in-product',
      comment: 'the Bot API double and the sandbox are development tools: only main.ts loads the sandbox, on demand',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '(^|/)(packages/(bot-api-double|sandbox)|@chunav/(bot-api-double|sandbox))(/|$)' },
    },
    layer('(catalog|briefings|i18n|util)', 'store|telegram|delivery|digest|usecases|ingest|bot|http|web|roles|cli|metrics'),
    layer('store', 'telegram|delivery|digest|usecases|ingest|bot|http|web|roles|cli'),
    layer('telegram', 'delivery|digest|usecases|ingest|bot|http|web|roles|cli'),
    layer('delivery', 'digest|usecases|ingest|bot|http|web|roles|cli'),
    layer('digest', 'usecases|ingest|bot|http|web|roles|cli'),
    layer('usecases', 'ingest|bot|http|web|roles|cli'),
    layer('ingest', 'bot|http|web|roles|cli'),
    layer('(bot|http|web|metrics)', 'roles|cli'),
    {
      name: 'only-roots-import-roles',
      comment: 'roles are composed by app.ts; nothing below imports them',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(app|main|roles/)' },
      to: { path: '^src/roles/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
