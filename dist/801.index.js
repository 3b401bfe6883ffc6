export const id = 801;
export const ids = [801];
export const modules = {

/***/ 5801:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parsePromptFile: () => (/* binding */ parsePromptFile)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(0);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);



/**
 * A `.prompt.yml` file in the format of GitHub's prompt files (`messages`, `model`,
 * `modelParameters`), so a team can keep and review its triage prompt in the repository. Its words
 * become trusted guidance; the action still frames the issue as untrusted data and adds its schema
 * and policy, so a prompt file cannot widen what may be written.
 */
const promptFileShape = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    name: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    description: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    model: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1).max(200).optional(),
    modelParameters: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        temperature: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().min(0).max(2).optional(),
        top_p: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().min(0).max(1).optional(),
        max_tokens: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().positive().optional()
    })
        .loose()
        .optional(),
    messages: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ role: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['system', 'user', 'assistant']), content: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().max(20_000) }))
        .min(1)
});
/** Parses a prompt file's text; errors name the file and the field. */
function parsePromptFile(text, path) {
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text);
    if (doc.errors.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d(`Input "prompt-file": ${path} is not valid YAML (${doc.errors[0].message.split('\n')[0]}).`);
    const parsed = promptFileShape.safeParse(doc.toJS());
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d(`Input "prompt-file": ${path}: ${issue.path.join('.') || 'file'}: ${issue.message}.`);
    }
    const file = parsed.data;
    // Placeholders such as {{input}} stand for the issue, which the action always adds itself as data.
    const guidance = file.messages
        .filter((m) => m.role !== 'assistant')
        .map((m) => m.content.replace(/\{\{\s*[\w.-]+\s*\}\}/g, '').trim())
        .filter((text) => text.length > 0)
        .join('\n\n');
    return {
        guidance,
        ...(file.model ? { model: file.model } : {}),
        ...(file.modelParameters?.temperature === undefined
            ? {}
            : { temperature: file.modelParameters.temperature }),
        ...(file.modelParameters?.top_p === undefined ? {} : { topP: file.modelParameters.top_p })
    };
}


/***/ })

};
