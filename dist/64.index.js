export const id = 64;
export const ids = [64];
export const modules = {

/***/ 1064:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  OpenAIProvider: () => (/* binding */ OpenAIProvider)
});

// EXTERNAL MODULE: ./node_modules/openai/index.mjs + 232 modules
var openai = __webpack_require__(8193);
// EXTERNAL MODULE: ./src/text/hygiene.ts
var hygiene = __webpack_require__(8524);
// EXTERNAL MODULE: ./src/http/reason.ts
var http_reason = __webpack_require__(98);
// EXTERNAL MODULE: ./src/providers/types.ts
var types = __webpack_require__(2695);
;// CONCATENATED MODULE: ./src/providers/classify.ts




const GITHUB_MODELS_RETIRED = 'GitHub Models was retired on 2026-07-30 and its API now answers 410 Gone: use provider "openai" ' +
    'with an OpenAI-compatible endpoint and an api-key (for example Azure AI Foundry, the successor GitHub names).';
function bodyMessage(error) {
    const body = error.error;
    const msg = body?.message ?? body?.error?.message ?? error.message;
    return typeof msg === 'string' ? (0,hygiene/* forLog */.Ig)(msg, 200) : '';
}
function bodyCode(error) {
    const body = error.error;
    const code = error.code ?? body?.code ?? body?.error?.code;
    return typeof code === 'string' ? code : '';
}
/** True when a 400 says the endpoint does not support `response_format: json_schema`. */
function isSchemaUnsupported(error) {
    if (!(error instanceof openai/* APIError */.LG) || error.status !== 400)
        return false;
    const text = `${bodyCode(error)} ${bodyMessage(error)}`.toLowerCase();
    return /response_format|json_schema|structured output|schema/.test(text) && !/context|token/.test(text);
}
/** True for failures worth the backoff retries: 5xx, timeouts, dropped connections, non-JSON answers. */
function isTransient(error) {
    if (error instanceof openai/* APIConnectionError */.xX)
        return true;
    if (error instanceof openai/* APIError */.LG)
        return error.status !== undefined && error.status >= 500;
    return error instanceof SyntaxError;
}
/**
 * Turns whatever the endpoint answered into one classified error whose message says what to fix.
 * Rate limits are classified by the caller, which knows the retry-after.
 */
function classify(error, site) {
    const where = `${site.provider} endpoint ${(0,http_reason/* hostOf */.w)(site.endpoint)}`;
    if (!(error instanceof openai/* APIError */.LG) || error.status === undefined) {
        if (error instanceof openai/* APIConnectionError */.xX) {
            const reason = (0,hygiene/* forLog */.Ig)((0,http_reason/* unreachableReason */.N)(error), 200);
            return new types/* ProviderError */.m('unavailable', `Could not reach the ${where}: ${reason}. Check "endpoint".`);
        }
        const what = error instanceof Error ? (0,hygiene/* forLog */.Ig)(error.message, 200) : 'unknown error';
        return new types/* ProviderError */.m('unavailable', `The ${where} answered with something that is not a chat completion (${what}).`);
    }
    const status = error.status;
    const code = bodyCode(error);
    const said = bodyMessage(error);
    const detail = said ? ` (the endpoint said: "${said}")` : '';
    if (status === 410 && (site.provider === 'github-models' || code === 'github_models_retirement_brownout')) {
        return new types/* ProviderError */.m('retired', GITHUB_MODELS_RETIRED, status);
    }
    if (status === 401) {
        const fix = site.provider === 'github-models'
            ? 'the workflow token was refused'
            : 'check that the "api-key" secret is set and valid for this endpoint';
        return new types/* ProviderError */.m('auth', `The ${where} rejected the credentials (401): ${fix}${detail}.`, status);
    }
    if (status === 402 || code === 'insufficient_quota' || code === 'quota_exceeded') {
        return new types/* ProviderError */.m('quota', `The ${where} says the account's quota or budget is used up${detail}; add credit or raise the budget. Not retried.`, status);
    }
    if (status === 403) {
        return new types/* ProviderError */.m('policy', `The ${where} refused access to model "${site.model}" (403)${detail}: check the key's permissions and the model's access policy.`, status);
    }
    if (status === 404 || code === 'model_not_found' || code === 'unknown_model') {
        if (/model/i.test(`${code} ${said}`)) {
            return new types/* ProviderError */.m('not-found', `Model "${site.model}" is not available at the ${where}${detail}: check the "model" input (on Azure, the deployment name).`, status);
        }
        return new types/* ProviderError */.m('not-found', `The ${where} has no chat completions API at this address (404)${detail}: "endpoint" should be the base URL that ends before /chat/completions, such as https://api.openai.com/v1.`, status);
    }
    if (status === 410) {
        return new types/* ProviderError */.m('not-found', `The ${where} answered 410 Gone${detail}: the model or endpoint was retired; choose another.`, status);
    }
    if (status === 413 || code === 'tokens_limit_reached' || code === 'context_length_exceeded') {
        const max = /max(?:imum)?[^\d]{0,30}(\d{3,7})\s*tokens/i.exec(said);
        return new types/* ProviderError */.m('too-large', `The request was too large for the ${where}${detail}.`, status, max ? Number(max[1]) : undefined);
    }
    if (status === 429) {
        return new types/* ProviderError */.m('rate-limited', `The ${where} is rate limiting requests${detail}.`, status);
    }
    if (status >= 500) {
        return new types/* ProviderError */.m('unavailable', `The ${where} failed with ${status}${detail}; it may be down. Try again later.`, status);
    }
    return new types/* ProviderError */.m('bad-answer', `The ${where} refused the request (${status})${detail}.`, status);
}

