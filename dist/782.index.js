export const id = 782;
export const ids = [782];
export const modules = {

/***/ 7401:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseConfig: () => (/* binding */ parseConfig)
});

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 6 modules
var schemas = __webpack_require__(0);
// EXTERNAL MODULE: ./src/inputs/choices.ts
var choices = __webpack_require__(297);
;// CONCATENATED MODULE: ./src/config/schema.ts


const globList = schemas/* array */.YOg(schemas/* string */.YjP().min(1).max(200)).max(500);
/**
 * The repository config file (`.github/triage.yml`): everything the inputs can say except
 * credentials, plus what inputs cannot say well. The JSON Schema published as
 * `triage.schema.json` is generated from this, so editors and the run check the same rules.
 */
const configSchema = schemas/* strictObject */.rej({
    provider: schemas/* enum */.k5n(choices/* PROVIDERS */.xq).describe('Where the model runs (inputs override).'),
    endpoint: schemas/* string */.YjP().url().describe('OpenAI-compatible base URL, ending before /chat/completions.'),
    model: schemas/* string */.YjP().min(1).max(200),
    mode: schemas/* enum */.k5n(choices/* MODE_INPUTS */.Mq),
    labels: globList.describe('Globs of labels the action may apply.'),
    'exclude-labels': globList.describe('Globs of labels the action never applies.'),
    'max-labels': schemas/* number */.aig().int().min(0).max(20),
    'min-confidence': schemas/* number */.aig().min(0).max(1),
    'issue-numbers': schemas/* union */.KCZ([schemas/* string */.YjP().max(2000), schemas/* array */.YOg(schemas/* number */.aig().int().positive()).max(10_000)])
        .describe('Backlog runs: issue numbers and ranges, e.g. "12, 40-60".'),
    query: schemas/* string */.YjP()
        .max(200)
        .describe('Backlog runs: issue-search qualifiers, e.g. "is:open no:label" (repo: and is:issue are added).'),
    'max-issues': schemas/* number */.aig().int().min(1).max(10_000).describe('Backlog runs: most issues one run triages.'),
    'backtest-limit': schemas/* number */.aig()
        .int()
        .min(1)
        .max(1000)
        .describe('mode backtest: how many of the recent issues people labelled to replay.'),
    'max-minutes': schemas/* number */.aig()
        .int()
        .min(1)
        .max(360)
        .describe('Backlog runs: start no new issue after this many minutes.'),
    'max-input-tokens': schemas/* number */.aig().int().min(1000).max(1_000_000),
    'fail-on-error': schemas/* boolean */.zMY(),
    'max-ai-credits': schemas/* number */.aig().positive().describe('Copilot: most AI credits one run may spend.'),
    'model-rpm': schemas/* number */.aig()
        .int()
        .min(1)
        .max(100_000)
        .describe("Most model requests a minute; unset: learned from the endpoint's rate-limit headers."),
    'history-limit': schemas/* number */.aig()
        .int()
        .min(10)
        .max(10_000)
        .describe('provider history: how many of the most recent issues people labelled to learn from.'),
    'history-max-age': schemas/* number */.aig()
        .int()
        .min(0)
        .max(365)
        .describe('provider history: retrain when the stored classifier is older than this many days.'),
    'fallback-provider': schemas/* enum */.k5n(choices/* FALLBACK_PROVIDERS */.uH)
        .describe('Triage with this provider when the chosen one refuses (retired, no licence, quota, unreachable).'),
    instructions: schemas/* string */.YjP().max(20_000).describe('Extra guidance for the model.'),
    'prompt-file': schemas/* string */.YjP().min(1).max(300).describe('A GitHub .prompt.yml file in the repository.'),
    'label-guidance': schemas/* record */.g1P(schemas/* string */.YjP().min(1).max(200), schemas/* string */.YjP().min(1).max(1000))
        .describe('Per-label guidance shown to the model, e.g. "area/cli": "the command-line interface".'),
    'exclusive-groups': globList.describe('Globs such as "kind/*": at most one label of each group on an issue.'),
    aliases: schemas/* record */.g1P(schemas/* string */.YjP().min(1).max(200), schemas/* string */.YjP().min(1).max(200))
        .describe('Other names for labels: alias → the repository label it means.'),
    'type-rules': schemas/* array */.YOg(schemas/* strictObject */.rej({ label: schemas/* string */.YjP().min(1), type: schemas/* string */.YjP().min(1) }))
        .max(100)
        .describe('Set this issue type whenever a label matching `label` is applied.'),
    'type-guidance': schemas/* record */.g1P(schemas/* string */.YjP().min(1).max(100), schemas/* string */.YjP().min(1).max(1000)),
    dedupe: schemas/* boolean */.zMY().describe('Look for likely duplicates among earlier issues.'),
    'duplicate-label': schemas/* string */.YjP().min(1).max(50).describe('Label for likely duplicates.'),
    'max-candidates': schemas/* number */.aig().int().min(1).max(30),
    'dedupe-include-closed': schemas/* boolean */.zMY().describe('Also offer closed issues as originals.'),
    'duplicate-confidence': schemas/* number */.aig().min(0).max(1),
    'close-duplicates-after': schemas/* number */.aig()
        .int()
        .min(1)
        .max(365)
        .describe('Days before a scheduled run closes an unchallenged likely duplicate.'),
    'create-labels': schemas/* boolean */.zMY().describe('Create the duplicate label when the repository lacks it.'),
    comment: schemas/* strictObject */.rej({ intro: schemas/* string */.YjP().max(500), footer: schemas/* string */.YjP().max(500) })
        .partial()
        .describe("Wording of the action's comment (used by duplicate detection).")
})
    .partial();
