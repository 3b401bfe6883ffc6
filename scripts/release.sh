#!/usr/bin/env bash
# Cuts a release: scripts/release.sh X.Y.Z [--dry-run] [--push]   (or npm run release -- X.Y.Z)
#
# Workflows run the committed dist/, and users pin either an exact tag (v1.2.3) or the major tag (v1),
# so a release is: a bundle that matches src/, a CHANGELOG entry, the version in package.json, an
# annotated tag, and v1 moved to it. Nothing is pushed unless --push is given, because moving v1
# changes what every `uses: OWNER/REPO@v1` workflow runs on its next event.
set -euo pipefail

usage() {
  echo "Usage: scripts/release.sh X.Y.Z [--dry-run] [--push]" >&2
  exit 2
}

version=''
dry_run=false
push=false
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=true ;;
    --push) push=true ;;
    -h | --help) usage ;;
    -*) echo "Unknown option: $arg" >&2 && usage ;;
    *)
      [ -z "$version" ] || usage
      version="${arg#v}"
      ;;
  esac
done
[ -n "$version" ] || usage

# Plain X.Y.Z only: a pre-release must not move the major tag that users follow.
if ! [[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
  echo "Version must look like 1.2.3 (got \"$version\")." >&2
  exit 2
fi
tag="v$version"
major="v${version%%.*}"
remote="${RELEASE_REMOTE:-origin}"

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Prints each step; runs it unless this is a dry run.
step() {
  echo "+ $*"
  if ! $dry_run; then "$@"; fi
}

# Read-only checks run in both modes, and all are reported at once, so a dry run lists every fix.
problems=()
branch="$(git symbolic-ref --quiet --short HEAD || echo '(detached HEAD)')"
[ "$branch" = main ] || problems+=("Releases are cut from main, not $branch: git switch main.")
[ -z "$(git status --porcelain)" ] ||
  problems+=("The working tree has uncommitted changes (git status): commit or stash them first.")
git rev-parse --quiet --verify "refs/tags/$tag" > /dev/null &&
  problems+=("The tag $tag already exists: choose the next version.")
# Keep a Changelog headings: "## 1.2.3", "## [1.2.3]" or "## [1.2.3] - 2026-01-31".
heading="^## \\[?${version//./\\.}\\]?([[:space:]]|$)"
grep -Eq "$heading" CHANGELOG.md 2> /dev/null ||
  problems+=("CHANGELOG.md has no \"## $version\" section: rename \"## Unreleased\" to \"## $version - $(date +%F)\".")
if [ ${#problems[@]} -gt 0 ]; then
  printf 'Cannot release %s:\n' "$tag" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 1
fi

$dry_run && echo "Dry run: the steps below are printed, not run."

# ncc output depends on the installed dependencies, so rebuild and compare rather than trust dist/.
step npm run bundle --silent
if ! $dry_run && [ -n "$(git status --porcelain -- dist/)" ]; then
  git status --short -- dist/ >&2
  echo "dist/ does not match a fresh 'npm run bundle': commit the rebuilt dist/ on main, then run this again." >&2
  exit 1
fi

step npm version "$version" --no-git-tag-version --allow-same-version
# Releasing the version package.json already has (the first release) leaves nothing to commit.
if $dry_run || ! git diff --quiet -- package.json package-lock.json; then
  step git commit --quiet -m "Release $tag" -- package.json package-lock.json
fi

# The tag's message is the CHANGELOG section, so `git show v1.2.3` says what changed.
notes="$(mktemp)"
trap 'rm -f "$notes"' EXIT
{
  echo "$tag"
  echo
  H="$heading" awk '$0 ~ ENVIRON["H"] { on = 1; next } on && /^## / { exit } on' CHANGELOG.md
} > "$notes"
step git tag -a "$tag" -F "$notes"
step git tag -fa "$major" -m "$major: moved to $tag"

# The major tag moves, so it needs --force; the exact tag never does.
if $push; then
  step git push "$remote" main "$tag"
  step git push --force "$remote" "$major"
else
  echo
  if $dry_run; then echo "Then, to publish:"; else echo "Released $tag locally and moved $major to it. To publish:"; fi
  echo "  git push $remote main $tag"
  echo "  git push --force $remote $major"
fi
