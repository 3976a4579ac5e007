"""Builds gingham's documentation with Sphinx, warnings as errors (ctest: docs_sphinx).

Usage: build_docs.py <repository root> <build dir>   (PYTHONPATH must hold <build tree>/python)

Copies docs/*.md and docs/conf.py into <build dir>/source, writes the C++ API page there
(cpp_api_page.py), and runs `sphinx-build -W --keep-going -n -b html` into <build dir>/html. The source
tree is never written to. Exit status: sphinx-build's.
"""

import pathlib
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cpp_api_page  # noqa: E402


def main(argv):
    if len(argv) != 3:
        sys.exit(f"usage: {argv[0]} <repository root> <build dir>")
    root, build = pathlib.Path(argv[1]).resolve(), pathlib.Path(argv[2]).resolve()
    source = build / "source"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    for page in sorted((root / "docs").glob("*.md")) + [root / "docs" / "conf.py"]:
        shutil.copy2(page, source / page.name)
    (source / "cpp-api.md").write_text(cpp_api_page.page(root), encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html",
               "-d", str(build / "doctrees"), str(source), str(build / "html")]
    print(" ".join(command), flush=True)
    status = subprocess.call(command)
    print(f"docs: {'built into ' + str(build / 'html') if status == 0 else 'FAILED (warnings are errors)'}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
