export const id = 749;
export const ids = [749];
export const modules = {

/***/ 8749:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createCopilotProvider: () => (/* binding */ createCopilotProvider)
});

// UNUSED EXPORTS: CopilotProvider, MIN_RUNTIME_VERSION, PINNED_RUNTIME_VERSION, resolveWithServer

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(9805);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 2 modules
var exec = __webpack_require__(5260);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/providers/copilot/exec.ts


/**
 * Runs a command with `@actions/exec`, or, when given a `signal`, with Node's own spawn, which
 * `@actions/exec` does not expose: aborting the signal kills the child with SIGKILL (the runtime
 * install has nothing worth a graceful stop: its folder is this step's own). On Windows, where npm is
 * a .cmd file that only `@actions/exec`'s cmd.exe wrapping starts, `@actions/exec` runs it and the
 * signal is not passed on; the caller stops waiting at its deadline, and the runner ends the process
 * with the job.
 */
const exec_exec = (command, args, options = {}) => {
    const { signal, ...rest } = options;
    if (signal && process.platform !== 'win32')
        return spawnStoppable(command, args, rest, signal);
    return exec/* exec */.m(command, args, rest);
};
function spawnStoppable(command, args, options, signal) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(command, args, {
            env: options.env ?? process.env,
            stdio: ['ignore', 'pipe', 'pipe'],
            signal,
            killSignal: 'SIGKILL'
        });
        child.stdout.on('data', (data) => {
            options.listeners?.stdout?.(data);
            if (!options.silent)
                process.stdout.write(data);
        });
        child.stderr.on('data', (data) => {
            options.listeners?.stderr?.(data);
            if (!options.silent)
                process.stderr.write(data);
        });
        // The command is not on PATH (ENOENT), or the signal aborted: Node has killed the child.
        child.on('error', reject);
        child.on('close', (code, killedBy) => {
            if (code === null)
                reject(new Error(`${command} was ended by ${killedBy}`));
            else if (code !== 0 && !options.ignoreReturnCode)
                reject(new Error(`${command} failed with exit code ${code}`));
            else
                resolve(code);
        });
    });
}

// EXTERNAL MODULE: ./src/providers/types.ts
var types = __webpack_require__(2695);
// EXTERNAL MODULE: ./src/providers/pace.ts
var pace = __webpack_require__(9351);
;// CONCATENATED MODULE: ./src/providers/copilot/credits.ts
/** 1 AI credit = $0.01. */
const USD_PER_CREDIT = 0.01;
const price = (inputPerMillion, outputPerMillion) => ({
    inputPerMillion,
    outputPerMillion
});
/**
 * Copilot's list prices per million tokens (default tier, below any long-context threshold), keyed by
 * model id prefix (dated ids such as gpt-5-mini-2025-08-07 match). From GitHub's published table,
 * github/docs data/tables/copilot/models-and-pricing.yml; a model missing here is reported as unpriced.
 */
