import { z } from 'zod'
import { FALLBACK_PROVIDERS, MODE_INPUTS, PROVIDERS } from '../inputs/choices.js'

const globList = z.array(z.string().min(1).max(200)).max(500)

/**
 * The repository config file (`.github/triage.yml`): everything the inputs can say except
 * credentials, plus what inputs cannot say well. The JSON Schema published as
 * `triage.schema.json` is generated from this, so editors and the run check the same rules.
 */
export const configSchema = z
  .strictObject({
    provider: z.enum(PROVIDERS).describe('Where the model runs (inputs override).'),
    endpoint: z.string().url().describe('OpenAI-compatible base URL, ending before /chat/completions.'),
    model: z.string().min(1).max(200),
    mode: z.enum(MODE_INPUTS),
    labels: globList.describe('Globs of labels the action may apply.'),
    'exclude-labels': globList.describe('Globs of labels the action never applies.'),
    'max-labels': z.number().int().min(0).max(20),
    'min-confidence': z.number().min(0).max(1),
    'issue-numbers': z
      .union([z.string().max(2000), z.array(z.number().int().positive()).max(10_000)])
      .describe('Backlog runs: issue numbers and ranges, e.g. "12, 40-60".'),
    query: z
      .string()
      .max(200)
      .describe(
        'Backlog runs: issue-search qualifiers, e.g. "is:open no:label" (repo: and is:issue are added).'
      ),
    'max-issues': z.number().int().min(1).max(10_000).describe('Backlog runs: most issues one run triages.'),
    'backtest-limit': z
      .number()
      .int()
      .min(1)
      .max(1000)
      .describe('mode backtest: how many of the recent issues people labelled to replay.'),
    'max-minutes': z
      .number()
      .int()
      .min(1)
      .max(360)
      .describe('Backlog runs: start no new issue after this many minutes.'),
    'max-input-tokens': z.number().int().min(1000).max(1_000_000),
    'fail-on-error': z.boolean(),
    'max-ai-credits': z.number().positive().describe('Copilot: most AI credits one run may spend.'),
    'model-rpm': z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .describe("Most model requests a minute; unset: learned from the endpoint's rate-limit headers."),
    'history-limit': z
      .number()
      .int()
      .min(10)
      .max(10_000)
      .describe('provider history: how many of the most recent issues people labelled to learn from.'),
    'history-max-age': z
      .number()
      .int()
      .min(0)
      .max(365)
      .describe('provider history: retrain when the stored classifier is older than this many days.'),
    'fallback-provider': z
      .enum(FALLBACK_PROVIDERS)
      .describe(
        'Triage with this provider when the chosen one refuses (retired, no licence, quota, unreachable).'
      ),
    instructions: z.string().max(20_000).describe('Extra guidance for the model.'),
    'prompt-file': z.string().min(1).max(300).describe('A GitHub .prompt.yml file in the repository.'),
    'label-guidance': z
      .record(z.string().min(1).max(200), z.string().min(1).max(1000))
      .describe('Per-label guidance shown to the model, e.g. "area/cli": "the command-line interface".'),
    'exclusive-groups': globList.describe(
      'Globs such as "kind/*": at most one label of each group on an issue.'
    ),
    aliases: z
      .record(z.string().min(1).max(200), z.string().min(1).max(200))
      .describe('Other names for labels: alias → the repository label it means.'),
    'type-rules': z
      .array(z.strictObject({ label: z.string().min(1), type: z.string().min(1) }))
      .max(100)
      .describe('Set this issue type whenever a label matching `label` is applied.'),
    'type-guidance': z.record(z.string().min(1).max(100), z.string().min(1).max(1000)),
    dedupe: z.boolean().describe('Look for likely duplicates among earlier issues.'),
    'duplicate-label': z.string().min(1).max(50).describe('Label for likely duplicates.'),
    'max-candidates': z.number().int().min(1).max(30),
    'dedupe-include-closed': z.boolean().describe('Also offer closed issues as originals.'),
    'duplicate-confidence': z.number().min(0).max(1),
    'close-duplicates-after': z
      .number()
      .int()
      .min(1)
      .max(365)
      .describe('Days before a scheduled run closes an unchallenged likely duplicate.'),
    'create-labels': z.boolean().describe('Create the duplicate label when the repository lacks it.'),
    comment: z
      .strictObject({ intro: z.string().max(500), footer: z.string().max(500) })
      .partial()
      .describe("Wording of the action's comment (used by duplicate detection).")
  })
  .partial()

export type TriageConfig = z.infer<typeof configSchema>

/** The JSON Schema for editors, generated from the same definition the run validates with. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://github.com/OWNER/REPO/blob/main/triage.schema.json',
    title: 'Issue triage configuration (.github/triage.yml)',
    ...z.toJSONSchema(configSchema, { target: 'draft-7' })
  }
}
