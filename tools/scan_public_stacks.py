"""Export public IaC repositories at pinned commits and scan them with stackcheck.

The repositories and commits are listed in tests/reference_stacks/PUBLIC_STACKS.md, in the fenced block
that starts with ```public-stacks: one `owner/name@commit path...` per line (paths relative to the
repository root, the parts to scan). For each entry the script finds a bare clone of the repository
(--mirror DIR/owner+name/repo, the layout of the sandbox's fetch tool, else --cache DIR/owner+name.git,
cloned there with `git clone --bare` when --clone is given), exports the commit (`git ls-tree` and
`git cat-file`, skipping blobs a snapshot lacks) into OUT/owner+name@commit12/ and scans each path.
Nothing is written into this repository.

    python tools/scan_public_stacks.py                      # scan every entry, print a summary
    python tools/scan_public_stacks.py --json report.json   # also write every blocker as JSON
    python tools/scan_public_stacks.py --only widdix/aws-cf-templates
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "tests" / "reference_stacks" / "PUBLIC_STACKS.md"
ENTRY = re.compile(r"^(?P<repo>[\w.-]+/[\w.-]+)@(?P<commit>[0-9a-f]{40})\s+(?P<paths>.+)$")


@dataclass
class Entry:
    repo: str
    commit: str
    paths: list[str]


@dataclass
class Outcome:
    entry: Entry
    stacks: int = 0
    resources: int = 0
    blockers: list[dict] = field(default_factory=list)
    input_errors: int = 0
    internal_errors: list[str] = field(default_factory=list)
    problem: str | None = None
    absent_blobs: int = 0


def entries(text: str) -> list[Entry]:
    """The `owner/name@commit path...` lines of the ```public-stacks block."""
    out: list[Entry] = []
    inside = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            inside = stripped == "```public-stacks" if not inside else False
            continue
        if not inside or not stripped or stripped.startswith("#"):
            continue
        m = ENTRY.match(stripped)
        if m is None:
            raise SystemExit(f"{LIST}: cannot parse entry: {stripped!r}")
        out.append(Entry(m["repo"], m["commit"], m["paths"].split()))
    return out


def git_dir(repo: str, mirror: Path, cache: Path, clone: bool) -> Path | None:
    slug = repo.replace("/", "+")
    for candidate in (mirror / slug / "repo", cache / f"{slug}.git"):
        if (candidate / "HEAD").exists() or (candidate / "objects").is_dir():
            return candidate
    if not clone:
        return None
    target = cache / f"{slug}.git"
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "--bare", "--quiet", f"https://github.com/{repo}.git", str(target)], check=True)
    return target


def export(gdir: Path, commit: str, dest: Path) -> int:
    """Write the tree of `commit` into dest (replacing what was there); return how many blobs were absent.

    Snapshots may lack their largest blobs (`git archive` then fails), so the files are read with
    `git cat-file --batch` and absent blobs are skipped: stacks rarely depend on large binaries.
    """
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    git = ["git", f"--git-dir={gdir}"]
    listing = subprocess.run([*git, "ls-tree", "-r", "-z", "--full-tree", commit],
                             check=True, capture_output=True).stdout
    files: list[tuple[str, str]] = []
    for item in listing.split(b"\0"):
        if not item:
            continue
        meta, _, path = item.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        if kind == "blob" and mode != "120000":  # skip submodules and symlinks
            files.append((sha, path.decode(errors="replace")))
    wanted = "".join(f"{sha}\n" for sha, _ in files).encode()
    out = subprocess.run([*git, "cat-file", "--batch"], input=wanted, check=True, capture_output=True).stdout
    missing, pos = 0, 0
    root = dest.resolve()
    for _sha, path in files:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            missing += 1
            continue
        size = int(header[2])
        data, pos = out[pos:pos + size], pos + size + 1
        target = (dest / path).resolve()
        if not target.is_relative_to(root):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return missing


def scan_entry(entry: Entry, gdir: Path, out: Path) -> Outcome:
    from stackcheck.scan import ProgramOptions, scan

    result = Outcome(entry)
    dest = out / f"{entry.repo.replace('/', '+')}@{entry.commit[:12]}"
    result.absent_blobs = export(gdir, entry.commit, dest)
    for rel in entry.paths:
        target = dest / rel
        if not target.exists():
            result.problem = f"path {rel} not in {entry.repo}@{entry.commit[:12]}"
            continue
        # Programs (CDK/Pulumi) are not run: public repositories are scanned as static files only.
        scanned = scan([str(target)], programs=ProgramOptions(enabled=False), base=str(dest))
        result.stacks += len(scanned.stacks)
        result.resources += sum(len(s.resources) for s in scanned.stacks)
        result.input_errors += len(scanned.errors)
        result.internal_errors += scanned.internal_errors
        for f in scanned.findings:
            if f.blocker:
                result.blockers.append({
                    "rule_id": f.rule_id, "resource": f.resource, "attribute": f.attribute,
                    "file": str(Path(f.file).resolve().relative_to(dest.resolve())) if f.file else None,
                    "line": f.line, "message": f.message,
                })
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", type=Path, default=LIST, help="markdown file with the ```public-stacks block")
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"), help="directory of owner+name/repo git dirs")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/public-stacks-git"), help="bare clones made by --clone")
    ap.add_argument("--clone", action="store_true", help="git clone --bare repositories that are not present")
    ap.add_argument("--out", type=Path, default=Path("/tmp/public-stacks"), help="where the exports go")
    ap.add_argument("--only", action="append", default=[], help="scan only this owner/name (repeatable)")
    ap.add_argument("--json", type=Path, help="write every outcome, with each blocker, to this file")
    args = ap.parse_args(argv)

    todo = [e for e in entries(args.list.read_text()) if not args.only or e.repo in args.only]
    outcomes: list[Outcome] = []
    for entry in todo:
        gdir = git_dir(entry.repo, args.mirror, args.cache, args.clone)
        if gdir is None:
            outcomes.append(Outcome(entry, problem="no local clone (fetch it, or pass --clone)"))
            continue
        try:
            outcomes.append(scan_entry(entry, gdir, args.out))
        except subprocess.CalledProcessError as exc:
            outcomes.append(Outcome(entry, problem=f"git failed: {exc.stderr.decode(errors='replace').strip()}"))

    print(f"{'repository':50} {'commit':12} {'stacks':>6} {'resources':>9} {'blockers':>8} {'input-err':>9}")
    for o in outcomes:
        print(f"{o.entry.repo:50} {o.entry.commit[:12]:12} {o.stacks:6} {o.resources:9} {len(o.blockers):8} "
              f"{o.input_errors:9}" + (f"  ({o.problem})" if o.problem else "")
              + (f"  [{o.absent_blobs} absent blobs skipped]" if o.absent_blobs else ""))
        for b in o.blockers:
            print(f"    {b['rule_id']} {b['resource']} {b['file']}:{b['line']}: {b['message'][:160]}")
        for err in o.internal_errors:
            print(f"    INTERNAL {err}")
    if args.json:
        args.json.write_text(json.dumps([
            {"repo": o.entry.repo, "commit": o.entry.commit, "paths": o.entry.paths, "stacks": o.stacks,
             "resources": o.resources, "input_errors": o.input_errors, "internal_errors": o.internal_errors,
             "problem": o.problem, "absent_blobs": o.absent_blobs, "blockers": o.blockers} for o in outcomes],
            indent=2))
    return 1 if any(o.problem for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
