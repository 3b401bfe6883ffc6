/**
 * Issue bodies for the benchmark: a realistic ~1 KB bug report, and a ~1 MB one of the kind people paste
 * whole (a report, then kubelet logs, goroutine dumps and paragraphs of investigation), generated from a
 * fixed seed so every run and every machine sees the same text.
 */

/** A ~1 KB bug report for the widgets repository. */
export const TYPICAL_TITLE =
  '`widgets export --format csv` hangs forever on workspaces with more than 50k widgets'

/** The body that goes with `TYPICAL_TITLE`. */
export const TYPICAL_BODY = `### What happened

Since upgrading from 2.3.1 to 2.4.0, \`widgets export --format csv --out all.csv\` never finishes on our
production workspace (about 62,000 widgets), so this looks like a regression. CPU sits at 100% on one core,
memory climbs to ~3 GB, and the output file stays at 0 bytes. Small workspaces export in seconds.

### Steps to reproduce

1. \`widgets login --workspace acme-prod\`
2. \`widgets export --format csv --out all.csv\`
3. Wait; after 20 minutes I pressed Ctrl-C.

\`\`\`
$ widgets export --format csv --out all.csv --verbose
[export] fetching page 1/621
[export] fetching page 2/621
...
[export] fetching page 621/621
[export] sorting 62114 rows by id
^C
\`\`\`

### Expected

The export finishes in a minute or two like it did on 2.3.1 (JSON export still works).

### Environment

widgets 2.4.0 (npm), Node 24.1, Ubuntu 24.04, 16 GB RAM. Happens in CI (GitHub Actions, ubuntu-latest) too.
`

/** A small deterministic PRNG (mulberry32), so the generated body is identical on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Title of the worst-case issue. */
export const WORST_TITLE =
  'kubelet panics with nil pointer dereference in container manager after upgrade to 1.31 (cgroup v2)'

const report = `### What happened?

After upgrading our nodes from 1.30.4 to 1.31.1, kubelet crash-loops on every node that runs cgroup v2
(Ubuntu 24.04). It starts, syncs pods for 20-40 seconds, then panics with a nil pointer dereference in the
container manager. Nodes flap between Ready and NotReady and pods get evicted. Nodes on cgroup v1 are fine.

### What did you expect to happen?

kubelet keeps running after the upgrade, as it did on 1.30.

### How can we reproduce it (as minimally and precisely as possible)?

1. Create a node on Ubuntu 24.04 (cgroup v2, systemd cgroup driver, containerd 1.7.22).
2. Install kubelet 1.31.1 with \`cpuManagerPolicy: static\` and \`topologyManagerPolicy: single-numa-node\`.
3. Schedule a Guaranteed pod with integer CPU requests; kubelet panics within a minute.

### Kubernetes version

Client Version: v1.31.1, Server Version: v1.31.1

### Container runtime and OS

containerd 1.7.22, Ubuntu 24.04.1 LTS, kernel 6.8.0-45-generic, amd64

### Anything else we need to know?

I attached the full kubelet journal from one node, the goroutine dump it prints when it panics, and my notes
from a day of bisecting. Sorry it is long.
`

const components = [
  'kubelet.go',
  'pod_workers.go',
  'cpu_manager.go',
  'policy_static.go',
  'topology_manager.go',
  'container_manager_linux.go',
  'eviction_manager.go',
  'kuberuntime_manager.go',
  'reflector.go',
  'status_manager.go'
]
const messages = [
  'SyncLoop (PLEG): event for pod',
  'Failed to update pod status',
  'cpu manager: reconcileState: skipping pod; container not present in pod status',
  'topology manager: hint provider returned no preference',
  'Eviction manager: attempting to reclaim ephemeral-storage',
  'Watch close - *v1.Node total 8 items received',
  'Observed pod startup duration',
  'RemoveContainer',
  'Failed to get system container stats for "/system.slice/containerd.service"',
  'Updating ready status of pod to false'
]
const frames = [
  'k8s.io/kubernetes/pkg/kubelet/cm/cpumanager.(*manager).reconcileState',
  'k8s.io/kubernetes/pkg/kubelet/cm/cpumanager.(*staticPolicy).Allocate',
  'k8s.io/kubernetes/pkg/kubelet/cm/topologymanager.(*scope).admitPolicyNone',
  'k8s.io/kubernetes/pkg/kubelet/cm.(*containerManagerImpl).Start',
  'k8s.io/kubernetes/pkg/kubelet.(*Kubelet).syncPod',
  'k8s.io/kubernetes/pkg/kubelet.(*podWorkers).podWorkerLoop',
  'k8s.io/apimachinery/pkg/util/wait.BackoffUntil.func1',
  'k8s.io/apimachinery/pkg/util/wait.JitterUntil',
  'k8s.io/client-go/tools/cache.(*Reflector).ListAndWatch',
  'runtime.goexit'
]
const sentences = [
  'I rolled one node back to 1.30.4 and it has been stable for six hours, so the upgrade is the trigger.',
  'Setting cpuManagerPolicy back to none makes the panic go away, but we need exclusive CPUs for the database pods.',
  'The panic always follows a reconcileState pass that logs a container missing from the pod status.',
  'Draining the node first does not help: the panic returns as soon as a Guaranteed pod lands on it.',
  'Deleting /var/lib/kubelet/cpu_manager_state and restarting kubelet buys a few minutes, then it crashes again.',
  'Our cgroup v1 nodes on the same version run the same workloads without any trouble.',
  'I bisected between the two releases on a test cluster; the behaviour changes somewhere in the 1.31 cycle.',
  'Memory on the node is fine, there is no OOM in dmesg, and containerd itself never restarts.',
  'We also see the node lease renewals stall for a few seconds right before each crash.',
  'The metrics endpoint shows the pod worker queue growing just before the process dies.'
]

