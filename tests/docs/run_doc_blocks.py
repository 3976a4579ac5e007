"""Runs the code blocks of README.md and docs/*.md at the rank count each one names (ctest: docs_blocks_np<N>).

Usage:
  run_doc_blocks.py --root <repository> --build <build tree> --ranks N    run every block marked ranks=N
  run_doc_blocks.py --root <repository> --list-ranks                      print the rank counts in use

Every ```python, ```sh/```bash and ```cpp block must be preceded (on the line above its fence) by one of
  <!-- run: ranks=N -->                    run it on N MPI ranks (optionally: timeout=SECONDS)
  <!-- not run: <reason> -->               never run; the reason is said in the page's source
A block with neither fails every run, naming its file and line, so a new example cannot go untested by
accident. One exception: README.md's first block, the two commands (setup and this very test suite), which
must stay the README's first lines exactly (a contract with CI) and so carry no marker. How blocks run, each in a fresh scratch folder holding links to the repository's examples/,
scripts/, slurm/ and benchmarks/ and to the build tree as build/ (so relative paths work and files the
block writes land in scratch):
  python  scripts/mpi-launch.sh N <timeout> /usr/bin/python3 block.py
  sh      bash -eo pipefail block.sh, with scripts/mpi-env.sh sourced (the block launches its own ranks;
          N is what it uses at most), under `timeout`
  cpp     compiled with mpicxx -std=c++20 against the build tree (include/, libgingham), then
          scripts/mpi-launch.sh N <timeout> ./block
A failure prints the block's file:line, its output, and ends the run with status 1.
"""

import argparse
import dataclasses
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

RUNNABLE = {"python": "python", "py": "python", "sh": "sh", "bash": "sh", "cpp": "cpp", "c++": "cpp"}
RUN_MARK = re.compile(r"^<!--\s*run:\s*ranks=(\d+)(?:\s+timeout=(\d+))?\s*-->\s*$")
SKIP_MARK = re.compile(r"^<!--\s*not run:\s*\S.*-->\s*$")
FENCE = re.compile(r"^(```+)\s*([\w+-]*)")
DEFAULT_TIMEOUT = 300


@dataclasses.dataclass
class Block:
    path: pathlib.Path
    line: int          # the fence's line, 1-based
    language: str      # python, sh or cpp
    code: str
    ranks: int | None  # None: not run
    timeout: int


def blocks_of(path, errors, exempt_first=False):
    """The runnable-language blocks of one Markdown file; unmarked ones are appended to `errors`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found, i = [], 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, language = match.group(1), match.group(2).lower()
        end = i + 1
        while end < len(lines) and not lines[end].startswith(fence):
            end += 1
        if exempt_first:
            exempt_first = False
        elif language in RUNNABLE:
            above = lines[i - 1].strip() if i > 0 else ""
            run, skip = RUN_MARK.match(above), SKIP_MARK.match(above)
            if run:
                found.append(Block(path, i + 1, RUNNABLE[language], "\n".join(lines[i + 1:end]) + "\n",
                                   int(run.group(1)), int(run.group(2) or DEFAULT_TIMEOUT)))
            elif not skip:
                errors.append(f"{path}:{i + 1}: a ```{language} block without a marker on the line above its "
                              "fence: expected <!-- run: ranks=N --> or <!-- not run: reason -->")
        i = end + 1
    return found


def all_blocks(root):
    errors, blocks = [], []
    pages = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
    for page in pages:
        if page.exists():
            blocks += blocks_of(page, errors, exempt_first=page.name == "README.md" and page.parent == root)
    return blocks, errors


def scratch_folder(root, build):
    folder = pathlib.Path(tempfile.mkdtemp(prefix="gingham-doc-block-"))
    for name in ("examples", "scripts", "slurm", "benchmarks"):
        (folder / name).symlink_to(root / name)
    (folder / "build").symlink_to(build)
    return folder


def command_for(block, folder, root, build):
    """The command that runs `block` in `folder` (compiling a C++ block first)."""
    launch = [str(root / "scripts" / "mpi-launch.sh"), str(block.ranks), str(block.timeout)]
    if block.language == "python":
        (folder / "block.py").write_text(block.code, encoding="utf-8")
        return launch + ["/usr/bin/python3", "block.py"]
    if block.language == "sh":
        script = f"source {root / 'scripts' / 'mpi-env.sh'}\nset -eo pipefail\n{block.code}"
        (folder / "block.sh").write_text(script, encoding="utf-8")
        return ["timeout", "--kill-after=10", str(block.timeout), "bash", "block.sh"]
    (folder / "block.cpp").write_text(block.code, encoding="utf-8")
    compile_command = ["mpicxx", "-std=c++20", "-O1", f"-I{root / 'include'}", f"-I{build / 'include'}",
                       "block.cpp", "-o", "block", f"-L{build}", "-lgingham", f"-Wl,-rpath,{build}"]
    compiled = subprocess.run(compile_command, cwd=folder, capture_output=True, text=True, timeout=600)
    if compiled.returncode != 0:
        raise RuntimeError(f"compiling failed: {' '.join(compile_command)}\n{compiled.stdout}{compiled.stderr}")
    return launch + ["./block"]


def run_block(block, root, build):
    """None when the block ran and exited 0, else a report."""
    folder = scratch_folder(root, build)
    env = dict(os.environ, PYTHONPATH=str(build / "python"), PYTHONDONTWRITEBYTECODE="1")
    try:
        command = command_for(block, folder, root, build)
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True,
                              timeout=block.timeout + 60)
        if done.returncode == 0:
            return None
        why = "timed out" if done.returncode in (124, 137) else f"exit status {done.returncode}"
        return f"{why}\n--- output\n{done.stdout}{done.stderr}"
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return str(error)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, type=pathlib.Path)
    parser.add_argument("--build", type=pathlib.Path)
    parser.add_argument("--ranks", type=int)
    parser.add_argument("--list-ranks", action="store_true")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    blocks, errors = all_blocks(root)
    if args.list_ranks:
        print(";".join(str(n) for n in sorted({b.ranks for b in blocks})))
        return 0
    if args.build is None or args.ranks is None:
        parser.error("--build and --ranks are required to run blocks")
    for error in errors:
        print(f"FAILED {error}")
    chosen = [b for b in blocks if b.ranks == args.ranks]
    if not chosen:
        print(f"FAILED no block of README.md or docs/*.md is marked ranks={args.ranks}")
        return 1
    failures = len(errors)
    for block in chosen:
        where = f"{block.path.relative_to(root)}:{block.line}"
        report = run_block(block, root, args.build.resolve())
        if report is None:
            print(f"ok     {where} ({block.language}, {block.ranks} ranks)", flush=True)
        else:
            failures += 1
            print(f"FAILED {where} ({block.language}, {block.ranks} ranks): {report}", flush=True)
    print(f"doc blocks at {args.ranks} ranks: {len(chosen) - (failures - len(errors))} passed, "
          f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
