/**
 * scripts/release.sh in a throwaway git repository. `npm run bundle` is replaced by a stand-in on
 * PATH (ncc would take a minute and needs the real sources); `npm version` is the real npm.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const script = fileURLToPath(new URL('../scripts/release.sh', import.meta.url))

const CHANGELOG = `# Changelog

## Unreleased

## 1.2.3 - 2026-01-31

### Added
- Triage of issue forms.

## 1.0.0 - 2025-12-01

- First release.
`

// Only `npm run bundle` is faked; FAKE_BUNDLE_DRIFT makes the rebuilt dist/ differ from the committed one.
const FAKE_NPM = `#!/usr/bin/env bash
if [ "$1" = run ] && [ "$2" = bundle ]; then
  if [ -n "\${FAKE_BUNDLE_DRIFT:-}" ]; then echo '// rebuilt' >> dist/index.js; fi
  exit 0
fi
PATH="$REAL_PATH" exec npm "$@"
`

interface Repo {
  dir: string
  git: (...args: string[]) => string
  release: (args: string[], env?: Record<string, string>) => { status: number | null; out: string }
}

const made: string[] = []
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function makeRepo(options: { changelog?: string } = {}): Repo {
  const dir = mkdtempSync(join(tmpdir(), 'release-test-'))
  made.push(dir)
  const bin = join(dir, '.fakebin')
  mkdirSync(join(dir, 'scripts'))
  mkdirSync(join(dir, 'dist'))
  mkdirSync(bin)
  copyFileSync(script, join(dir, 'scripts/release.sh'))
  writeFileSync(join(bin, 'npm'), FAKE_NPM)
  chmodSync(join(bin, 'npm'), 0o755)
  writeFileSync(join(dir, '.gitignore'), '.fakebin/\n')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'demo', version: '1.0.0' }, null, 2) + '\n')
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify(
      {
        name: 'demo',
        version: '1.0.0',
        lockfileVersion: 3,
        packages: { '': { name: 'demo', version: '1.0.0' } }
      },
      null,
      2
    ) + '\n'
  )
  writeFileSync(join(dir, 'dist/index.js'), 'export {}\n')
  writeFileSync(join(dir, 'CHANGELOG.md'), options.changelog ?? CHANGELOG)

  const env = {
    ...process.env,
    REAL_PATH: process.env.PATH ?? '',
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Release Test',
    GIT_AUTHOR_EMAIL: 'release@example.com',
    GIT_COMMITTER_NAME: 'Release Test',
    GIT_COMMITTER_EMAIL: 'release@example.com'
  }
  const git = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
    return r.stdout.trim()
  }
  git('init', '--quiet', '-b', 'main')
  git('add', '.')
  git('commit', '--quiet', '-m', 'Initial')
  // An earlier release, so the test can see v1 move.
  git('tag', '-a', 'v1.0.0', '-m', 'v1.0.0')
  git('tag', '-a', 'v1', '-m', 'v1')

  const release = (args: string[], extra: Record<string, string> = {}) => {
    const r = spawnSync('bash', ['scripts/release.sh', ...args], {
      cwd: dir,
      env: { ...env, ...extra },
      encoding: 'utf8',
      timeout: 60_000
    })
    return { status: r.status, out: r.stdout + r.stderr }
  }
  return { dir, git, release }
}

const version = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version

describe('scripts/release.sh', () => {
  it('commits the version, tags vX.Y.Z with the CHANGELOG section, moves v1, and only prints the push', () => {
    const repo = makeRepo()
    const before = repo.git('rev-parse', 'HEAD')

    const run = repo.release(['1.2.3'])

    expect(run.status).toBe(0)
    expect(version(repo.dir)).toBe('1.2.3')
    expect(JSON.parse(readFileSync(join(repo.dir, 'package-lock.json'), 'utf8')).version).toBe('1.2.3')
    expect(repo.git('log', '-1', '--format=%s')).toBe('Release v1.2.3')
    expect(repo.git('rev-parse', 'HEAD~1')).toBe(before)
    expect(repo.git('status', '--porcelain')).toBe('')

    const head = repo.git('rev-parse', 'HEAD')
    expect(repo.git('cat-file', '-t', 'v1.2.3')).toBe('tag') // annotated, not lightweight
    expect(repo.git('rev-parse', 'v1.2.3^{commit}')).toBe(head)
    expect(repo.git('cat-file', '-t', 'v1')).toBe('tag')
    expect(repo.git('rev-parse', 'v1^{commit}')).toBe(head)
    expect(repo.git('rev-parse', 'v1.0.0^{commit}')).toBe(before)

    const notes = repo.git('tag', '-l', '--format=%(contents)', 'v1.2.3')
    expect(notes).toContain('Triage of issue forms.')
    expect(notes).not.toContain('First release.')

    expect(run.out).toContain('git push origin main v1.2.3')
    expect(run.out).toContain('git push --force origin v1')
  })

  it('--dry-run prints the steps and changes nothing', () => {
    const repo = makeRepo()
    const head = repo.git('rev-parse', 'HEAD')

    const run = repo.release(['1.2.3', '--dry-run'])

    expect(run.status).toBe(0)
    expect(run.out).toContain('+ npm run bundle')
    expect(run.out).toContain('+ npm version 1.2.3 --no-git-tag-version')
    expect(run.out).toContain('+ git tag -fa v1')
    expect(repo.git('rev-parse', 'HEAD')).toBe(head)
    expect(repo.git('tag', '-l', 'v1.2.3')).toBe('')
    expect(repo.git('rev-parse', 'v1^{commit}')).toBe(head)
    expect(version(repo.dir)).toBe('1.0.0')
  })

  it.each(['1.2', 'v1.2.3.4', '1.2.3-rc.1', '01.2.3', 'latest'])('refuses the version %s', (bad) => {
    const repo = makeRepo()
    const run = repo.release([bad])
    expect(run.status).toBe(2)
    expect(run.out).toContain('Version must look like 1.2.3')
    expect(repo.git('tag', '-l')).toBe('v1\nv1.0.0')
  })

  it('lists every unmet precondition at once and tags nothing', () => {
    const repo = makeRepo({ changelog: '# Changelog\n\n## Unreleased\n\n## 1.2.30\n' })
    repo.git('switch', '--quiet', '-c', 'feature')
    writeFileSync(join(repo.dir, 'README.md'), 'uncommitted\n')

    const run = repo.release(['1.2.3'])

    expect(run.status).toBe(1)
    expect(run.out).toContain('Releases are cut from main, not feature')
    expect(run.out).toContain('uncommitted changes')
    expect(run.out).toContain('CHANGELOG.md has no "## 1.2.3" section')
    expect(repo.git('tag', '-l')).toBe('v1\nv1.0.0')
    expect(version(repo.dir)).toBe('1.0.0')
  })

  it('refuses a version that is already tagged', () => {
    const repo = makeRepo({ changelog: '## 1.0.0\n' })
    const run = repo.release(['1.0.0'])
    expect(run.status).toBe(1)
    expect(run.out).toContain('The tag v1.0.0 already exists')
  })

  it('stops before tagging when a fresh bundle differs from the committed dist/', () => {
    const repo = makeRepo()
    const head = repo.git('rev-parse', 'HEAD')

    const run = repo.release(['1.2.3'], { FAKE_BUNDLE_DRIFT: '1' })

    expect(run.status).toBe(1)
    expect(run.out).toContain("dist/ does not match a fresh 'npm run bundle'")
    expect(repo.git('rev-parse', 'HEAD')).toBe(head)
    expect(repo.git('tag', '-l', 'v1.2.3')).toBe('')
    expect(version(repo.dir)).toBe('1.0.0')
  })
})