const pick = <T>(rand: () => number, list: T[]): T => list[Math.floor(rand() * list.length)]!
const hex = (rand: () => number, n: number) =>
  Math.floor(rand() * 16 ** n)
    .toString(16)
    .padStart(n, '0')

function logBlock(rand: () => number, lines: number, start: number): string {
  const out = ['```']
  for (let i = 0; i < lines; i++) {
    const t = new Date(start + i * 137).toISOString().slice(11, 23)
    const level = rand() < 0.15 ? 'E' : rand() < 0.2 ? 'W' : 'I'
    const pod = `pod="prod/api-${hex(rand, 5)}-${hex(rand, 5)}" podUID="${hex(rand, 8)}-${hex(rand, 4)}"`
    out.push(
      `Oct 14 ${t} node-7 kubelet[${2000 + Math.floor(rand() * 90)}]: ${level}1014 ${t} ${1000 + Math.floor(rand() * 9000)} ${pick(rand, components)}:${Math.floor(rand() * 2000)}] "${pick(rand, messages)}" ${pod}`
    )
  }
  out.push('```')
  return out.join('\n')
}

function goroutines(rand: () => number, count: number): string {
  const out = [
    '```',
    'panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x2f4c1a6]',
    ''
  ]
  for (let g = 0; g < count; g++) {
    out.push(
      `goroutine ${100 + Math.floor(rand() * 90_000)} [${g === 0 ? 'running' : pick(rand, ['select', 'chan receive', 'IO wait', 'sync.Cond.Wait'])}]:`
    )
    const depth = 4 + Math.floor(rand() * 8)
    for (let f = 0; f < depth; f++) {
      const frame = pick(rand, frames)
      const file = frame.split('.')[0]!.replace('k8s.io/kubernetes/', '')
      out.push(`${frame}(0xc00${hex(rand, 7)}, {0x${hex(rand, 7)}, 0xc00${hex(rand, 7)}})`)
      out.push(
        `\t/workspace/src/k8s.io/kubernetes/_output/local/go/src/${file}/${pick(rand, components)}:${Math.floor(rand() * 1500)} +0x${hex(rand, 3)}`
      )
    }
    out.push('')
  }
  out.push('```')
  return out.join('\n')
}

function prose(rand: () => number, paragraphs: number): string {
  const out: string[] = []
  for (let p = 0; p < paragraphs; p++) {
    const n = 3 + Math.floor(rand() * 5)
    out.push(Array.from({ length: n }, () => pick(rand, sentences)).join(' '))
  }
  return out.join('\n\n')
}

/** A bug report followed by logs, stack traces and notes, cut to `bytes` (UTF-8; default 1 MiB). */
export function worstBody(bytes = 1024 * 1024): string {
  const rand = random(20241014)
  const parts = [report]
  let size = Buffer.byteLength(report)
  let start = Date.UTC(2024, 9, 14, 9, 0, 0)
  for (let round = 1; size < bytes; round++) {
    const section = [
      `### Kubelet journal, part ${round}`,
      logBlock(rand, 120, start),
      `### Goroutine dump ${round}`,
      goroutines(rand, 12),
      `### Notes, day ${round}`,
      prose(rand, 6)
    ].join('\n\n')
    start += 120 * 137
    parts.push(section)
    size += Buffer.byteLength(section) + 2
  }
  const text = parts.join('\n\n')
  return Buffer.from(text).subarray(0, bytes).toString('utf8')
}