/** The JSON Schema for editors, generated from the same definition the run validates with. */
function configJsonSchema() {
    return {
        $id: 'https://github.com/OWNER/REPO/blob/main/triage.schema.json',
        title: 'Issue triage configuration (.github/triage.yml)',
        ...z.toJSONSchema(configSchema, { target: 'draft-7' })
    };
}

;// CONCATENATED MODULE: ./src/config/parse.ts



const SECRET_KEYS = ['api-key', 'token', 'apiKey', 'api_key'];
/**
 * Parses and validates the config file's text. Errors name the file, the line and the field, and
 * say what is allowed.
 */
function parseConfig(text, path) {
    const lines = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
        const e = doc.errors[0];
        const at = lines.linePos(e.pos[0]);
        throw new errors/* InputError */.d(`${path} line ${at.line}: not valid YAML (${e.message.split('\n')[0]}).`);
    }
    const value = doc.toJS() ?? {};
    if (typeof value !== 'object' || Array.isArray(value)) {
        throw new errors/* InputError */.d(`${path}: expected a mapping of settings such as "max-labels: 3".`);
    }
    for (const key of SECRET_KEYS) {
        if (key in value) {
            throw new errors/* InputError */.d(`${path}: "${key}" must not be in a committed file; pass it as an input from a secret.`);
        }
    }
    const parsed = configSchema.safeParse(value);
    if (!parsed.success) {
        // An unknown key (a typo) explains the other errors it causes, so it is reported first.
        const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0];
        const field = issue.path.join('.');
        // Point at the offending node, or its parent when the key itself is unknown.
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
        const nodePath = keys.length > 0 ? [...issue.path, keys[0]] : issue.path;
        const node = doc.getIn(nodePath, true) ?? doc.getIn(issue.path, true);
        const line = (0,dist/* isNode */.Ll)(node) && node.range ? lines.linePos(node.range[0]).line : undefined;
        const where = line ? `${path} line ${line}` : path;
        const what = keys.length > 0 ? `unknown setting "${keys.join('", "')}"` : `${field || 'file'}: ${issue.message}`;
        throw new errors/* InputError */.d(`${where}: ${what}. See triage.schema.json for every setting.`);
    }
    return parsed.data;
}


/***/ })

};