const MODEL_PRICES = {
    'gpt-5-mini': price(0.25, 2),
    'gpt-5.3-codex': price(1.75, 14),
    'gpt-5.4': price(2.5, 15),
    'gpt-5.4-mini': price(0.75, 4.5),
    'gpt-5.4-nano': price(0.2, 1.25),
    'gpt-5.5': price(5, 30),
    'claude-haiku-4.5': price(1, 5),
    'claude-sonnet-4': price(3, 15),
    'claude-sonnet-4.5': price(3, 15),
    'claude-sonnet-4.6': price(3, 15),
    'claude-sonnet-5': price(2, 10),
    'claude-opus-4.5': price(5, 25),
    'claude-opus-4.6': price(5, 25),
    'claude-opus-4.7': price(5, 25),
    'claude-opus-4.8': price(5, 25),
    'claude-opus-5': price(5, 25),
    'gemini-3.1-pro': price(2, 12),
    'gemini-3.5-flash': price(1.5, 9),
    'grok-4.5': price(2, 6),
    'grok-4.6': price(2, 6),
    'raptor-mini': price(0.25, 2)
};
/** The price entry for a model id, longest matching prefix first; undefined when unknown. */
function priceFor(model, prices = MODEL_PRICES) {
    const id = model.toLowerCase().replace(/^[^/]+\//, '');
    const key = Object.keys(prices)
        .filter((k) => id === k || id.startsWith(`${k}-`))
        .sort((a, b) => b.length - a.length)[0];
    return key === undefined ? undefined : prices[key];
}
/**
 * AI credits a call cost, estimated from its tokens at list price. Cached input is priced as fresh
 * input, so the estimate errs high, which is the safe side for a budget. Undefined for unknown models.
 */
function estimateCredits(model, usage, prices = MODEL_PRICES) {
    const price = priceFor(model, prices);
    if (!price)
        return undefined;
    const usd = (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1e6;
    return usd / USD_PER_CREDIT;
}

// EXTERNAL MODULE: ./src/text/hygiene.ts
var hygiene = __webpack_require__(8524);
;// CONCATENATED MODULE: ./src/providers/copilot/classify-errors.ts


/** Reads the token's kind from its documented prefix, without ever logging the token. */
function tokenKind(token) {
    if (token === '')
        return 'none';
    if (token.startsWith('ghp_'))
        return 'classic-pat';
    if (token.startsWith('github_pat_'))
        return 'fine-grained-pat';
    if (token.startsWith('ghs_'))
        return 'actions';
    if (token.startsWith('gho_'))
        return 'oauth';
    if (token.startsWith('ghu_'))
        return 'app-user';
    return 'other';
}
const PERMISSION_FIX = "add `copilot-requests: write` to the job's `permissions:` (next to `issues: write`) and let the action use the workflow token";
/** Tokens Copilot never accepts, caught before the runtime starts. */
function checkToken(token) {
    const kind = tokenKind(token);
    if (kind === 'none') {
        return new types/* ProviderError */.m('auth', `The copilot provider has no token: ${PERMISSION_FIX}. The token is passed to the Copilot runtime only.`);
    }
    if (kind === 'classic-pat')
        return classicPat();
    return undefined;
}
function classicPat() {
    return new types/* ProviderError */.m('auth', 'Copilot does not accept classic personal access tokens (ghp_…): remove the token so the action uses the ' +
        "workflow's GITHUB_TOKEN with `permissions: copilot-requests: write`, or use a fine-grained token owned by " +
        'a user, with the "Copilot Requests" permission.');
}
const said = (re) => (report) => re.test(report.message);
/** First match wins, so specific wordings come before the status-code catch-alls. */
const RULES = [
    {
        name: 'byok endpoint rejected the key',
        kind: 'auth',
        matches: (r, status, ctx) => ctx.byok && (r.errorType === 'authentication' || status === 401),
        fix: () => 'The bring-your-own-key endpoint rejected the key: check its base URL and API key.'
    },
    {
        name: 'classic personal access token',
        kind: 'auth',
        // Not a bare "classic token": the runtime's missing-permission text ends "(not a Classic token)".
        matches: (r, status, ctx) => /classic (personal access tokens?|pats?)\b|token \(classic\)|ghp_/i.test(r.message) ||
            (ctx.tokenKind === 'classic-pat' && (status === 401 || status === 403)),
        fix: () => classicPat().message
    },
    {
        name: 'token lacks the Copilot Requests permission',
        kind: 'auth',
        matches: said(/copilot[ -]requests|server-to-server tokens? (are|is) not supported|resource not accessible by integration|installation tokens? (are|is) not supported/i),
        fix: (_r, ctx) => ctx.tokenKind === 'fine-grained-pat' || ctx.tokenKind === 'other'
            ? 'The token may not make Copilot requests: give the fine-grained token the "Copilot Requests" account permission, or drop it and ' +
                PERMISSION_FIX +
                '.'
            : `The workflow token may not make Copilot requests: ${PERMISSION_FIX}.`
    },
    {
        name: 'organization policy for Copilot CLI is off',
        kind: 'policy',
        // A single model switched off by policy ("The requested model is disabled by your organization's
        // Copilot policy") is the next rule's: another model fixes it, not the CLI policy.
        matches: (r) => /requires an? (enterprise or organi[sz]ation|organi[sz]ation or enterprise) policy|copilot (cli )?policy|billed to the organi[sz]ation|denied by (copilot|organi[sz]ation) policy/i.test(r.message) && !/\bmodel\b[^.]{0,60}\b(disabled|not enabled|not allowed)\b/i.test(r.message),
        fix: () => 'The organization does not allow this use of Copilot: an organization owner must turn on "Allow use of Copilot CLI ' +
            'billed to the organization" (organization settings → Copilot → Policies; an enterprise may have to allow it first). ' +
            'A change can take a few minutes to apply.'
    },
    {
        name: 'model disabled by policy',
        kind: 'policy',
        matches: said(/model.{0,80}(disabled|not enabled|not allowed|policy)|no model available|model_not_supported|not available.{0,40}policy/i),
        fix: (_r, ctx) => `Model "${ctx.model}" is not enabled by the organization's Copilot model policies: choose another with the ` +
            '"model" input (for example gpt-5-mini, or auto) or ask an organization owner to enable it.'
    },
    {
        name: 'model unknown',
        kind: 'not-found',
        matches: said(/unknown_model|model_not_found|model.{0,60}(not found|not available|not supported|unknown|invalid)/i),
        fix: (_r, ctx) => `Copilot does not offer model "${ctx.model}": set the "model" input to one it offers (for example gpt-5-mini, or auto).`
    },
    {
        name: 'no Copilot licence',
        kind: 'policy',
        matches: said(/not licensed to use copilot|no (active )?copilot (subscription|license|licence|seat|access)|(does not|doesn't|do not|don't) have (access to )?(a |an )?(active )?copilot|not (entitled|subscribed) to copilot|copilot (is not|isn't) (enabled|available) for (this|your) (account|user)|not_entitled|no_copilot/i),
        fix: () => "The token's owner has no Copilot licence. With the workflow token the organization must have Copilot Business or " +
            'Enterprise (usage is billed to it); in a personal repository the owner needs a Copilot plan. Otherwise choose another provider.'
    },
    {
        name: 'quota or budget exhausted',
        kind: 'quota',
        matches: (r, status) => status === 402 ||
            /quota_exceeded|insufficient_quota|(credit|ai credits?).{0,30}(quota|budget|exhausted|exceeded)|(quota|budget).{0,30}(exceeded|exhausted|reached|used up)/i.test(r.message),
        fix: () => "Copilot's AI credit quota or budget is used up (402): an organization owner can raise the budget for AI credits in " +
            'the billing settings; runs resume when it resets. Not retried.'
    },
    {
        name: 'rate limited',
        kind: 'rate-limited',
        matches: (r, status) => status === 429 || r.errorType === 'rate_limit' || /rate.?limit/i.test(r.message),
        fix: (r) => {
            const retried = /retried (\d+) times?/i.exec(r.message)?.[1];
            const after = retried ? ` after the runtime retried ${retried} times` : '';
            return `Copilot is rate limiting requests${after}: run again later, or triage fewer issues per run.`;
        }
    },
    {
        name: 'prompt too large',
        kind: 'too-large',
        matches: (r, status) => status === 413 ||
            /context.{0,20}(length|window)|too (large|long)|exceeds the limit|tokens_limit_reached/i.test(r.message),
        fix: () => 'The request was too large for the model: lower "max-input-tokens".'
    },
    {
        name: 'token missing, expired or refused',
        kind: 'auth',
        matches: (r, status) => status === 401 ||
            r.errorType === 'authentication' ||
            /no authentication information|no github oauth token|bad credentials|unauthori[sz]ed|token.{0,20}(expired|revoked|invalid)/i.test(r.message),
        fix: (r) => {
            const status = reportStatus(r);
            return `Copilot rejected the token${status ? ` (${status})` : ''}: ${PERMISSION_FIX}.`;
        }
    },
    {
        name: 'forbidden',
        kind: 'policy',
        matches: (_r, status) => status === 403,
        fix: () => 'Copilot refused the request (403): check that the job has `copilot-requests: write` and that the organization ' +
            'allows "Copilot CLI billed to the organization".'
    },
    {
        name: 'service or network failure',
        kind: 'unavailable',
        matches: (r, status) => (status !== undefined && status >= 500) ||
            /ECONNRESET|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|fetch failed|socket hang up|network/i.test(r.message),
        fix: () => 'Copilot could not be reached or failed: try again later; a self-hosted runner needs access to GitHub.'
    },
    {
        name: 'runtime stopped',
        kind: 'unavailable',
        matches: said(/exited with code|CLI server exited|connection (is )?(closed|disposed)|spawn|ENOENT|unexpected argument/i),
        fix: () => 'The Copilot runtime stopped unexpectedly: check the log lines marked [CLI subprocess] above; unset COPILOT_CLI_PATH ' +
            'to use the runtime the action installs.'
    }
];
/** The names of the rules in order, for tests that check every rule is reachable. */
const RULE_NAMES = RULES.map((rule) => rule.name);
/** The status a report carries, or the one its message starts with ("402 You have…", "(HTTP 403)"). */
function reportStatus(report) {
    if (report.statusCode !== undefined)
        return report.statusCode;
    const m = /^(?:Error: )?([45]\d\d)\b|\((?:HTTP )?([45]\d\d)\)|\b([45]\d\d) (?:Unauthorized|Forbidden|Payment Required)/i.exec(report.message);
    const code = m?.[1] ?? m?.[2] ?? m?.[3];
    return code ? Number(code) : undefined;
}
/** The name of the rule that classifies a report, or undefined for the fallback; for tests. */
function ruleFor(report, ctx) {
    const status = reportStatus(report);
    return RULES.find((r) => r.matches(report, status, ctx))?.name;
}
/**
 * Turns what the runtime reported into one classified error whose message says what to change,
 * followed by the runtime's own words (which carry GitHub's request ID).
 */
function classifyRuntimeError(report, ctx) {
    const status = reportStatus(report);
    const rule = RULES.find((r) => r.matches(report, status, ctx));
    const words = (0,hygiene/* forLog */.Ig)(report.message, 300);
    const detail = words ? ` (Copilot said: "${words}")` : '';
    if (!rule) {
        return new types/* ProviderError */.m('unavailable', `The Copilot runtime failed${detail}.`, status);
    }
    return new types/* ProviderError */.m(rule.kind, `${rule.fix(report, ctx)}${detail}`, status);
}
/** A report from anything thrown by the SDK (which throws plain Errors without a status). */
function reportFromError(error) {
    if (error instanceof Error)
        return { message: error.message };
    return { message: String(error) };
}
/** True when an endpoint refused `response_format: json_schema` (some bring-your-own-key endpoints do). */
function isSchemaUnsupported(report) {
    const status = reportStatus(report);
    if (status !== undefined && status !== 400 && status !== 422)
        return false;
    const text = report.message.toLowerCase();
    return /response_format|json_schema|structured output/.test(text) && !/context|token/.test(text);
}
/** The error for a call that outlived its time limit; the runtime was stopped. */
function timeoutError(seconds) {
    return new types/* ProviderError */.m('unavailable', `The Copilot runtime gave no answer within ${seconds} s and was stopped. It retries rate limits and server ` +
        'errors on its own, so Copilot may be rate limiting or down: try again later.');
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/providers/copilot/resolve-runtime.ts



/** The Copilot CLI we install when the runner has none recent enough; the version the SDK was tested with. */
const PINNED_RUNTIME_VERSION = '1.0.102';
/**
 * What installing PINNED_RUNTIME_VERSION costs, said before npm starts. Measured for linux-x64: npm
 * fetches @github/copilot-linux-x64 1.0.102 as a 129 MB tarball that unpacks to 197 MB (the
 * @github/copilot package itself is a loader of a few kB). Measure again when the pin moves.
 */
const PINNED_RUNTIME_SIZE = 'about 130 MB to download and 200 MB on disk';
/** How long npm may take to install the runtime before it is killed: far more than a reachable registry needs. */
const INSTALL_TIMEOUT_MS = 120_000;
/**
 * npm's defaults retry a failed fetch twice, 10 s and then 60 s later, and wait 5 minutes for an
 * answer: 70 s before it reports a registry it cannot connect to. With one retry 2 s later, and 30 s
 * for the registry to start answering a request (not to finish a download), npm reports a refused
 * connection within seconds and a silent registry within about a minute; INSTALL_TIMEOUT_MS bounds the rest.
 */
const NPM_FETCH_ARGS = ['--fetch-retries=1', '--fetch-retry-mintimeout=2000', '--fetch-timeout=30000'];
/**
 * The oldest runtime we accept from the tool cache. 1.0.90 is the first that honours `responseFormat`
 * against Copilot itself, so every runtime we pick ourselves answers with structured output.
 */
const MIN_RUNTIME_VERSION = '1.0.90';
/** Runtimes from this version on take `responseFormat` (JSON schema) on a send. */
const STRUCTURED_OUTPUT_MIN_VERSION = '1.0.90';
/** The tool-cache name hosted Ubuntu runners keep the Copilot CLI under. */
const TOOL_NAME = 'copilot-cli';
// Layouts seen for the CLI: an npm package root, a `--prefix` install, a global install, a bare binary.
const ENTRY_CANDIDATES = [
    'node_modules/@github/copilot/npm-loader.js',
    'lib/node_modules/@github/copilot/npm-loader.js',
    'npm-loader.js',
    'bin/copilot',
    'copilot'
];
/** The file to spawn inside a runtime directory, or undefined when the directory holds no Copilot CLI. */
function locateEntry(dir, exists) {
    return ENTRY_CANDIDATES.map((candidate) => (0,external_node_path_.join)(dir, candidate)).find(exists);
}
/**
 * Compares two `x.y.z[-pre]` versions: negative when a < b, 0 when equal, positive when a > b;
 * undefined when either is not a version (tool-cache folders can hold anything).
 */
function compareVersions(a, b) {
    const pa = parseVersion(a);
    const pb = parseVersion(b);
    if (!pa || !pb)
        return undefined;
    for (let i = 0; i < 3; i++) {
        const diff = pa.parts[i] - pb.parts[i];
        if (diff !== 0)
            return diff;
    }
    // A prerelease sorts before its release.
    if (pa.pre === pb.pre)
        return 0;
    if (pa.pre === '')
        return 1;
    if (pb.pre === '')
        return -1;
    return pa.pre < pb.pre ? -1 : 1;
}
function parseVersion(text) {
    const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(text.trim());
    return m ? { parts: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? '' } : undefined;
}
/** True when a runtime of this version takes `responseFormat`; false when unknown or older. */
function supportsStructuredOutput(version) {
    if (version === undefined)
        return false;
    return (compareVersions(version, STRUCTURED_OUTPUT_MIN_VERSION) ?? -1) >= 0;
}
/**
 * Finds the Copilot CLI to drive: `COPILOT_CLI_PATH` when set; else the newest `copilot-cli` in the
 * tool cache at or above MIN_RUNTIME_VERSION; else installs PINNED_RUNTIME_VERSION from npm into
 * `<tempDir>/copilot-runtime` and caches it, so a later step of the job finds it in the tool cache.
 */
async function resolveRuntime(deps) {
    const now = deps.now ?? (() => performance.now());
    const started = now();
    const done = (path, source, version) => ({
        path,
        ...(version === undefined ? {} : { version }),
        source,
        ms: Math.round(now() - started)
    });
    const explicit = deps.env.COPILOT_CLI_PATH?.trim();
    if (explicit) {
        if (!deps.exists(explicit)) {
            throw new types/* ProviderError */.m('unavailable', `COPILOT_CLI_PATH is set to ${(0,hygiene/* forLog */.Ig)(explicit, 200)}, which does not exist: point it at the Copilot CLI ` +
                `(for example node_modules/@github/copilot/npm-loader.js) or unset it to let the action find or install one.`);
        }
        return done(explicit, 'env');
    }
    const cached = cachedRuntime(deps);
    if (cached)
        return done(cached.path, 'tool-cache', cached.version);
    const path = await install(deps);
    return done(path, 'installed', PINNED_RUNTIME_VERSION);
}
function cachedRuntime(deps) {
    let versions;
    try {
        versions = deps.toolCache.findAllVersions(TOOL_NAME);
    }
    catch {
        return undefined;
    }
    const usable = versions
        .filter((v) => (compareVersions(v, MIN_RUNTIME_VERSION) ?? -1) >= 0)
        .sort((a, b) => compareVersions(b, a) ?? 0);
    const tooOld = versions.filter((v) => !usable.includes(v));
    if (tooOld.length > 0) {
        deps.log?.(`Copilot CLI ${tooOld.join(', ')} in the tool cache is older than ${MIN_RUNTIME_VERSION}; not used.`);
    }
    for (const version of usable) {
        const dir = deps.toolCache.find(TOOL_NAME, version);
        const entry = dir ? locateEntry(dir, deps.exists) : undefined;
        if (entry)
            return { path: entry, version };
        deps.log?.(`Tool cache ${TOOL_NAME} ${version} holds no Copilot CLI entry point; skipped.`);
    }
    return undefined;
}
async function install(deps) {
    const prefix = (0,external_node_path_.join)(deps.tempDir, 'copilot-runtime');
    const spec = `@github/copilot@${PINNED_RUNTIME_VERSION}`;
    const limitMs = deps.installTimeoutMs ?? INSTALL_TIMEOUT_MS;
    deps.log?.(`Installing the Copilot runtime from npm: ${spec}, ${PINNED_RUNTIME_SIZE}, into ${prefix} ` +
        `(time limit ${duration(limitMs)}). Later steps on this runner take it from the tool cache.`);
    let stderr = '';
    const stop = new AbortController();
    let timer;
    const late = new Promise((resolve) => {
        timer = setTimeout(() => {
            resolve('late');
            stop.abort();
        }, limitMs);
    });
    const npm = deps.exec('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', ...NPM_FETCH_ARGS, spec], {
        silent: true,
        ignoreReturnCode: true,
        listeners: { stderr: (data) => void (stderr = (stderr + data.toString()).slice(-4000)) },
        signal: stop.signal
    });
    // Once the time is up, npm's end (killed: an AbortError) concerns no one.
    npm.catch(() => undefined);
    let code;
    try {
        code = await Promise.race([npm, late]);
    }
    catch (error) {
        if (!stop.signal.aborted)
            throw installError(spec, notStarted(error));
        code = 'late';
    }
    finally {
        clearTimeout(timer);
    }
    if (code === 'late')
        throw installTimeout(spec, limitMs);
    if (code !== 0)
        throw npmFailed(spec, code, stderr);
    const entry = locateEntry(prefix, deps.exists);
    if (!entry)
        throw installError(spec, `npm succeeded but ${prefix} holds no Copilot CLI entry point`);
    try {
        const cachedDir = await deps.toolCache.cacheDir(prefix, TOOL_NAME, PINNED_RUNTIME_VERSION);
        return locateEntry(cachedDir, deps.exists) ?? entry;
    }
    catch (error) {
        // Caching only saves the next step an install; this step can use the fresh copy.
        deps.log?.(`Could not add the Copilot CLI to the tool cache: ${error instanceof Error ? error.message : error}`);
        return entry;
    }
}
/** A time limit as the messages give it: seconds, or milliseconds for the tests' short ones. */
function duration(ms) {
    return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
const WAY_OUT = 'Install @github/copilot in an earlier step and set COPILOT_CLI_PATH to its npm-loader.js, or choose another provider.';
// npm's codes for a registry it cannot connect to or that does not answer (FETCH_ERROR: --fetch-timeout).
const UNREACHABLE = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|FETCH_ERROR)$/;
/** The error for an npm that exited non-zero: the registry out of reach said so, else npm's own reason. */
function npmFailed(spec, code, stderr) {
    const { errorCode, reason } = npmReason(stderr);
    const said = [errorCode, reason].filter(Boolean).join(', ') || 'no output';
    if (errorCode && UNREACHABLE.test(errorCode)) {
        const url = /(?:request to|timeout at:) (https?:\/\/\S+)/.exec(reason)?.[1];
        const registry = url && URL.canParse(url) ? ` at ${new URL(url).origin}` : '';
        return new types/* ProviderError */.m('unavailable', `Installing the Copilot runtime (npm install ${spec}) failed: the npm registry${registry} cannot be ` +
            `reached from this runner (npm said: ${(0,hygiene/* forLog */.Ig)(said, 400)}). ${WAY_OUT}`);
    }
    return installError(spec, `npm exited with ${code}: ${said}`);
}
/**
 * npm's error code and the first line that explains it, from its `npm error` lines; without the stack,
 * the error object dump, and the lines npm ends every failure with (the log file, the proxy hint).
 */
function npmReason(stderr) {
    const lines = stderr
        .split('\n')
        .map((line) => line.replace(/^npm (?:error|ERR!)\s?/, '').trimEnd())
        .filter(Boolean);
    const errorCode = lines.map((line) => /^code (\S+)$/.exec(line)?.[1]).find(Boolean);
    const reason = lines.find((line) => !/^(code|errno|syscall) \S+$|^\s|^[{}]|^A complete log of this run|^If you are behind a proxy|^Log files were not written/.test(line));
    return { ...(errorCode ? { errorCode } : {}), reason: (0,hygiene/* forLog */.Ig)(reason ?? '', 300) };
}
/** The error for an install that outlived its time limit; npm was killed. */
function installTimeout(spec, ms) {
    return new types/* ProviderError */.m('unavailable', `Installing the Copilot runtime (npm install ${spec}) did not finish within ${duration(ms)}, so npm was ` +
        `stopped: the npm registry is slow or unreachable from this runner. ${WAY_OUT}`);
}
/** Why npm could not be started: exec rejects when it is not on PATH. */
function notStarted(error) {
    if (error?.code === 'ENOENT')
        return 'npm is not on PATH';
    return error instanceof Error ? error.message : String(error);
}
/** The error for a runtime that could not be installed, saying how to provide one instead. */
function installError(spec, detail) {
    return new types/* ProviderError */.m('unavailable', `The Copilot runtime could not be installed (npm install ${spec}: ${(0,hygiene/* forLog */.Ig)(detail, 400)}). ` +
        `The runner needs npm and access to the npm registry. ${WAY_OUT}`);
}

;// CONCATENATED MODULE: ./src/providers/copilot/events.ts

/** A `session.error` carried out of the event handler with its report intact. */
class TurnError extends Error {
    report;
    constructor(report) {
        super(report.message);
        this.report = report;
    }
}
/** The report a `session.error` event carries. */
function errorReport(event) {
    const data = event.data ?? {};
    const message = typeof data.message === 'string' ? data.message : 'session error';
    return {
        message,
        ...(typeof data.errorType === 'string' ? { errorType: data.errorType } : {}),
        ...(typeof data.statusCode === 'number' ? { statusCode: data.statusCode } : {})
    };
}
/** The user message; each call is a fresh session, so a correction travels inside it. */
function userPrompt(request) {
    if (!request.correction)
        return request.user;
    return (`${request.user}\n\nYour previous answer was:\n${(0,hygiene/* bound */.$s)(request.correction.answer, 2000)}\n\n` +
        `That answer was not valid: ${request.correction.error}. Answer again with only the JSON object the schema describes.`);
}
/** The last answer and the summed usage of one turn's events. */
function collect(events, fallbackModel) {
    const turn = {
        text: '',
        model: fallbackModel,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0
    };
    for (const event of events) {
        const data = event.data ?? {};
        if (event.type === 'assistant.message' && typeof data.content === 'string')
            turn.text = data.content;
        if (event.type === 'assistant.usage') {
            turn.inputTokens += numberOr0(data.inputTokens);
            turn.outputTokens += numberOr0(data.outputTokens);
            turn.cacheReadTokens += numberOr0(data.cacheReadTokens);
            // With model "auto" the usage event names the model that really answered.
            if (typeof data.model === 'string' && data.model !== '')
                turn.model = data.model;
        }
    }
    return turn;
}
function numberOr0(value) {
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/providers/copilot/env.ts
// What a Node program needs to run, reach the network through the runner's proxy and trust its CAs.
// Everything else in the job's environment (GITHUB_TOKEN, INPUT_API-KEY, ACTIONS_* tokens) stays out.
const PASSED = [
    'PATH',
    'HOME',
    'USERPROFILE',
    'APPDATA',
    'LOCALAPPDATA',
    'SYSTEMROOT',
    'TEMP',
    'TMP',
    'TMPDIR',
    'RUNNER_TEMP',
    'LANG',
    'LC_ALL',
    // The runtime unpacks itself (~235 MB) under $XDG_CACHE_HOME or ~/.cache once per machine: a stable HOME
    // keeps the second call from paying for that again.
    'XDG_CACHE_HOME',
    'COPILOT_CACHE_HOME',
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'NO_PROXY',
    'http_proxy',
    'https_proxy',
    'no_proxy',
    'NODE_EXTRA_CA_CERTS',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR'
];
/**
 * The runtime's whole environment: the few variables above from the job, the token as
 * COPILOT_GITHUB_TOKEN (GitHub's documented way for Actions tokens), auto-update and telemetry off,
 * and for bring-your-own-key the COPILOT_PROVIDER_* settings.
 */
function runtimeEnv(source, token, model, byok) {
    const env = {};
    for (const name of PASSED) {
        const value = source[name];
        if (value !== undefined && value !== '')
            env[name] = value;
    }
    env.COPILOT_AUTO_UPDATE = 'false';
    // Read by the standalone server's native telemetry (the `copilot` command has a flag instead); the
    // documented per-session switch, enableSessionTelemetry: false, is set too.
    env.COPILOT_GITHUB_TELEMETRY_DISABLED = 'true';
    if (token !== '')
        env.COPILOT_GITHUB_TOKEN = token;
    if (byok) {
        env.COPILOT_PROVIDER_BASE_URL = byok.baseUrl;
        env.COPILOT_PROVIDER_API_KEY = byok.apiKey;
        env.COPILOT_PROVIDER_TYPE = byok.type;
        env.COPILOT_MODEL = model;
        if (byok.offline)
            env.COPILOT_OFFLINE = 'true';
    }
    return env;
}

;// CONCATENATED MODULE: ./src/providers/copilot/start-runtime.ts



// Checked against runtime 1.0.102 (the e2e tests start both with exactly these); the SDK adds
// --headless --no-auto-update --no-auto-login --stdio itself. The `copilot` command's JavaScript layer
// takes the first two: no client telemetry, and none of its built-in MCP servers (the GitHub one would
// hold the token as a tool). The standalone server exits on any flag it does not know, so it gets the
// same guarantees per session (CLEAN_SESSION) and through its environment.
/** Flags for the `copilot` command (npm-loader.js or the binary). */
const CLI_ARGS = ['--disable-client-telemetry', '--disable-builtin-mcps', '--no-custom-instructions'];
/** Flags for the standalone server, `copilot-runtime`. */
const SERVER_ARGS = ['--no-custom-instructions'];
/**
 * Names the variable that holds the token. With --no-auto-login (which keeps a runner's own `gh`
 * login and stored credentials out) both runtimes ignore COPILOT_GITHUB_TOKEN unless told to read it
 * ("No GitHub OAuth token or Copilot HMAC key provided"); the token itself stays in the environment.
 */
const TOKEN_ARGS = ['--auth-token-env', 'COPILOT_GITHUB_TOKEN'];
/**
 * Session settings that keep the runtime's own features out of a call: the SDK's "empty mode" values,
 * set one by one so no extra round trip is needed. The built-in GitHub MCP server is named, because
 * a disabled server is never started or handed the token.
 */
const CLEAN_SESSION = {
    availableTools: [],
    skipCustomInstructions: true,
    disabledMcpServers: ['github-mcp-server'],
    enableSessionTelemetry: false,
    enableSkills: false,
    enableSessionStore: false,
    enableHostGitOperations: false,
    enableFileHooks: false,
    enableOnDemandInstructionDiscovery: false,
    skipEmbeddingRetrieval: true,
    memory: { enabled: false }
};
/**
 * Starts one runtime process (the standalone server when there is one) in a fresh COPILOT_HOME and an
 * empty working directory. Resolves once it is spawned; `started` settles when it answers.
 */
async function boot(runtime, options) {
    const home = await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.tempDir, 'copilot-home-'));
    const work = await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.tempDir, 'copilot-work-'));
    const client = options.clients({
        cliPath: runtime.server ?? runtime.path,
        args: [...(runtime.server ? SERVER_ARGS : CLI_ARGS), ...(options.token ? TOKEN_ARGS : [])],
        home,
        workingDirectory: work,
        env: runtimeEnv(options.env, options.token, options.model, options.byok)
    });
    const booted = { client, home, work, started: client.start() };
    booted.started.catch(() => undefined);
    return booted;
}
/**
 * Ends a runtime and removes its folders. It is killed, not asked to stop: by now the answer is in
 * and nothing of its state is kept, while a graceful stop (flushing session state, then waiting for
 * the exit) would add 50–350 ms to every run. Its children are short-lived git and pgrep calls, no servers.
 */
async function end(booted) {
    await booted.client.forceStop().catch(() => undefined);
    await Promise.all([booted.home, booted.work].map((dir) => (0,promises_.rm)(dir, { recursive: true, force: true }).catch(() => { })));
}

;// CONCATENATED MODULE: ./src/providers/copilot/provider.ts








/**
 * The `copilot` provider: one Copilot runtime process and one clean session per call (our system
 * message only, no tools, no custom instructions, an empty working directory), answer in JSON by
 * schema when the runtime supports it. The runtime is ended as soon as the answer is in, or at the time limit.
 */
class CopilotProvider {
    options;
    name = 'copilot';
    model;
    runtime;
    warm;
    schemaRefused = false;
    spent = {
        calls: 0,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        credits: 0,
        unpricedCalls: 0
    };
    log;
    pace;
    constructor(options) {
        this.options = options;
        this.model = options.model;
        this.log = options.log ?? { info: core.info, debug: core.debug };
        this.pace = new pace/* ModelPace */.p(options.requestsPerMinute, undefined, (seconds, why) => this.log.info(`Copilot: ${why}; waiting ${seconds} s.`));
    }
    /** Tokens and credits spent so far, for the summary, the `result` output and `max-ai-credits`. */
    get usage() {
        return { ...this.spent };
    }
    async complete(request) {
        if (!this.options.byok) {
            const refused = checkToken(this.options.token);
            if (refused)
                throw refused;
        }
        const max = this.options.maxCredits;
        if (max !== undefined && this.spent.credits >= max) {
            throw new types/* ProviderError */.m('quota', `This run has spent ${this.spent.credits.toFixed(2)} AI credits, reaching "max-ai-credits" (${max}): ` +
                'no further model calls. Raise "max-ai-credits" to triage more per run.');
        }
        const runtime = await this.resolveRuntime();
        const started = performance.now();
        let attempts = 0;
        for (;;) {
            attempts++;
            const structured = !this.schemaRefused;
            try {
                await this.pace.turn();
                const turn = await this.call(runtime, request, structured);
                return this.reply(turn, started, attempts);
            }
            catch (error) {
                const report = error instanceof TurnError ? error.report : undefined;
                if (report && structured && isSchemaUnsupported(report)) {
                    // Some bring-your-own-key endpoints refuse json_schema: ask by instruction, as openai.ts does.
                    this.schemaRefused = true;
                    continue;
                }
                if (error instanceof types/* ProviderError */.m)
                    throw error;
                throw classifyRuntimeError(report ?? reportFromError(error), this.errorContext());
            }
        }
    }
    resolveRuntime() {
        this.runtime ??= this.options.runtime().then((runtime) => {
            const version = runtime.version ?? 'version reported at start';
            const host = runtime.server ? `; standalone server ${runtime.server}` : '';
            this.log.info(`Copilot runtime ${version} (${runtime.source}: ${runtime.path}${host}) resolved in ${runtime.ms} ms`);
            return runtime;
        });
        return this.runtime;
    }
    /**
     * Starts a runtime ahead of the first call, so its boot overlaps the run's GitHub reads. `close()`
     * ends it if no call takes it. (Opening a throw-away session ahead too, to take the runtime's
     * one-time session set-up off the call, was measured: no gain, as the reads end first.)
     */
    prepare() {
        if (this.warm || (this.options.byok === undefined && checkToken(this.options.token)))
            return;
        this.warm = this.resolveRuntime().then((runtime) => this.boot(runtime));
        this.warm.catch(() => undefined);
    }
    /** Ends a runtime that was started ahead and never used. */
    async close() {
        const warm = this.warm;
        this.warm = undefined;
        if (!warm)
            return;
        const booted = await warm.catch(() => undefined);
        if (booted)
            await end(booted);
    }
    boot(runtime) {
        const { clients, tempDir, token, byok } = this.options;
        const env = this.options.env ?? process.env;
        return boot(runtime, { clients, tempDir, env, token, model: this.model, ...(byok ? { byok } : {}) });
    }
    async call(runtime, request, allowSchema) {
        const warm = this.warm;
        this.warm = undefined;
        const booted = (warm ? await warm.catch(() => undefined) : undefined) ?? (await this.boot(runtime));
        const client = booted.client;
        const seconds = Math.round((this.options.timeoutMs ?? 120_000) / 1000);
        let timer;
        const limit = new Promise((_, reject) => {
            timer = setTimeout(() => {
                // forceStop kills the process, which also ends any retry loop inside the runtime.
                client.forceStop().catch(() => undefined);
                reject(timeoutError(seconds));
            }, this.options.timeoutMs ?? 120_000);
        });
        try {
            return await Promise.race([this.turn(booted, runtime, request, allowSchema), limit]);
        }
        finally {
            clearTimeout(timer);
            await end(booted);
        }
    }
    async turn(booted, runtime, request, allowSchema) {
        const { client, work } = booted;
        await booted.started;
        const version = runtime.version ?? (await client.version().catch(() => undefined));
        const structured = allowSchema && supportsStructuredOutput(version);
        if (allowSchema && !structured) {
            this.log.debug(`Copilot runtime ${version ?? 'of unknown version'} predates responseFormat; JSON by instruction`);
        }
        const system = structured
            ? request.system
            : `${request.system}\n\nThe answer must be a JSON object valid against this JSON schema:\n${JSON.stringify(request.schema.schema)}`;
        const session = await client.createSession(this.settings(system, work));
        const events = [];
        const idle = new Promise((resolve, reject) => {
            session.on((event) => {
                events.push(event);
                if (event.type === 'session.idle')
                    resolve();
                if (event.type === 'session.error')
                    reject(new TurnError(errorReport(event)));
            });
        });
        // A session.error may arrive while send is still pending; it is read at `await idle`.
        idle.catch(() => undefined);
        await session.send({
            prompt: userPrompt(request),
            ...(structured
                ? {
                    responseFormat: {
                        type: 'json_schema',
                        jsonSchema: { name: request.schema.name, strict: true, schema: request.schema.schema }
                    }
                }
                : {})
        });
        // No disconnect: the session dies with the process, which end() kills right after.
        await idle;
        return { ...collect(events, this.model), structured };
    }
    settings(system, work) {
        const byok = this.options.byok;
        return {
            model: this.model,
            reasoningEffort: 'low',
            systemMessage: { mode: 'replace', content: system },
            ...CLEAN_SESSION,
            workingDirectory: work,
            ...(byok ? { provider: { type: byok.type, baseUrl: byok.baseUrl, apiKey: byok.apiKey } } : {})
        };
    }
    reply(turn, started, attempts) {
        const credits = estimateCredits(turn.model, turn);
        this.spent.calls++;
        this.spent.inputTokens += turn.inputTokens;
        this.spent.outputTokens += turn.outputTokens;
        this.spent.cacheReadTokens += turn.cacheReadTokens;
        if (credits === undefined)
            this.spent.unpricedCalls++;
        else
            this.spent.credits += credits;
        return {
            text: turn.text,
            model: turn.model,
            promptTokens: turn.inputTokens,
            completionTokens: turn.outputTokens,
            latencyMs: Math.round(performance.now() - started),
            attempts,
            structured: turn.structured,
            ...(credits === undefined ? {} : { credits })
        };
    }
    errorContext() {
        return {
            model: this.model,
            tokenKind: tokenKind(this.options.token),
            byok: this.options.byok !== undefined
        };
    }
}

// EXTERNAL MODULE: ./node_modules/@github/copilot-sdk/dist/index.js + 13 modules
var dist = __webpack_require__(3182);
;// CONCATENATED MODULE: ./src/providers/copilot/open-session.ts

/**
 * Starts runtimes through `@github/copilot-sdk` over stdio. The SDK itself adds `--headless
 * --no-auto-update --no-auto-login --stdio`; ncc bundles it to about 0.5 MB, because its native FFI
 * host (koffi) is only loaded for the in-process mode we never use. Runtimes are only ever killed
 * (see end() in start-runtime.ts), so the SDK's graceful stop is not adapted.
 */
const sdkClientFactory = (settings) => {
    const client = new dist/* CopilotClient */.ue({
        connection: dist/* RuntimeConnection */.$6.forStdio({ path: settings.cliPath, args: settings.args }),
        baseDirectory: settings.home,
        workingDirectory: settings.workingDirectory,
        useLoggedInUser: false,
        logLevel: 'error',
        env: settings.env
    });
    return {
        start: () => client.start(),
        version: async () => (await client.getStatus()).version,
        createSession: async (config) => {
            const session = await client.createSession({
                ...config,
                // No tools means nothing to approve; refuse anyway in case a runtime adds one.
                onPermissionRequest: () => ({ kind: 'reject' })
            });
            return {
                on: (handler) => session.on((event) => handler(event)),
                // responseFormat is on the raw RPC only in SDK 1.0.14 (responseSchema arrives in 1.0.16).
                // Our schema is plain JSON; the SDK types it as its own JsonValue.
                send: (request) => session.rpc.send(request)
            };
        },
        forceStop: () => client.forceStop()
    };
};

;// CONCATENATED MODULE: ./src/providers/copilot/locate-server.ts



/** The CLI's name for this machine's platform: linux-x64, linuxmusl-arm64, darwin-arm64, win32-x64. */
function runtimePlatform() {
    const report = process.report?.getReport();
    const musl = process.platform === 'linux' && report?.header?.glibcVersionRuntime === undefined;
    return `${musl ? 'linuxmusl' : process.platform}-${process.arch}`;
}
/**
 * The standalone server that belongs to a resolved CLI, or undefined when there is none: the entry
 * itself when it is the server, one next to it (an unpacked package), or the one the `copilot` binary
 * unpacks into the CLI's package cache, unpacking it first when needed.
 */
async function locateServer(runtime, deps) {
    const os = deps.os ?? process.platform;
    const server = os === 'win32' ? 'copilot-runtime.exe' : 'copilot-runtime';
    const entry = runtime.path;
    if ((0,external_node_path_.basename)(entry) === server)
        return entry;
    const beside = unpackedServer((0,external_node_path_.dirname)(entry), deps, server);
    if (beside)
        return beside;
    const binary = seaBinary(entry, deps);
    const version = runtime.version ?? (binary && versionBeside(binary, deps));
    if (!binary || !version)
        return undefined;
    const dir = (0,external_node_path_.join)(packageCache(deps, os), deps.platform, version);
    const cached = unpackedServer(dir, deps, server, true);
    if (cached)
        return cached;
    const started = performance.now();
    const env = { ...runtimeEnv(deps.env, '', ''), COPILOT_SEA_EXTRACT_ONLY: '1' };
    const code = await deps
        .exec(binary, ['--binary-version'], { silent: true, ignoreReturnCode: true, env })
        .catch(() => -1);
    const unpacked = unpackedServer(dir, deps, server, true);
    const ms = Math.round(performance.now() - started);
    deps.log?.(unpacked
        ? `Unpacked the Copilot runtime ${version} into ${dir} in ${ms} ms`
        : `Could not unpack the Copilot runtime's standalone server (exit ${code}); using the copilot command`);
    return unpacked;
}
/** The server in an unpacked CLI package folder, with the runtime library it loads. */
function unpackedServer(dir, deps, server, needsMarker = false) {
    const prebuilds = (0,external_node_path_.join)(dir, 'prebuilds', deps.platform);
    const path = (0,external_node_path_.join)(prebuilds, server);
    // The binary writes the marker last, so a half-unpacked folder (another job still unpacking) is skipped.
    if (needsMarker && !deps.exists((0,external_node_path_.join)(dir, '.extraction-complete')))
        return undefined;
    return deps.exists(path) && deps.exists((0,external_node_path_.join)(prebuilds, 'runtime.node')) ? path : undefined;
}
/** The self-unpacking `copilot` binary behind an entry: the entry itself, or the platform package npm-loader.js starts. */
function seaBinary(entry, deps) {
    const name = (0,external_node_path_.basename)(entry);
    if (name === 'copilot' || name === 'copilot.exe')
        return entry;
    if (name !== 'npm-loader.js')
        return undefined;
    const pkg = `copilot-${deps.platform}`;
    const exe = deps.platform.startsWith('win32') ? 'copilot.exe' : 'copilot';
    return [
        (0,external_node_path_.join)((0,external_node_path_.dirname)(entry), 'node_modules', '@github', pkg, exe),
        (0,external_node_path_.join)((0,external_node_path_.dirname)(entry), '..', pkg, exe)
    ].find(deps.exists);
}
/** The version in the package.json next to a binary (npm's platform packages have one). */
function versionBeside(binary, deps) {
    try {
        const text = deps.readText((0,external_node_path_.join)((0,external_node_path_.dirname)(binary), 'package.json'));
        const version = text === undefined ? undefined : JSON.parse(text).version;
        return typeof version === 'string' && /^\d+\.\d+\.\d+/.test(version) ? version : undefined;
    }
    catch {
        return undefined;
    }
}
/** Where the `copilot` binary unpacks itself, computed from the same variables the runtime is given. */
function packageCache(deps, os) {
    const env = deps.env;
    if (env.COPILOT_CACHE_HOME)
        return (0,external_node_path_.join)(env.COPILOT_CACHE_HOME, 'pkg');
    const home = (os === 'win32' ? env.USERPROFILE : env.HOME) || (0,external_node_os_.homedir)();
    if (os === 'darwin')
        return (0,external_node_path_.join)(home, 'Library', 'Caches', 'copilot', 'pkg');
    if (os === 'win32')
        return (0,external_node_path_.join)(env.LOCALAPPDATA || (0,external_node_path_.join)(home, '.cache'), 'copilot', 'pkg');
    return (0,external_node_path_.join)(env.XDG_CACHE_HOME || (0,external_node_path_.join)(home, '.cache'), 'copilot', 'pkg');
}

;// CONCATENATED MODULE: ./src/providers/copilot/index.ts
/**
 * The `copilot` provider. A call goes through its stages in this order, one file each:
 *   resolve-runtime  finds the Copilot CLI (COPILOT_CLI_PATH, the tool cache) or installs it from npm;
 *   locate-server    finds that CLI's standalone server, which answers sooner than the `copilot` command;
 *   start-runtime    starts one runtime process per call, in fresh folders;
 *   open-session     opens a clean session on it through @github/copilot-sdk;
 *   classify-errors  turns what the runtime reported into a message that names the fix.
 * provider.ts runs the stages for each call; events.ts reads a session's events into the answer,
 * credits.ts prices it, env.ts builds the runtime's environment, exec.ts runs npm and the CLI.
 */











/**
 * Builds the `copilot` provider. Nothing starts here: the runtime is resolved (found in the tool
 * cache or installed, then its standalone server located) ahead of or on the first call, and started
 * once per call.
 */
function createCopilotProvider(options) {
    const env = options.env ?? process.env;
    const tempDir = env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    const deps = {
        toolCache: { find: tool_cache/* find */.I6, findAllVersions: tool_cache/* findAllVersions */.iq, cacheDir: tool_cache/* cacheDir */.e8 },
        exec: exec_exec,
        exists: external_node_fs_.existsSync,
        env,
        tempDir,
        log: core.info,
        ...options.deps
    };
    // The runtime's own bring-your-own-key variables, when the job sets them: a model of your own
    // behind the Copilot runtime (and how the end-to-end tests reach the loopback model emulator).
    const byok = options.byok ??
        (env.COPILOT_PROVIDER_BASE_URL
            ? {
                type: env.COPILOT_PROVIDER_TYPE ?? 'openai',
                baseUrl: env.COPILOT_PROVIDER_BASE_URL,
                apiKey: env.COPILOT_PROVIDER_API_KEY ?? '',
                offline: env.COPILOT_OFFLINE === 'true'
            }
            : undefined);
    return new CopilotProvider({
        model: options.model,
        token: options.token,
        runtime: () => resolveWithServer(deps, options.deps),
        clients: options.clients ?? sdkClientFactory,
        tempDir,
        env,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(options.maxCredits === undefined ? {} : { maxCredits: options.maxCredits }),
        ...(options.requestsPerMinute === undefined ? {} : { requestsPerMinute: options.requestsPerMinute }),
        ...(byok === undefined ? {} : { byok })
    });
}
/** Resolves the CLI, then its standalone server; the time reported covers both. */
async function resolveWithServer(deps, overrides = {}) {
    const started = performance.now();
    const runtime = await resolveRuntime(deps);
    const server = await locateServer(runtime, {
        exists: deps.exists,
        readText: (path) => (deps.exists(path) ? (0,external_node_fs_.readFileSync)(path, 'utf8') : undefined),
        exec: deps.exec,
        env: deps.env,
        platform: runtimePlatform(),
        ...(deps.log ? { log: deps.log } : {}),
        ...overrides
    });
    return {
        ...runtime,
        ...(server ? { server } : {}),
        ms: Math.round(performance.now() - started)
    };
}


/***/ }),

