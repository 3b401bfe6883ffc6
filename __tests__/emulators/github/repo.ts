/**
 * Handlers for the repository around the issues: the repo itself, issue types and fields, file contents,
 * collaborator permission and rate limit (search lives in search.ts).
 */
import { createHash } from 'node:crypto'
import { fail, type Context, type Handler } from './context.js'
import { issueTypeJson, stableId, userJson } from './shapes.js'
import type { EmulatorState } from './state.js'

// GitHub reports `permission` in the old four-value scale; `role_name` keeps the real role.
const LEGACY_PERMISSION: Record<string, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none'
}

function requireOrg(ctx: Context): void {
  if (String(ctx.params.org).toLowerCase() !== ctx.state.owner.toLowerCase()) fail(ctx, 404, 'Not Found')
}

function issueTypes(ctx: Context): ReturnType<typeof issueTypeJson>[] {
  if (!ctx.state.issueTypes) fail(ctx, 404, 'Not Found')
  return ctx.state.issueTypes.map(issueTypeJson)
}

/** The content API's base64: wrapped every 60 characters with a trailing newline, as GitHub sends it. */
/** From this size on, `GET .../contents/{path}` answers `encoding: "none"` and an empty `content`. */
export const LARGE_FILE_BYTES = 1024 * 1024

function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64')
  return (encoded.match(/.{1,60}/g) ?? []).join('\n') + '\n'
}

function contentEntry(ctx: Context, path: string, type: 'file' | 'dir'): Record<string, unknown> {
  const { owner, repo, defaultBranch } = ctx.state
  const text = ctx.state.files[path] ?? ''
  const bytes = Buffer.from(text, 'utf8')
  const sha = createHash('sha1')
    .update(`blob ${type === 'file' ? bytes.length : 0}\0`)
    .update(type === 'file' ? bytes : '')
    .digest('hex')
  const url = `${ctx.base}/repos/${owner}/${repo}/contents/${path}?ref=${defaultBranch}`
  const gitUrl = `${ctx.base}/repos/${owner}/${repo}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`
  const htmlUrl = `https://github.com/${owner}/${repo}/${type === 'file' ? 'blob' : 'tree'}/${defaultBranch}/${path}`
  return {
    type,
    size: type === 'file' ? bytes.length : 0,
    name: path.split('/').at(-1) ?? path,
    path,
    sha,
    url,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url:
      type === 'file' ? `https://raw.githubusercontent.com/${owner}/${repo}/${defaultBranch}/${path}` : null,
    _links: { self: url, git: gitUrl, html: htmlUrl }
  }
}

const REPO_URL_FIELDS: Record<string, string> = {
  archive_url: '/{archive_format}{/ref}',
  assignees_url: '/assignees{/user}',
  blobs_url: '/git/blobs{/sha}',
  branches_url: '/branches{/branch}',
  collaborators_url: '/collaborators{/collaborator}',
  comments_url: '/comments{/number}',
  commits_url: '/commits{/sha}',
  compare_url: '/compare/{base}...{head}',
  contents_url: '/contents/{+path}',
  contributors_url: '/contributors',
  deployments_url: '/deployments',
  downloads_url: '/downloads',
  events_url: '/events',
  forks_url: '/forks',
  git_commits_url: '/git/commits{/sha}',
  git_refs_url: '/git/refs{/sha}',
  git_tags_url: '/git/tags{/sha}',
  hooks_url: '/hooks',
  issue_comment_url: '/issues/comments{/number}',
  issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}',
  keys_url: '/keys{/key_id}',
  labels_url: '/labels{/name}',
  languages_url: '/languages',
  merges_url: '/merges',
  milestones_url: '/milestones{/number}',
  notifications_url: '/notifications{?since,all,participating}',
  pulls_url: '/pulls{/number}',
  releases_url: '/releases{/id}',
  stargazers_url: '/stargazers',
  statuses_url: '/statuses/{sha}',
  subscribers_url: '/subscribers',
  subscription_url: '/subscription',
  tags_url: '/tags',
  teams_url: '/teams',
  trees_url: '/git/trees{/sha}'
}

