/**
 * Decides, per module factory of the bundle, whether V8 compiles it at start or when first called.
 * ncc (webpack) puts parentheses around each factory in a chunk's module table, `1234:((module)=>{…})`,
 * and V8 reads a parenthesized function as a hint to compile it eagerly, so every factory of a loaded
 * chunk was compiled whether or not it ran. This removes the parentheses, except around the factories
 * that run whenever the run starts or a dynamic import loads them: the entry modules (the main one,
 * and each `import()`'s target) and, transitively, the modules they require at their top level.
 *
 * Those run at once, and a lazily compiled factory is read twice (pre-parsed with its chunk, parsed
 * again when called): keeping the openai SDK's 777 KB factory eager saved ~28 ms of a typical run
 * (`npm run bench` A/B, 12 rounds); making the factories that never run lazy saved ~20 ms. The
 * change is syntactic only: the same functions, in the same places.
 *
 *   node scripts/depife.mjs dist/index.js dist/*.index.js
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parse } from 'acorn'

const REQUIRE = /^__(?:nccwpck|webpack)_require__\d*$/
const isFunction = (node) => node?.type === 'ArrowFunctionExpression' || node?.type === 'FunctionExpression'

// Every numeric-keyed factory of a module table, and the module ids the file loads as entries.
function scan(file, source) {
  const factories = []
  const entries = []
  const visit = (node) => {
    if (node.type === 'ObjectExpression') {
      for (const property of node.properties) {
        if (
          property.type === 'Property' &&
          property.key.type === 'Literal' &&
          typeof property.key.value === 'number' &&
          isFunction(property.value)
        )
          factories.push({ id: property.key.value, file, node: property.value })
      }
    }
    // The main entry: `__webpack_exports__ = __nccwpck_require__(ID)`.
    if (
      node.type === 'VariableDeclarator' &&
      node.id.name === '__webpack_exports__' &&
      node.init?.type === 'CallExpression' &&
      REQUIRE.test(node.init.callee.name ?? '')
    )
      entries.push(node.init.arguments[0]?.value)
    // An import()'s target: `.then(__nccwpck_require__.bind(__nccwpck_require__, ID))`.
    if (
      node.type === 'CallExpression' &&
      node.callee.type === 'MemberExpression' &&
      node.callee.property.name === 'bind' &&
      REQUIRE.test(node.callee.object.name ?? '') &&
      node.arguments[1]?.type === 'Literal'
    )
      entries.push(node.arguments[1].value)
    for (const child of Object.values(node)) {
      for (const c of Array.isArray(child) ? child : [child]) {
        if (c && typeof c.type === 'string') visit(c)
      }
    }
  }
  visit(parse(source, { ecmaVersion: 'latest', sourceType: 'module' }))
  return { factories, entries }
}

// webpack's wrapper for a module with top-level await, `__webpack_require__.a(module, async () => {…})`,
// calls its function at once: that function's body is the module's top level.
const runsAtOnce = (node) =>
  node.type === 'CallExpression' &&
  node.callee.type === 'MemberExpression' &&
  node.callee.property.name === 'a' &&
  REQUIRE.test(node.callee.object.name ?? '')

// The module ids a factory requires outside any function nested in it: they run when it runs.
function topLevelRequires(factory) {
  const ids = []
  const visit = (node, nested) => {
    if (node.type === 'CallExpression' && REQUIRE.test(node.callee.name ?? '') && !nested) {
      const id = node.arguments[0]
      if (id?.type === 'Literal' && typeof id.value === 'number') ids.push(id.value)
    }
    for (const child of Object.values(node)) {
      for (const c of Array.isArray(child) ? child : [child]) {
        if (!c || typeof c.type !== 'string') continue
        const isFn = isFunction(c) || c.type === 'FunctionDeclaration'
        visit(c, nested || (isFn && !runsAtOnce(node)))
      }
    }
  }
  visit(factory.body, false)
  return ids
}

const files = process.argv.slice(2)
const sources = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]))
const factories = new Map()
const queue = []
for (const [file, source] of sources) {
  const found = scan(file, source)
  for (const f of found.factories) factories.set(f.id, f)
  queue.push(...found.entries.filter((id) => typeof id === 'number'))
}
const eager = new Set()
while (queue.length > 0) {
  const id = queue.pop()
  const factory = factories.get(id)
  if (eager.has(id) || !factory) continue
  eager.add(id)
  queue.push(...topLevelRequires(factory.node))
}

for (const [file, source] of sources) {
  const edits = []
  for (const { id, node } of factories.values()) {
    if (factories.get(id).file !== file) continue
    // acorn's ranges exclude parentheses: a wrapped factory has one on each side.
    const wrapped = source[node.start - 1] === '(' && source[node.end] === ')'
    if (wrapped && !eager.has(id)) edits.push([node.start - 1, '', 1], [node.end, '', 1])
    if (!wrapped && eager.has(id)) edits.push([node.start, '(', 0], [node.end, ')', 0])
  }
  let out = source
  for (const [at, text, cut] of edits.sort((a, b) => b[0] - a[0]))
    out = out.slice(0, at) + text + out.slice(at + cut)
  writeFileSync(file, out)
}
