export const id = 379;
export const ids = [379];
export const modules = {

/***/ 5379:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  classifierForRun: () => (/* binding */ classifierForRun)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/policy/labels.ts
var labels = __webpack_require__(5447);
// EXTERNAL MODULE: ./src/gather/issue.ts
var issue = __webpack_require__(7168);
;// CONCATENATED MODULE: ./src/gather/labelled-history.ts


/** Body characters kept per issue: the classifier reads the first 4,000. */
const BODY_CHARS = 4_000;
const PAGE = 100;
// Label events per issue read in the page; an issue relabelled more often than this is rare, and its
// first events are the ones that decided it.
const EVENTS = 40;
/** Issues read at most, however few were labelled by people: about 100 requests. */
const EXAMINE_CAP = 10_000;
const QUERY = `query LabelledHistory($owner: String!, $repo: String!, $first: Int!, $events: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    issues(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }, states: [OPEN, CLOSED]) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number
        title
        body
        createdAt
        author { __typename login }
        timelineItems(first: $events, itemTypes: [LABELED_EVENT, UNLABELED_EVENT]) {
          nodes {
            __typename
            ... on LabeledEvent { createdAt actor { __typename login } label { name } }
            ... on UnlabeledEvent { createdAt actor { __typename login } label { name } }
          }
        }
      }
    }
  }
}`;
/** GraphQL's timeline items in the REST events' shape, so historyOf reads both alike. */
function asEvents(nodes) {
    return nodes.flatMap((node) => {
        if (!node?.label || !node.actor)
            return [];
        const event = node.__typename === 'LabeledEvent' ? 'labeled' : 'unlabeled';
        const bot = node.actor.__typename === 'Bot';
        return [
            {
                event,
                label: { name: node.label.name },
                actor: { login: bot ? `${node.actor.login}[bot]` : node.actor.login, type: bot ? 'Bot' : 'User' },
                ...(node.createdAt ? { created_at: node.createdAt } : {})
            }
        ];
    });
}
/**
 * The labels people applied to an issue and kept, among `allowed`: added by someone who is not a bot
 * and not `identity` (a personal token's owner running this action), and not taken off again by a
 * person.
 */
function keptByPeople(events, identity, allowed) {
    const theirs = events.filter((e) => (0,issue/* loginKey */.H$)(e.actor?.login ?? '') !== identity);
    return (0,issue/* historyOf */.om)(theirs)
        .addedByPeople.map((key) => allowed.get(key))
        .filter((name) => name !== undefined);
}
/**
 * Reads the most recent issues people labelled (at most `limit`, examining at most EXAMINE_CAP),
 * newest first. Pull requests are not in GraphQL's `issues`; issues opened by bots are left out, as
 * triage skips them. `types` reads each issue's current type from REST's list (GraphQL's schema lacks it
 * on GitHub Enterprise Server) for repositories that have types.
 */
async function readLabelledHistory(octokit, ref, opts) {
    const allowed = new Map(opts.allowed.map((l) => [(0,labels/* nameKey */.Rc)(l.name), l.name]));
    const issues = [];
    let examined = 0;
    let requests = 0;
    let after = null;
    while (issues.length < opts.limit && examined < EXAMINE_CAP) {
        const data = await octokit.graphql(QUERY, {
            owner: ref.owner,
            repo: ref.repo,
            first: PAGE,
            events: EVENTS,
            after
        });
        requests++;
        const connection = data.repository?.issues;
        if (!connection)
            throw new Error(`GitHub found no repository ${ref.owner}/${ref.repo} to read issues from`);
        for (const node of connection.nodes) {
            if (!node)
                continue;
            examined++;
            if (node.author?.__typename === 'Bot' || issues.length >= opts.limit)
                continue;
            const labels = keptByPeople(asEvents(node.timelineItems.nodes), opts.identity, allowed);
            if (labels.length === 0)
                continue;
            issues.push({
                number: node.number,
                title: node.title,
                body: node.body.slice(0, BODY_CHARS),
                createdAt: node.createdAt,
                labels,
                type: null
            });
        }
        if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor)
            break;
        after = connection.pageInfo.endCursor;
    }
    if (opts.types && issues.length > 0)
        requests += await readTypes(octokit, ref, issues);
    return { issues, examined, requests };
}
// REST lists issues (and pull requests) newest first with their type: pages are read until the oldest
// labelled issue is passed. Returns the requests made.
async function readTypes(octokit, ref, issues) {
    const byNumber = new Map(issues.map((i) => [i.number, i]));
    const oldest = Math.min(...byNumber.keys());
    let requests = 0;
    for (let page = 1; page <= EXAMINE_CAP / PAGE; page++) {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', {
            ...ref,
            state: 'all',
            sort: 'created',
            direction: 'desc',
            per_page: PAGE,
            page
        });
        requests++;
        for (const raw of data) {
            const issue = byNumber.get(raw.number);
            if (issue && raw.type?.name)
                issue.type = raw.type.name;
        }
        if (data.length < PAGE || data.some((raw) => raw.number <= oldest))
            break;
    }
    return requests;
}