/** The full repository object of `GET /repos/{owner}/{repo}`. */
function repoJson(base: string, state: EmulatorState): Record<string, unknown> {
  const url = `${base}/repos/${state.owner}/${state.repo}`
  const id = stableId(`${state.owner}/${state.repo}`)
  const open = [...state.issues.values()].filter((i) => i.state === 'open').length
  const web = `https://github.com/${state.owner}/${state.repo}`
  return {
    id,
    node_id: `R_kgDO${Buffer.from(String(id)).toString('base64url')}`,
    name: state.repo,
    full_name: `${state.owner}/${state.repo}`,
    owner: { ...userJson(base, { login: state.owner, type: 'User' }), type: 'Organization' },
    private: false,
    html_url: web,
    description: null,
    fork: false,
    url,
    ...Object.fromEntries(Object.entries(REPO_URL_FIELDS).map(([field, suffix]) => [field, url + suffix])),
    clone_url: `${web}.git`,
    git_url: `git://github.com/${state.owner}/${state.repo}.git`,
    ssh_url: `git@github.com:${state.owner}/${state.repo}.git`,
    svn_url: web,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    size: 1024,
    default_branch: state.defaultBranch,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    open_issues: open,
    open_issues_count: open,
    network_count: 0,
    subscribers_count: 1,
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    license: null,
    pushed_at: '2024-01-01T00:00:00Z',
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z'
  }
}

/** Handlers keyed by operationId. */
export const repoHandlers: Record<string, Handler> = {
  'repos/get': (ctx) => ({ status: 200, body: repoJson(ctx.base, ctx.state) }),

  'repos/list-issue-types': (ctx) => ({ status: 200, body: issueTypes(ctx) }),

  'orgs/list-issue-types': (ctx) => {
    requireOrg(ctx)
    return { status: 200, body: issueTypes(ctx) }
  },

  'orgs/list-issue-fields': (ctx) => {
    requireOrg(ctx)
    return { status: 200, body: [] }
  },

  'repos/get-content': (ctx) => {
    const path = String(ctx.params.path).replace(/^\/+|\/+$/g, '')
    const files = ctx.state.files
    if (path in files) {
      if (/application\/vnd\.github(\.v3)?\.raw/.test(ctx.headers.accept ?? '')) {
        return {
          status: 200,
          body: files[path],
          headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' }
        }
      }
      // GitHub answers a file of 1 MB or more without its content: only the raw media type returns it.
      const large = Buffer.byteLength(files[path] ?? '', 'utf8') >= LARGE_FILE_BYTES
      return {
        status: 200,
        body: {
          ...contentEntry(ctx, path, 'file'),
          content: large ? '' : base64Lines(files[path] ?? ''),
          encoding: large ? 'none' : 'base64'
        }
      }
    }
    const children = new Set(
      Object.keys(files)
        .filter((f) => f.startsWith(`${path}/`))
        .map((f) => f.slice(path.length + 1).split('/')[0] ?? '')
    )
    if (!children.size) fail(ctx, 404, 'Not Found')
    return {
      status: 200,
      body: [...children].sort().map((name) => {
        const child = `${path}/${name}`
        return contentEntry(ctx, child, child in files ? 'file' : 'dir')
      })
    }
  },

  'repos/get-collaborator-permission-level': (ctx) => {
    const login = String(ctx.params.username)
    const role = ctx.state.permissions[login] ?? ctx.state.permissions[login.toLowerCase()] ?? 'read'
    const permission = LEGACY_PERMISSION[role] ?? 'read'
    const user = {
      ...userJson(ctx.base, { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' }),
      role_name: role
    }
    return { status: 200, body: { permission, role_name: role, user } }
  },

  'rate-limit/get': (ctx) => {
    const bucket = (name: 'core' | 'search') => {
      const { limit, used } = ctx.state.rate[name]
      return { limit, used, remaining: Math.max(0, limit - used), reset: ctx.state.rate.reset }
    }
    return {
      status: 200,
      body: { resources: { core: bucket('core'), search: bucket('search') }, rate: bucket('core') }
    }
  }
}