// EXTERNAL MODULE: ./src/http/fetch.ts
var fetch = __webpack_require__(576);
// EXTERNAL MODULE: ./src/providers/pace.ts
var pace = __webpack_require__(9351);
;// CONCATENATED MODULE: ./src/providers/retry.ts
const defaultRetryPolicy = {
    maxRetryAfterSeconds: 60,
    maxRateLimitRetries: 3,
    backoffSeconds: [1, 3],
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};
/**
 * Reads how long a 429 asks us to wait, in seconds: `retry-after` (seconds or an HTTP date),
 * `retry-after-ms`, `x-ratelimit-reset-requests` style durations, or the "wait N seconds" that
 * GitHub Models wrote in its message. Undefined when the answer does not say.
 */
function retryAfterSeconds(headers, message, now = Date.now()) {
    const ms = headers?.get('retry-after-ms');
    // A wait in the past (a negative value, a skewed clock) means now.
    if (ms && Number.isFinite(Number(ms)))
        return Math.max(0, Number(ms) / 1000);
    const ra = headers?.get('retry-after');
    if (ra) {
        if (/^\d+(\.\d+)?$/.test(ra.trim()))
            return Number(ra);
        const date = Date.parse(ra);
        if (!Number.isNaN(date))
            return Math.max(0, (date - now) / 1000);
    }
    const reset = headers?.get('x-ratelimit-reset-requests') ?? headers?.get('x-ratelimit-reset-tokens');
    const duration = reset ? parseDuration(reset) : undefined;
    if (duration !== undefined)
        return duration;
    const said = /wait (\d+) seconds?/i.exec(message);
    return said ? Number(said[1]) : undefined;
}
/** The request limit an answer states in OpenAI's headers (`x-ratelimit-limit-requests` and kin). */
function statedLimit(headers) {
    const number = (name) => {
        const text = headers?.get(name)?.trim();
        return text && /^\d+$/.test(text) ? Number(text) : undefined;
    };
    const reset = headers?.get('x-ratelimit-reset-requests');
    const resetSeconds = reset ? parseDuration(reset) : undefined;
    const limit = number('x-ratelimit-limit-requests');
    const remaining = number('x-ratelimit-remaining-requests');
    return {
        ...(limit === undefined ? {} : { limit }),
        ...(remaining === undefined ? {} : { remaining }),
        ...(resetSeconds === undefined ? {} : { resetSeconds })
    };
}
// OpenAI writes resets as "1s", "6m0s", "2h30m", "120ms".
function parseDuration(text) {
    const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
    let total = 0;
    let matched = false;
    for (const m of text.matchAll(re)) {
        matched = true;
        const n = Number(m[1]);
        total += m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : m[2] === 'ms' ? n / 1000 : n;
    }
    return matched ? total : undefined;
}

;// CONCATENATED MODULE: ./src/providers/openai.ts






// Refusals no retry or wait changes during a run.
const LASTING = new Set(['auth', 'retired', 'quota', 'policy', 'not-found']);

/**
 * Any OpenAI-compatible chat completions endpoint, through the `openai` SDK with its retries off:
 * the policy here waits only for short rate limits, backs off on 5xx, and never retries what
 * cannot succeed (auth, quota, a retired service).
 */