// EXTERNAL MODULE: ./src/triage.ts + 14 modules
var triage = __webpack_require__(1492);
// EXTERNAL MODULE: ./src/report/history.ts
var report_history = __webpack_require__(4518);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/history/classifier.ts + 3 modules
var classifier = __webpack_require__(3323);
;// CONCATENATED MODULE: ./src/history/repository-classifier.ts
/**
 * The repository's history classifier as a run uses it: restored from the store when one was trained
 * for this label set less than `history-max-age` days ago, otherwise trained on the issues people
 * labelled and stored for the next runs.
 */


/** Bumped whenever the stored document or the features change: older entries are then never read. */
const STORE_FORMAT = 1;
/** What a label set is, as a short hash: another set means another classifier. */
function labelSetHash(labels, types) {
    const names = [...labels].sort().join('\n') + '\n\n' + [...types].sort().join('\n');
    return (0,external_node_crypto_.createHash)('sha256').update(names).digest('hex').slice(0, 12);
}
/** The store's key prefix for this repository (any label set), and for this label set. */
function keyPrefixes(ref, labelSet) {
    const repo = `issue-triage-history-v${STORE_FORMAT}-${ref.owner}-${ref.repo}-`.toLowerCase();
    return { repo, set: `${repo}${labelSet}-` };
}
/**
 * The classifier for this repository and label set: the stored one when fresh, else trained now and
 * stored. A failed store read or write never fails the run (the classifier is trained again); a failed
 * training read keeps a stale classifier when there is one, and throws otherwise.
 */