/***/ 9351:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ ModelPace)
/* harmony export */ });
/* harmony import */ var _pacing_rolling_window_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6642);

/**
 * Keeps one run's model requests within the endpoint's limit, across every issue in flight: at most
 * `model-rpm` a minute when given, otherwise the per-minute limit the answers state; after a 429 (or an
 * answer saying nothing is left) no request starts before the wait it named. So a backlog runs at the
 * limit instead of bouncing off it.
 */
class ModelPace {
    fixedRpm;
    clock;
    onWait;
    probeFirst;
    window;
    pausedUntil = 0;
    /**
     * With `probeFirst`, the first request goes alone: until an answer tells the limit, a burst of the
     * issues in flight could pass a small one.
     */
    probe;
    settleProbe;
    constructor(fixedRpm, clock = _pacing_rolling_window_js__WEBPACK_IMPORTED_MODULE_0__/* .realClock */ .dQ, onWait, probeFirst = false) {
        this.fixedRpm = fixedRpm;
        this.clock = clock;
        this.onWait = onWait;
        this.probeFirst = probeFirst;
        this.window = new _pacing_rolling_window_js__WEBPACK_IMPORTED_MODULE_0__/* .RollingWindow */ .Q(fixedRpm ?? Number.POSITIVE_INFINITY, 60_000 + _pacing_rolling_window_js__WEBPACK_IMPORTED_MODULE_0__/* .SLACK_MS */ .ED, clock);
    }
    /** The limit kept now (undefined while none is known). */
    get requestsPerMinute() {
        return Number.isFinite(this.window.limit) ? this.window.limit : undefined;
    }
    /**
     * Waits until a request may start, and counts it. `waited`: the caller has just slept out the pause
     * itself (the request that met the 429).
     */
    async turn(waited = false) {
        if (this.probeFirst && this.fixedRpm === undefined) {
            if (this.probe)
                await this.probe;
            else
                this.probe = new Promise((resolve) => (this.settleProbe = resolve));
        }
        const paused = this.pausedUntil - this.clock.now();
        if (paused > 0 && !waited)
            await this.clock.sleep(paused);
        await this.window.take((ms) => {
            if (ms >= 1000)
                this.onWait?.(Math.ceil(ms / 1000), `at its limit of ${this.window.limit} requests a minute`);
        });
    }
    /**
     * Takes in what an answer said of the limit. "Nothing remaining" holds requests back until the reset
     * only while no per-minute limit is known: OpenAI's reset is when the whole limit is back, up to a
     * minute away, while the window frees a request as soon as the oldest leaves it (waiting for the
     * reset made the backlog benchmark 25 % slower).
     */
    learn(stated) {
        if (this.fixedRpm === undefined && stated.limit !== undefined && stated.limit > 0)
            this.window.limit = stated.limit;
        if (stated.remaining === 0 && stated.resetSeconds !== undefined && this.requestsPerMinute === undefined)
            this.pause(stated.resetSeconds);
    }
    /** The first request was answered (or failed): the others may go, within what was learnt. */
    settle() {
        this.settleProbe?.();
    }
    /** No request starts for this many seconds (a 429's retry-after). */
    pause(seconds) {
        this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + seconds * 1000);
    }
}


/***/ })

};
