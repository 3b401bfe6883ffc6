// The floor the action is measured against: a bare Node 24 process that loads the `openai` package from
// node_modules, makes one small chat completion against BENCH_MODEL_URL, and exits. No GitHub calls,
// no prompt building, no bundle: whatever the action costs beyond this is its own.
import OpenAI from 'openai'

const baseURL = process.env.BENCH_MODEL_URL
if (!baseURL) {
  console.error('BENCH_MODEL_URL is not set')
  process.exit(2)
}

const client = new OpenAI({ apiKey: 'sk-bench-baseline', baseURL, maxRetries: 0 })
const completion = await client.chat.completions.create({
  model: 'test-model',
  messages: [
    { role: 'system', content: 'You triage GitHub issues. Answer with JSON.' },
    { role: 'user', content: 'Title: widgets crashes when the config file is missing' }
  ]
})
if (!completion.choices?.[0]?.message) {
  console.error('no answer from the model endpoint')
  process.exitCode = 1
}