async function loadClassifier(opts) {
    const started = Date.now();
    const now = opts.now ?? new Date();
    const labelSet = labelSetHash(opts.labels, opts.types);
    const prefixes = keyPrefixes(opts.ref, labelSet);
    const found = opts.fresh ? undefined : await opts.store.restore(prefixes.set, [prefixes.set, prefixes.repo]);
    let stale;
    let why = opts.fresh ?? 'no classifier was stored for this repository yet';
    if (found) {
        const doc = parseDocument(found.text);
        const ageDays = doc ? (now.getTime() - Date.parse(doc.trainedAt)) / 86_400_000 : NaN;
        if (!doc)
            why = `the stored classifier ${found.key} could not be read`;
        else if (doc.labelSet !== labelSet)
            why = 'the label set changed since it was trained';
        else if (!(ageDays <= opts.maxAgeDays)) {
            why = `the stored one is ${Math.floor(ageDays)} days old (history-max-age ${opts.maxAgeDays})`;
            stale = { doc, key: found.key };
        }
        else {
            return fromDocument(doc, {
                how: 'restored',
                key: found.key,
                trainedAt: doc.trainedAt,
                issues: doc.issues,
                examined: doc.examined,
                requests: 0,
                seconds: (Date.now() - started) / 1000
            });
        }
    }
    let history;
    try {
        history = await opts.read();
    }
    catch (error) {
        if (!stale)
            throw error;
        return fromDocument(stale.doc, {
            how: 'restored',
            key: stale.key,
            trainedAt: stale.doc.trainedAt,
            issues: stale.doc.issues,
            examined: stale.doc.examined,
            requests: 0,
            seconds: (Date.now() - started) / 1000,
            staleBecause: `retraining failed: ${error instanceof Error ? error.message : String(error)}`
        });
    }
    const issues = history.issues.map((i) => ({ title: i.title, body: i.body, labels: i.labels }));
    const typed = history.issues.filter((i) => i.type !== null && opts.types.includes(i.type));
    const labels = (0,classifier/* train */.B)(issues, opts.train);
    const types = typed.length > 0
        ? (0,classifier/* train */.B)(typed.map((i) => ({ title: i.title, body: i.body, labels: [i.type] })), opts.train)
        : undefined;
    const trainedAt = now.toISOString();
    const key = `${prefixes.set}${now.getTime()}`;
    const doc = {
        format: STORE_FORMAT,
        repo: `${opts.ref.owner}/${opts.ref.repo}`,
        labelSet,
        trainedAt,
        issues: history.issues.length,
        examined: history.examined,
        labels: (0,classifier/* toJSON */.U2)(labels),
        types: types ? (0,classifier/* toJSON */.U2)(types) : null
    };
    const saveWarning = opts.fresh ? undefined : await opts.store.save(key, JSON.stringify(doc));
    return {
        labels,
        types,
        origin: {
            how: 'trained',
            why,
            key,
            trainedAt,
            issues: history.issues.length,
            examined: history.examined,
            requests: history.requests,
            seconds: (Date.now() - started) / 1000,
            ...(saveWarning ? { saveWarning } : {})
        }
    };
}
function parseDocument(text) {
    try {
        const doc = JSON.parse(text);
        if (doc?.format !== STORE_FORMAT || typeof doc.trainedAt !== 'string' || !doc.labels)
            return undefined;
        // Checked here, so that a corrupt entry is retrained rather than failing every issue later.
        (0,classifier/* fromJSON */.rS)(doc.labels);
        if (doc.types)
            (0,classifier/* fromJSON */.rS)(doc.types);
        return doc;
    }
    catch {
        return undefined;
    }
}
function fromDocument(doc, origin) {
    return { labels: (0,classifier/* fromJSON */.rS)(doc.labels), types: doc.types ? (0,classifier/* fromJSON */.rS)(doc.types) : undefined, origin };
}

;// CONCATENATED MODULE: ./src/history/store.ts
/** Placeholder: stores nothing. */
function defaultStore() {
    return { kind: 'directory', restore: async () => undefined, save: async () => 'not stored' };
}

;// CONCATENATED MODULE: ./src/history/for-run.ts






/**
 * The run's history classifier (provider `history`, or the fallback): restored or trained once per run
 * over the labels the action may apply now, then shared by every issue of the run. A backtest's
 * replayed issues (`ctx.holdOut`) are left out of its training, which then bypasses the store.
 */
async function classifierForRun(ctx) {
    const repo = await ctx.repository();
    const allowed = (0,triage/* labelsToOffer */.pB)(repo, ctx.options);
    const types = repo.issueTypes.map((t) => t.name);
    const held = ctx.holdOut ? new Set(ctx.holdOut) : undefined;
    const classifier = await loadClassifier({
        store: defaultStore(),
        ref: ctx.ref,
        labels: allowed.map((l) => l.name),
        types,
        maxAgeDays: ctx.options.history.maxAgeDays,
        ...(held ? { fresh: `a backtest learns without the ${held.size} issues it replays` } : {}),
        read: async () => {
            const limit = ctx.options.history.limit;
            const read = await readLabelledHistory(ctx.octokit, ctx.ref, {
                limit: limit + (held?.size ?? 0),
                identity: await ctx.identity(),
                allowed,
                types: types.length > 0
            });
            if (!held)
                return read;
            return { ...read, issues: read.issues.filter((i) => !held.has(i.number)).slice(0, limit) };
        }
    });
    const { origin } = classifier;
    core.info((0,report_history/* describeOrigin */.uN)(classifier));
    if (origin.saveWarning)
        core.warning(`The history classifier could not be stored: ${origin.saveWarning}`);
    if (origin.staleBecause)
        core.warning(`Using the history classifier trained ${origin.trainedAt.slice(0, 10)}: ${origin.staleBecause}`);
    return classifier;
}


/***/ })

};
