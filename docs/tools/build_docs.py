"""Builds gingham's documentation with Sphinx, warnings as errors (ctest: docs_sphinx).

Usage: build_docs.py <repository root> <build dir>   (PYTHONPATH must hold <build tree>/python)

Mirrors the repository's Markdown pages (README.md, docs/*.md, benchmarks/README.md, the READMEs under
distributions/ and include/; build trees and hidden folders left out) into <build dir>/source at their own
paths, so that links between them (`../README.md` from a docs page, `docs/io.md` from the README) resolve as
they do in the repository; puts docs/conf.py at its root (the site's front page is docs/index), writes the
C++ API page as docs/cpp-api.md (cpp_api_page.py), and runs `sphinx-build -W --keep-going -n -b html` into
<build dir>/html. The source tree is never written to. Exit status: sphinx-build's.
"""

import os

import pathlib
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cpp_api_page  # noqa: E402


def markdown_pages(root, build):
    """The repository's .md files, build trees (any folder holding a CMakeCache.txt) and hidden folders left out."""
    pages = []
    for folder, subfolders, files in os.walk(root):
        here = pathlib.Path(folder)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and here / d != build
                               and not (here / d / "CMakeCache.txt").exists())
        pages += [here / f for f in sorted(files) if f.endswith(".md")]
    return pages


def main(argv):
    if len(argv) != 3:
        sys.exit(f"usage: {argv[0]} <repository root> <build dir>")
    root, build = pathlib.Path(argv[1]).resolve(), pathlib.Path(argv[2]).resolve()
    source = build / "source"
    for stale in ("source", "html", "doctrees"):  # a full build each time: pages removed stay removed
        shutil.rmtree(build / stale, ignore_errors=True)
    source.mkdir(parents=True)
    for page in markdown_pages(root, build):
        target = source / page.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(page, target)
    shutil.copy2(root / "docs" / "conf.py", source / "conf.py")
    (source / "docs" / "cpp-api.md").write_text(cpp_api_page.page(root), encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html",
               "-d", str(build / "doctrees"), str(source), str(build / "html")]
    print(" ".join(command), flush=True)
    status = subprocess.call(command)
    print(f"docs: {'built; open ' + str(build / 'html' / 'docs' / 'index.html') if status == 0 else 'FAILED (warnings are errors)'}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