class OpenAIProvider {
    options;
    name;
    model;
    client;
    site;
    policy;
    structured = true;
    pace;
    constructor(options) {
        this.options = options;
        this.name = options.name;
        this.model = options.model;
        this.site = { provider: options.name, endpoint: options.endpoint, model: options.model };
        this.policy = options.retry ?? defaultRetryPolicy;
        this.pace = new pace/* ModelPace */.p(options.requestsPerMinute, { now: () => Date.now(), sleep: this.policy.sleep }, options.onWait, true);
        // Anthropic's OpenAI compatibility accepts json_schema and ignores it: give it the schema in words.
        this.structured = !/(^|\.)anthropic\.com$/i.test(new URL(options.endpoint).hostname);
        this.client = new openai/* default */.Ay({
            apiKey: options.apiKey,
            baseURL: options.endpoint,
            maxRetries: 0,
            timeout: options.timeoutMs ?? 90_000,
            fetch: (0,fetch/* fetchFor */.G)(options.endpoint)
        });
    }
    /** A refusal that holds for the rest of the run: a bad key, a retired service, a spent quota. */
    refusedForGood;
    async complete(request) {
        let rateLimited = 0;
        let transient = 0;
        let attempts = 0;
        let waited = false;
        for (;;) {
            attempts++;
            await this.pace.turn(waited);
            // Requests that waited behind one refused for good meet the same refusal without asking again.
            if (this.refusedForGood)
                throw this.refusedForGood;
            waited = false;
            const started = performance.now();
            try {
                const { data: completion, response } = await this.client.chat.completions
                    .create(this.body(request))
                    .withResponse();
                this.pace.learn(statedLimit(response.headers));
                this.pace.settle();
                const latencyMs = Math.round(performance.now() - started);
                const choice = completion?.choices?.[0];
                if (!choice || typeof choice.message !== 'object') {
                    throw new SyntaxError('no choices in the answer');
                }
                const refusal = choice.message.refusal;
                return {
                    text: choice.message.content ?? (refusal ? `{"refusal": ${JSON.stringify(refusal)}}` : ''),
                    model: completion.model || this.model,
                    promptTokens: completion.usage?.prompt_tokens ?? 0,
                    completionTokens: completion.usage?.completion_tokens ?? 0,
                    latencyMs,
                    attempts,
                    structured: this.structured
                };
            }
            catch (error) {
                // The other requests of the run wait for the first one's answer; a 429 releases them only
                // once its wait is known (below).
                if (!(error instanceof openai/* APIError */.LG && error.status === 429))
                    this.pace.settle();
                if (this.structured && isSchemaUnsupported(error)) {
                    // Some endpoints (older Ollama, Anthropic's compatibility layer) refuse json_schema: ask by instruction.
                    this.structured = false;
                    continue;
                }
                const classified = classify(error, this.site);
                if (LASTING.has(classified.kind))
                    this.refusedForGood = classified;
                if (classified.kind !== 'rate-limited')
                    this.pace.settle();
                if (classified.kind === 'retired' || classified.kind === 'quota')
                    throw classified;
                if (classified.kind === 'rate-limited') {
                    const headers = error instanceof openai/* APIError */.LG ? error.headers : undefined;
                    this.pace.learn(statedLimit(headers));
                    // Released in every case below: with the wait set, or with the run about to stop.
                    queueMicrotask(() => this.pace.settle());
                    // A 429 that names no wait is retried after the backoff a 5xx gets (quotas are told apart by
                    // their code in classify()); the retry count caps it either way.
                    const backoff = this.policy.backoffSeconds;
                    const wait = retryAfterSeconds(headers, classified.message) ??
                        backoff[Math.min(rateLimited, backoff.length - 1)] ??
                        0;
                    if (wait > this.policy.maxRetryAfterSeconds) {
                        throw new types/* ProviderError */.m('quota', `${classified.message} It asks to wait ${Math.round(wait)} s, longer than the ${this.policy.maxRetryAfterSeconds} s a job may wait (a daily or monthly quota): not retried; try later or raise the endpoint's limits.`, 429);
                    }
                    if (rateLimited >= this.policy.maxRateLimitRetries) {
                        throw new types/* ProviderError */.m('rate-limited', `${classified.message} Still limited after ${rateLimited} waits.`, 429);
                    }
                    rateLimited++;
                    this.options.onWait?.(wait, 'rate limited');
                    // Every request of the run waits, not only this one: the others would meet the same 429.
                    this.pace.pause(wait);
                    await this.policy.sleep(Math.ceil(wait * 1000));
                    waited = true;
                    continue;
                }
                if (isTransient(error) && transient < this.policy.backoffSeconds.length) {
                    const wait = this.policy.backoffSeconds[transient];
                    transient++;
                    this.options.onWait?.(wait, classified.message);
                    await this.policy.sleep(wait * 1000);
                    continue;
                }
                throw classified;
            }
        }
    }
    body(request) {
        const system = this.structured
            ? request.system
            : `${request.system}\n\nThe answer must be a JSON object valid against this JSON schema:\n${JSON.stringify(request.schema.schema)}`;
        const messages = [
            { role: 'system', content: system },
            { role: 'user', content: request.user }
        ];
        if (request.correction) {
            messages.push({ role: 'assistant', content: (0,hygiene/* bound */.$s)(request.correction.answer, 2000) }, {
                role: 'user',
                content: `That answer was not valid: ${request.correction.error}. Answer again with only the JSON object the schema describes.`
            });
        }
        return {
            model: this.model,
            messages,
            ...(this.options.temperature === undefined ? {} : { temperature: this.options.temperature }),
            ...(this.options.topP === undefined ? {} : { top_p: this.options.topP }),
            ...(this.structured
                ? {
                    response_format: {
                        type: 'json_schema',
                        json_schema: { name: request.schema.name, strict: true, schema: request.schema.schema }
                    }
                }
                : {})
        };
    }
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
